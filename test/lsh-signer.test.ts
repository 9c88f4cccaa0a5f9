import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizeQuoteText } from '../src/domain/text.ts';
import { lshIndexDocument, WorkerLshSigner } from '../src/verification/lsh-signer.ts';

const TEXTS = [
  'We will not negotiate with the United States under pressure.',
  'The “special military operation” will continue until its goals are met.',
  'Kim Jong-un said the missile test was a warning to the enemies of the DPRK.',
  'Lim Eul-chul, a professor at Kyungnam University, said the summit would change little.',
].map(normalizeQuoteText);

describe('WorkerLshSigner', () => {
  it('signs inline until its thread is up, then on the thread, always as lshIndexDocument does', async () => {
    const signer = new WorkerLshSigner();
    const expected = TEXTS.map(lshIndexDocument);
    // The first call starts the thread and is answered at once, inline.
    await expect(signer.sign(TEXTS)).resolves.toEqual(expected);
    await expect(signer.started).resolves.toBe(true);
    const concurrent = await Promise.all([signer.sign(TEXTS), signer.sign([...TEXTS].reverse()), signer.sign([])]);
    expect(concurrent).toEqual([expected, [...expected].reverse(), []]);
  });

  it('stops its thread when idle and starts another on the next call', async () => {
    const signer = new WorkerLshSigner(50);
    const expected = TEXTS.map(lshIndexDocument);
    await signer.sign(TEXTS);
    await expect(signer.started).resolves.toBe(true);
    await expect(signer.sign(TEXTS)).resolves.toEqual(expected);
    expect(signer.threadRunning).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(signer.threadRunning).toBe(false);
    // Inline while the new thread starts, then on it again.
    await expect(signer.sign(TEXTS)).resolves.toEqual(expected);
    const deadline = Date.now() + 10_000;
    while (!signer.threadRunning && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(signer.threadRunning).toBe(true);
    await expect(signer.sign(TEXTS)).resolves.toEqual(expected);
  });

  it('lets a process that signed end on its own, with the thread up or still starting', () => {
    const module = new URL('../src/verification/lsh-signer.ts', import.meta.url).href;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'whosaid-signer-'));
    try {
      for (const wait of ['', 'await signer.started;']) {
        // A script file: run with -e, the same code ended even when a real script did not.
        const script = path.join(dir, 'sign.mts');
        writeFileSync(
          script,
          `const { WorkerLshSigner } = await import(${JSON.stringify(module)});
          const signer = new WorkerLshSigner();
          await signer.sign(['one quote']);
          ${wait}
          await signer.sign(['another quote']);\n`,
        );
        const child = spawnSync(process.execPath, ['--import', 'tsx', script], { timeout: 30_000, encoding: 'utf8' });
        expect({ status: child.status, signal: child.signal, stderr: child.stderr }).toEqual({ status: 0, signal: null, stderr: '' });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
