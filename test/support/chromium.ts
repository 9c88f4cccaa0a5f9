import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress } from 'node:zlib';

/**
 * The browser tests drive the headless Chromium that the npm package @sparticuz/chromium ships
 * (Linux x64, brotli-compressed), so `npm install && npm test` needs no browser installed by hand and
 * no download at run time. This file only unpacks that binary; none of the package's serverless code
 * (or its flags, which turn web security off) is used.
 */
const PACKAGE = '@sparticuz/chromium';

function packageRoot(): string {
  let dir = path.dirname(createRequire(import.meta.url).resolve(PACKAGE));
  while (!existsSync(path.join(dir, 'package.json')) || readPackage(dir).name !== PACKAGE) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`${PACKAGE} is not installed: run npm install`);
    dir = parent;
  }
  return dir;
}

function readPackage(dir: string): { name?: string; version?: string } {
  return JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
}

function unsupportedPlatform(): string | null {
  if (process.platform === 'linux' && process.arch === 'x64') return null;
  return `the browser tests need Linux x64 (${PACKAGE} ships Chromium for it only); this is ${process.platform} ${process.arch}`;
}

/**
 * Unpacks Chromium before the test processes start, where it can run; elsewhere the other suites still
 * run and each browser suite fails, saying why.
 */
export async function unpackChromiumAhead(): Promise<void> {
  if (unsupportedPlatform() === null) await chromiumExecutable();
}

/**
 * Path of the unpacked Chromium, unpacking it on first use into node_modules/.cache (one folder per
 * package version, so an upgrade never runs a stale binary). Safe to call from parallel processes:
 * each writes its own temporary file and renames it into place.
 */
export async function chromiumExecutable(): Promise<string> {
  const unsupported = unsupportedPlatform();
  if (unsupported !== null) throw new Error(unsupported);
  const root = packageRoot();
  const compressed = path.join(root, 'bin', 'chromium.br');
  if (!existsSync(compressed)) throw new Error(`${compressed} is missing: reinstall with npm ci`);
  const dir = path.resolve(root, '..', '..', '.cache', 'whosaid-chromium', readPackage(root).version ?? 'unknown');
  const executable = path.join(dir, 'chromium');
  if (existsSync(executable)) return executable;
  mkdirSync(dir, { recursive: true });
  const partial = `${executable}.${process.pid}.partial`;
  await pipeline(createReadStream(compressed), createBrotliDecompress(), createWriteStream(partial, { mode: 0o755 }));
  renameSync(partial, executable);
  return executable;
}
