import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportCommand } from '../src/cli/commands/export.command.ts';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';
import { createTestApp, type TestApp } from './support/test-app.ts';

class Collect extends Writable {
  data = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.data += chunk.toString('utf8');
    done();
  }
}

describe('whosaid export', () => {
  let t: TestApp;
  let dir: string;
  const logger = createLogger({ logLevel: 'silent' });
  const config = () => loadConfig({ DATABASE_URL: t.databaseUrl, PUBLISHER_URL: 'https://desk.example' });
  beforeAll(async () => {
    t = await createTestApp({ seed: true });
    dir = mkdtempSync(path.join(os.tmpdir(), 'whosaid-export-'));
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('when given a search and --out, then the file holds the same rows as the HTTP export, and stderr the count', async () => {
    const out = path.join(dir, 'ushakov.csv');
    const stdout = new Collect();
    const stderr = new Collect();
    const code = await exportCommand.run(['--speaker', 'yury-ushakov', '--bom', '--out', out], { config: config(), logger, stdout, stderr });
    expect(code).toBe(0);
    expect(stdout.data).toBe('');
    const file = readFileSync(out, 'utf8');
    expect(file.startsWith('\uFEFFid,text,kind,speaker,')).toBe(true);
    const rows = file.slice(1).trimEnd().split('\r\n').slice(1);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.includes(',Yury Ushakov,yury-ushakov,') && r.includes('https://desk.example/quotes/'))).toBe(true);
    expect(stderr.data).toMatch(new RegExp(`exported ${rows.length} quotes`));
  });

  it('when --format ndjson without --out, then NDJSON goes to stdout; a bad filter exits 64 without output', async () => {
    const stdout = new Collect();
    expect(await exportCommand.run(['--format', 'ndjson', '--q', 'ambassadorial'], { config: config(), logger, stdout, stderr: new Collect() })).toBe(0);
    const lines = stdout.data.trimEnd().split('\n').map((l) => JSON.parse(l) as { text: string });
    expect(lines.map((l) => l.text)).toContain('North Korea will be represented at the ambassadorial level');

    const stderr = new Collect();
    const none = new Collect();
    expect(await exportCommand.run(['--from', '2025-02-30'], { config: config(), logger, stdout: none, stderr })).toBe(64);
    expect(stderr.data).toMatch(/--from/);
    expect(none.data).toBe('');
  });
});
