import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { extractCommand } from '../src/cli/commands/extract.command.ts';
import { ingestCommand } from '../src/cli/commands/ingest.command.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { sha256Hex } from '../src/domain/text.ts';
import { createLogger } from '../src/logger.ts';
import { createRepositories } from '../src/repositories/index.ts';
import { unique } from './support/test-app.ts';

class Collect extends Writable {
  data = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.data += chunk.toString('utf8');
    done();
  }
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'whosaid-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const logger = createLogger({ logLevel: 'silent' });

describe('whosaid extract', () => {
  it('prints exactly one contract-shaped JSON line per file, through the real bin, with no database', () => {
    const a = path.join(dir, `${unique('a')}.txt`);
    const b = path.join(dir, `${unique('b')}.txt`);
    writeFileSync(a, 'Intro line.\n“We are ready,” said Mayor Ana Ortiz.\n“Really ready.”\n');
    writeFileSync(b, 'No quotes here at all.');
    const run = spawnSync(process.execPath, ['bin/whosaid.js', 'extract', a, b], {
      encoding: 'utf8',
      // A database path that cannot be created proves extract never opens one.
      env: { PATH: '/usr/bin:/bin', DATABASE_URL: 'file:/nonexistent-dir/whosaid.db' },
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const lines = run.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[0].file).toBe(a);
    expect(lines[1]).toEqual({ file: b, quotes: [] });
    const [first, second] = lines[0].quotes;
    expect(Object.keys(first)).toEqual(['text', 'start', 'end', 'kind', 'speaker', 'cue', 'confidence', 'needsReview']);
    expect(first).toMatchObject({ text: 'We are ready', start: 13, end: 25, kind: 'direct', speaker: { name: 'Ana Ortiz', start: 39, end: 48 }, cue: { text: 'said', start: 28, end: 32 } });
    // The continuing paragraph carries the speaker over: no cue of its own, the mention that introduced the words.
    expect(second).toMatchObject({ text: 'Really ready.', speaker: { name: 'Ana Ortiz', start: 39, end: 48 }, cue: null });
  });

  it('reports an unreadable file on stderr with exit code 66 and still prints the others', async () => {
    const ok = path.join(dir, `${unique('ok')}.txt`);
    writeFileSync(ok, '“Fine,” he said.');
    const stdout = new Collect();
    const stderr = new Collect();
    const code = await extractCommand.run([path.join(dir, 'missing.txt'), ok], { config: loadConfig({}), logger, stdout, stderr });
    expect(code).toBe(66);
    expect(stderr.data).toMatch(/missing\.txt: ENOENT/);
    expect(stdout.data.trim().split('\n')).toHaveLength(1);
  });
});

describe('whosaid ingest', () => {
  it('stores text and JSON files from a directory, reports a summary, and counts a second run as duplicates', async () => {
    const databasePath = path.join(dir, `${unique('db')}.db`);
    copyFileSync(inject('templateDatabase'), databasePath);
    const config = { ...loadConfig({ DATABASE_URL: `file:${databasePath}` }), seedOnStart: false };
    const articles = path.join(dir, unique('articles'));
    mkdirSync(path.join(articles, 'nested'), { recursive: true });
    writeFileSync(path.join(articles, 'one.txt'), `“The dam is safe,” said engineer ${unique('Zed').replace(/\d/g, 'q')} Okafor.`);
    const jsonText = `The Fire Department said two people had been hurt in the ${unique('k')} fire.\nPolice said nobody had been arrested.`;
    writeFileSync(path.join(articles, 'nested', 'two.json'), JSON.stringify({ text: jsonText, outlet: 'Test Wire', publishedOn: '2025-05-08' }));
    writeFileSync(path.join(articles, 'bad.json'), JSON.stringify({ text: 'x', publishedOn: 'yesterday' }));

    const stdout = new Collect();
    const stderr = new Collect();
    const code = await ingestCommand.run([articles], { config, logger, stdout, stderr });
    expect(code).toBe(65);
    expect(stderr.data).toMatch(/bad\.json: publishedOn/);
    expect(stderr.data).toMatch(/\[#+\] 3\/3/);
    expect(stdout.data).toMatch(/documents stored: 2\n/);
    expect(stdout.data).toMatch(/quotes found: 3 \(new quotes: 2, new occurrences: 2\)/);
    // "Police said …" has no named speaker: found, but not filed under a catch-all "Police" identity.
    expect(stdout.data).toMatch(/not stored \(unnamed speaker, e\.g\. "officials said"\): 1\n/);
    expect(stdout.data).toMatch(/new speakers: 2\n/);

    const db = openDatabase(databasePath);
    const stored = createRepositories(db).documents.findBySha256(sha256Hex(jsonText));
    await db.close();
    expect(stored).toMatchObject({ outlet: 'Test Wire', publishedOn: '2025-05-08' });

    const again = new Collect();
    await ingestCommand.run([articles], { config, logger, stdout: again, stderr: new Collect() });
    expect(again.data).toMatch(/documents stored: 0\nduplicates \(already stored, unchanged\): 2\n/);
  });
});
