import { parseArgs } from 'node:util';
import { runMain } from '../../src/cli/run-main.ts';
import { writeQuotebankFile } from './generate.ts';

/** `npm run gen:quotebank -- --out FILE [--layout quote|article] [--quotes N] [--gzip] [--seed N]`: a synthetic Quotebank file. */
async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      layout: { type: 'string', default: 'quote' },
      quotes: { type: 'string', default: '100000' },
      out: { type: 'string' },
      gzip: { type: 'boolean', default: false },
      seed: { type: 'string' },
    },
  });
  const layout = values.layout === 'article' ? 'article' : values.layout === 'quote' ? 'quote' : null;
  if (layout === null || values.out === undefined) {
    process.stderr.write('Usage: npm run gen:quotebank -- --out FILE [--layout quote|article] [--quotes N] [--gzip] [--seed N]\n');
    return 64;
  }
  const lines = await writeQuotebankFile(values.out, {
    layout,
    quotes: Number(values.quotes),
    ...(values.seed === undefined ? {} : { seed: Number(values.seed) }),
    gzip: values.gzip,
    ambiguousEvery: 20,
    noSpeakerEvery: 50,
    mismatchEvery: 100,
  });
  process.stderr.write(`${lines} lines written to ${values.out}\n`);
  return 0;
}

runMain(main);
