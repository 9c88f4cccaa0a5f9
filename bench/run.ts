import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { backupSuite } from './backup.bench.ts';
import { costSuite } from './cost.bench.ts';
import { eventLoopSuite } from './event-loop.bench.ts';
import { buildCorpus, type CorpusReport } from './corpus/generate.ts';
import { exportSuite } from './export.bench.ts';
import { extractSuite } from './extract.bench.ts';
import { httpSuite } from './http.bench.ts';
import { ingestSuite } from './ingest.bench.ts';
import { quotebankSuite } from './quotebank.bench.ts';
import { searchSuite } from './search.bench.ts';
import { stemmingSuite } from './stemming.bench.ts';
import type { Suite, SuiteResult } from './suite.ts';
import { verifySuite } from './verify.bench.ts';
import { runMain } from '../src/cli/run-main.ts';

/**
 * `npm run bench -- --help` prints the options (USAGE below).
 *
 * Runs benchmark suites against a corpus database. Without --db a corpus is
 * generated into a temporary file first (its import rate is reported). Other
 * suites plug in by implementing `Suite` (bench/suite.ts) and joining SUITES.
 */
const USAGE = `npm run bench [-- --quick] [--db FILE | --quotes N] [--suites a,b]

  --db FILE     run against this corpus database (build one: npm run bench:corpus -- --quotes N --db FILE)
  --quotes N    without --db: generate a corpus of N quotes into a temporary file first (default 100000, --quick 20000)
  --suites a,b  only these suites (default: all)
  --quick       smaller runs`;

const SUITES: Suite[] = [searchSuite, httpSuite, ingestSuite, quotebankSuite, exportSuite, stemmingSuite, verifySuite, extractSuite, costSuite, backupSuite, eventLoopSuite];

function table(rows: SuiteResult['rows']): string {
  const first = rows[0];
  if (first === undefined) return '(no rows)\n';
  const columns = Object.keys(first);
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(columns), line(columns.map(() => '---')), ...rows.map((r) => line(columns.map((c) => String(r[c] ?? '–'))))].join('\n') + '\n';
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      db: { type: 'string' },
      quotes: { type: 'string' },
      suites: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  const log = (line: string) => process.stderr.write(`${line}\n`);
  if (values.help) {
    process.stdout.write(`${USAGE}\nSuites: ${SUITES.map((s) => `${s.name} (${s.description})`).join('; ')}\n`);
    return 0;
  }
  const wanted = values.suites?.split(',') ?? SUITES.map((s) => s.name);
  const unknown = wanted.filter((n) => !SUITES.some((s) => s.name === n));
  if (unknown.length > 0) {
    log(`Unknown suite(s): ${unknown.join(', ')}. Available: ${SUITES.map((s) => s.name).join(', ')}`);
    return 64;
  }
  let db = values.db;
  let tmp: string | null = null;
  let corpus: CorpusReport | null = null;
  if (db === undefined) {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'whosaid-bench-'));
    db = path.join(tmp, 'corpus.db');
    const quotes = Number(values.quotes ?? (values.quick ? 20_000 : 100_000));
    corpus = await buildCorpus({ quotes, db, log });
  }
  const started = new Date();
  const output: string[] = [
    `# whosaid benchmarks — ${started.toISOString()} — ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}${values.quick ? ', --quick' : ''}`,
    `corpus: ${db}`,
  ];
  if (corpus !== null) output.push('', '## corpus (bulk load)', table([{ ...corpus }]));
  const results: SuiteResult[] = [];
  try {
    for (const suite of SUITES.filter((s) => wanted.includes(s.name))) {
      log(`suite ${suite.name}: ${suite.description}`);
      const result = await suite.run({ db, quick: values.quick, log });
      results.push(result);
      output.push('', `## ${result.name}`, ...result.notes.map((n) => `_${n}_`), '', table(result.rows));
    }
  } finally {
    if (tmp !== null) rmSync(tmp, { recursive: true, force: true });
  }
  process.stdout.write(`${output.join('\n')}\n`);
  log(`done in ${((Date.now() - started.getTime()) / 1000).toFixed(1)} s`);
  return 0;
}

runMain(main);
