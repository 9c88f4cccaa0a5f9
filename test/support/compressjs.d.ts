/** The part of compressjs (pure-JavaScript bzip2) the tests use to make bzip2 files. */
declare module 'compressjs' {
  const compressjs: { Bzip2: { compressFile(input: Uint8Array): Uint8Array | number[] } };
  export default compressjs;
}
