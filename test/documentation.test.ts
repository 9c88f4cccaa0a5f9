import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { curlRequest, shellCommands } from './support/readme-curl.ts';
import { runCli, startServer, type ServerProcess } from './support/server-process.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const README = path.join(ROOT, 'README.md');

/** README, BENCHMARKS, CHANGELOG and every Markdown file under docs/. */
function markdownFiles(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const full = path.join(dir, e.name);
      return e.isDirectory() ? walk(full) : e.name.endsWith('.md') ? [full] : [];
    });
  return [README, path.join(ROOT, 'BENCHMARKS.md'), path.join(ROOT, 'CHANGELOG.md'), ...walk(path.join(ROOT, 'docs'))];
}

/** Fenced code blocks removed, so `[x](y)` in an example is not taken for a link. */
function withoutCode(markdown: string): string {
  return markdown.replace(/^```[^\n]*\n[\s\S]*?^```/gm, '');
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/`/g, '')
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

function anchors(file: string): Set<string> {
  const headings = withoutCode(readFileSync(file, 'utf8')).match(/^#{1,6} .+$/gm) ?? [];
  return new Set(headings.map((h) => slug(h.replace(/^#+ /, ''))));
}

interface Link {
  from: string;
  target: string;
}

function relativeLinks(file: string): Link[] {
  const text = withoutCode(readFileSync(file, 'utf8'));
  return [...text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)]
    .map((m) => m[1] ?? '')
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target))
    .map((target) => ({ from: path.relative(ROOT, file), target }));
}

/** Why a link does not resolve, or null when it does. */
function brokenLink({ from, target }: Link): string | null {
  const [filePart = '', anchor] = target.split('#');
  const resolved = filePart === '' ? path.join(ROOT, from) : path.resolve(path.dirname(path.join(ROOT, from)), decodeURIComponent(filePart));
  if (!resolved.startsWith(ROOT + path.sep)) return `${from}: ${target} points outside the repository`;
  if (!existsSync(resolved)) return `${from}: ${target} does not exist`;
  if (anchor !== undefined && anchor !== '') {
    if (!statSync(resolved).isFile() || !resolved.endsWith('.md')) return `${from}: ${target} has an anchor on a non-Markdown target`;
    if (!anchors(resolved).has(anchor)) return `${from}: ${target} names a heading that does not exist`;
  }
  return null;
}

/** The README's shell blocks that call curl, in order. */
function curlBlocks(): string[] {
  const blocks = [...readFileSync(README, 'utf8').matchAll(/^ *```sh\n([\s\S]*?)^ *```/gm)].map((m) => m[1] ?? '');
  return blocks.filter((b) => /^\s*curl /m.test(b));
}

describe('documentation links', () => {
  it('when a README or docs/ page links to a file or a heading in the repository, then that file and heading exist', () => {
    const links = markdownFiles().flatMap(relativeLinks);
    expect(links.length).toBeGreaterThan(30);
    expect(links.map(brokenLink).filter((problem) => problem !== null)).toEqual([]);
  });

  it('when a link is broken, then the check reports it', () => {
    expect(brokenLink({ from: 'README.md', target: 'docs/nowhere.md' })).toMatch(/does not exist/);
    expect(brokenLink({ from: 'README.md', target: 'docs/api.md#no-such-heading' })).toMatch(/heading/);
    expect(brokenLink({ from: 'docs/api.md', target: '../../outside.md' })).toMatch(/outside/);
    expect(brokenLink({ from: 'docs/api.md', target: 'search.md#query-language-q' })).toBeNull();
  });

  it('when the README shows how to create a key, then it uses the quiet form whose stdout is the key alone', () => {
    expect(readFileSync(README, 'utf8')).toContain('KEY=$(npm run --silent cli -- keys create --role editor');
  });
});

describe('reading curl examples', () => {
  it('when an example uses quotes, variables and line continuations, then the request is what curl would send', () => {
    const [argv] = shellCommands(`curl -X POST http://localhost:3000/v1/x -H "Authorization: Bearer $KEY" \\\n  -H 'content-type: application/json' -d '{"a": "$KEY",\n "b": 1}'`, { KEY: 'k1' });
    expect(curlRequest(argv ?? [], 'http://127.0.0.1:9')).toEqual({
      command: expect.any(String),
      method: 'POST',
      url: 'http://127.0.0.1:9/v1/x',
      headers: { authorization: 'Bearer k1', 'content-type': 'application/json' },
      body: '{"a": "$KEY",\n "b": 1}',
    });
  });

  it('when an example uses another host or an unknown option, then it is refused rather than guessed', () => {
    expect(() => curlRequest(['curl', 'https://example.org/v1/quotes'], 'http://x')).toThrow(/localhost:3000/);
    expect(() => curlRequest(['curl', '--compressed', 'http://localhost:3000/'], 'http://x')).toThrow(/not understood/);
    expect(() => shellCommands('curl $NOPE', {})).toThrow(/NOPE/);
  });
});

describe('README curl examples against a freshly started and seeded server', () => {
  let dir: string;
  let server: ServerProcess;
  let key: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'whosaid-readme-'));
    const env = { DATABASE_URL: `file:${path.join(dir, 'whosaid.db')}`, SEED_ON_START: 'true' };
    server = await startServer(env);
    const created = await runCli(['keys', 'create', '--role', 'editor', '--name', 'readme test'], env);
    expect(created.code).toBe(0);
    key = created.stdout.trim();
  });

  afterAll(async () => {
    server.child.kill('SIGTERM');
    await server.exited;
    rmSync(dir, { recursive: true, force: true });
  });

  it('when the key is created with the CLI, then stdout holds the key alone', () => {
    expect(key).toMatch(/^ws_[A-Za-z0-9_-]+$/);
  });

  it('when every curl example of the README is run in order, then each answers 2xx', async () => {
    const requests = curlBlocks().flatMap((block) => shellCommands(block, { KEY: key }).map((argv) => curlRequest(argv, server.url)));
    expect(requests.length).toBeGreaterThanOrEqual(6);
    expect(requests.some((r) => r.headers.authorization === `Bearer ${key}`)).toBe(true);
    const failures: string[] = [];
    for (const r of requests) {
      const res = await fetch(r.url, { method: r.method, headers: r.headers, ...(r.body === undefined ? {} : { body: r.body }) });
      const text = await res.text();
      if (res.status < 200 || res.status > 299) failures.push(`${res.status} for ${r.command}: ${text.slice(0, 300)}`);
    }
    expect(failures).toEqual([]);
  });
});
