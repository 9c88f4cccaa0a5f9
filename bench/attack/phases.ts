import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { COST_FAMILIES, processCpuOf, superLinear, timeFamilies } from '../cost/families.ts';
import { REQUEST_BUDGET_MS } from '../cost.bench.ts';
import { corpusWords } from '../search.bench.ts';
import { json, Phase, withKey, type PhaseResult } from './checks.ts';

export interface Keys {
  reader: string;
  editor: string;
  admin: string;
}

/** The key's public prefix (`ws_<12>_`) with a made-up secret. */
const forge = (key: string) => `${key.slice(0, 16)}${'A'.repeat(43)}`;
const madeUp = (i: number) => `ws_${`atk${i}`.padEnd(12, 'q').slice(0, 12)}_${'B'.repeat(43)}`;

/** Operations that are reads though posted (a body too large for a URL): public like GETs. */
const READS_BY_POST = ['/v1/extract', '/v1/verify'];

/** Every operation of the OpenAPI document with every kind of credential: who may do what. */
export async function authMatrix(base: string, keys: Keys): Promise<PhaseResult> {
  const phase = new Phase('auth matrix');
  const doc = JSON.parse((await phase.send(`${base}/openapi.json`)).body) as { paths: Record<string, Record<string, unknown>> };
  const credentials: [string, string | null][] = [
    ['none', null],
    ['garbage', 'not-a-key'],
    ['forged reader prefix', forge(keys.reader)],
    ['reader', keys.reader],
    ['editor', keys.editor],
    ['admin', keys.admin],
  ];
  for (const [template, operations] of Object.entries(doc.paths)) {
    // An id nothing has: the matrix must not revoke the keys it tests with (DELETE /v1/keys/{id}).
    const path = template.replace(/\{[^}]+\}/g, '999999999');
    for (const method of Object.keys(operations)) {
      for (const [label, key] of credentials) {
        const init = withKey(key, method === 'get' ? {} : { method: method.toUpperCase(), headers: { 'Content-Type': 'application/json' }, body: '{}' });
        const res = await phase.send(`${base}${path}`, init);
        const what = `${method.toUpperCase()} ${template} as ${label}: ${res.status}`;
        if (label === 'garbage' || label === 'forged reader prefix') phase.expect(res.status === 401, what);
        const write = method !== 'get' && !READS_BY_POST.includes(template);
        if (write && label === 'none') phase.expect(res.status === 401, what);
        if (write && label === 'reader') phase.expect(res.status === 403, what);
        if (!write && label === 'none' && !template.startsWith('/v1/keys')) phase.expect(res.status !== 401 && res.status !== 403, what);
        if (template.startsWith('/v1/keys') && label === 'editor') phase.expect(res.status === 403, what);
      }
    }
  }
  return phase.result();
}

/** The two attacks on the limiter, against a server with small budgets (max 10, 5 failed authentications). */
export async function rateLimitAttacks(base: string, keys: Keys): Promise<PhaseResult> {
  const phase = new Phase('rate-limit attacks');
  for (let i = 0; i < 12; i++) await phase.send(`${base}/v1/quotes`, withKey(forge(keys.reader)));
  const victim = await phase.send(`${base}/v1/quotes`, withKey(keys.reader));
  phase.expect(victim.status === 200, `victim's key after 12 forged requests with its prefix: ${victim.status} ${victim.body.slice(0, 300)}`);
  // From the same address, more failures get 429 (the failed-authentication budget); the valid key above still passed.
  const locked = await phase.send(`${base}/v1/quotes`, withKey(madeUp(1)));
  phase.expect(locked.status === 429, `a bad key after the failed-authentication budget: ${locked.status}`);
  let limited = 0;
  for (let i = 0; i < 30; i++) {
    const path = ['/', '/openapi.json', '/docs/', '/v1/quotes'][i % 4] as string;
    if ((await phase.send(`${base}${path}`)).status === 429) limited++;
  }
  phase.expect(limited >= 20, `pages and docs without a key past the budget: ${limited}/30 limited`);
  let healthy = 0;
  for (let i = 0; i < 30; i++) if ((await phase.send(`${base}/health`)).status === 200) healthy++;
  phase.expect(healthy === 30, `/health past the budget: ${healthy}/30 answered`);
  phase.notes.push(`victim ${victim.status}, lock-out ${locked.status}, ${limited}/30 anonymous limited, /health ${healthy}/30`);
  return phase.result();
}

/** Bodies and parameters no client should send: each answered with its problem, never a 500. */
export async function hostileBodies(base: string, keys: Keys): Promise<PhaseResult> {
  const phase = new Phase('hostile bodies and encodings');
  const plain = Buffer.from(JSON.stringify({ text: '“We will not move,” the minister said.' }));
  const encoded: [string, Buffer, number][] = [
    ['gzip', plain, 400],
    ['gzip', gzipSync(plain).subarray(0, 12), 400],
    ['deflate', plain, 400],
    ['deflate', deflateSync(plain).subarray(0, 5), 400],
    ['br', plain, 400],
    ['br', brotliCompressSync(plain).subarray(0, 3), 400],
    ['compress', plain, 415],
    ['gzip, br', plain, 415],
    ['gzip', gzipSync(plain), 200],
  ];
  for (const path of ['/v1/extract', '/v1/verify', '/v1/documents']) {
    for (const [encoding, body, status] of encoded) {
      const res = await phase.send(`${base}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Encoding': encoding }, body });
      // Writes answer 401 for a good body without a key: the body was read fine.
      const expected = status === 200 && path === '/v1/documents' ? 401 : status;
      phase.expect(res.status === expected, `${path} with ${encoding} (${body.length} bytes): ${res.status}, wanted ${expected}`);
    }
  }
  const bodies: [string, string, number][] = [
    ['malformed JSON', '{"text": ', 400],
    ['JSON nested 100,000 deep', `${'['.repeat(100_000)}${']'.repeat(100_000)}`, 400],
    ['prototype pollution', '{"text":"a b","__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}', 400],
    ['blank text', '{"text":" \\t\\n "}', 422],
    ['zero-width text', '{"text":"\\u200b\\u200d\\u2060\\ufeff"}', 422],
    ['lone surrogate', '{"text":"bad \\ud800 text"}', 400],
    ['NUL bytes', '{"text":"a\\u0000b said \\"c\\u0000\\""}', 200],
    ['text not a string', '{"text":{"length":1e9}}', 400],
    ['over the body limit', JSON.stringify({ text: 'x'.repeat(2 * 1024 * 1024) }), 413],
  ];
  for (const [label, body, status] of bodies) {
    const res = await phase.send(`${base}/v1/extract`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    phase.expect(res.status === status, `POST /v1/extract ${label}: ${res.status} ${res.code ?? ''}, wanted ${status}`);
  }
  const form = await phase.send(`${base}/v1/documents`, withKey(keys.editor, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'text=a' }));
  phase.expect(form.status === 415, `form-encoded write: ${form.status}`);
  for (const limit of ['0x10', '1e1', '+5', '-1', '5.5', 'Infinity', '１０', '99999999999999999999']) {
    const res = await phase.send(`${base}/v1/quotes?limit=${encodeURIComponent(limit)}`);
    phase.expect(res.status === 400, `limit=${limit}: ${res.status}`);
  }
  for (const path of ['/v1/quotes/0x1', '/v1/quotes/1e0', '/v1/quotes/%E0%A4%A', '/v1/quotes?q=a&q=b', '/v1/speakers?q=%00']) {
    const res = await phase.send(`${base}${path}`);
    phase.expect(res.status >= 400 && res.status < 500, `${path}: ${res.status}`);
  }
  return phase.result();
}

/** The cost families of every route (bench/cost/families.ts) against this server. */
export async function costFamilies(base: string, serverPid?: number): Promise<PhaseResult> {
  const phase = new Phase('cost families');
  // CPU time of all the server's threads (Linux: long reads run on its reader thread); elsewhere its Server-Timing.
  const timings = await timeFamilies(base, corpusWords(), 3, COST_FAMILIES, serverPid === undefined ? null : processCpuOf(serverPid));
  phase.requests = timings.length * 4;
  for (const t of timings) {
    phase.expect(t.family.statuses.includes(t.status), `${t.family.route} ${t.family.name} @${t.size}: status ${t.status}`);
    phase.expect(t.ms <= REQUEST_BUDGET_MS, `${t.family.route} ${t.family.name} @${t.size}: ${t.ms.toFixed(1)} ms over ${REQUEST_BUDGET_MS} ms`);
  }
  for (const g of superLinear(timings, 3)) phase.failures.push(`${g.family.route} ${g.family.name}: grows ×${g.ratio.toFixed(1)} (allowed ×${g.allowed.toFixed(1)})`);
  const worst = [...timings].sort((a, b) => b.ms - a.ms).slice(0, 3);
  phase.notes.push(`${COST_FAMILIES.length} families; slowest: ${worst.map((t) => `${t.family.name} @${t.size} ${t.ms.toFixed(1)} ms`).join('; ')}`);
  return phase.result();
}

/** Cursors changed in every way the first attack tried: all refused. */
export async function cursorForgery(base: string, words: readonly string[]): Promise<PhaseResult> {
  const phase = new Phase('cursor forgery');
  const q = words[0] as string;
  const first = JSON.parse((await phase.send(`${base}/v1/quotes?q=${q}&limit=5`)).body) as { nextCursor: string | null };
  if (first.nextCursor === null) {
    phase.failures.push('no cursor to forge (too few matches)');
    return phase.result();
  }
  const [payload, tag] = first.nextCursor.split('.') as [string, string];
  const state = JSON.parse(Buffer.from(payload, 'base64url').toString()) as [number, number, string, number];
  const forged: string[] = [
    ...[[900_000, state[1], state[2], state[3]], [state[0], state[1], state[2], (state[3] + 1) % 3], [state[0], 2 ** 40, state[2], state[3]], [-1, state[1], state[2], state[3]]].map(
      (s) => `${Buffer.from(JSON.stringify(s)).toString('base64url')}.${tag}`,
    ),
    payload,
    `${payload}.`,
    `${payload}.${'A'.repeat(22)}`,
    Buffer.from(JSON.stringify([5, state[1], state[2], 2])).toString('base64url'),
    'x'.repeat(500),
    `${first.nextCursor}.${tag}`,
  ];
  for (const cursor of forged) {
    const res = await phase.send(`${base}/v1/quotes?q=${q}&limit=5&cursor=${encodeURIComponent(cursor)}`);
    phase.expect(res.status === 400 && res.code === 'invalid_cursor', `forged cursor ${cursor.slice(0, 30)}…: ${res.status} ${res.code ?? ''}`);
  }
  const other = await phase.send(`${base}/v1/quotes?q=${words[1] as string}&limit=5&cursor=${encodeURIComponent(first.nextCursor)}`);
  phase.expect(other.code === 'invalid_cursor', `a cursor of another query: ${other.status}`);
  const genuine = await phase.send(`${base}/v1/quotes?q=${q}&limit=5&cursor=${encodeURIComponent(first.nextCursor)}`);
  phase.expect(genuine.status === 200, `the genuine cursor: ${genuine.status}`);
  return phase.result();
}

/** The same write many times at once: exactly one wins, the others get their conflict. */
export async function races(base: string, keys: Keys): Promise<PhaseResult> {
  const phase = new Phase('concurrency races');
  const tag = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const text = `Race ${tag}: “We are all here at once,” said Mara Quist, a councillor.`;
  const documents = await Promise.all(Array.from({ length: 24 }, () => phase.send(`${base}/v1/documents`, json({ text }, keys.editor))));
  const created = documents.filter((r) => r.status === 201).length;
  const conflicts = documents.filter((r) => r.status === 409 && r.code === 'document_exists').length;
  phase.expect(created === 1 && conflicts === 23, `24 identical documents at once: ${created} created, ${conflicts} conflicts`);
  const ingests = await Promise.all(Array.from({ length: 12 }, () => phase.send(`${base}/v1/documents`, json({ text: `${text} Again.`, extract: true }, keys.editor))));
  const ingested = ingests.filter((r) => r.status === 201).length;
  const unchanged = ingests.filter((r) => r.status === 200).length;
  phase.expect(ingested === 1 && unchanged === 11, `12 identical ingests at once: ${ingested} created, ${unchanged} unchanged`);
  const slug = `race-${tag}`;
  const speakers = await Promise.all(Array.from({ length: 12 }, () => phase.send(`${base}/v1/speakers`, json({ name: `Race ${tag}`, slug, kind: 'person' }, keys.editor))));
  const made = speakers.filter((r) => r.status === 201).length;
  phase.expect(made === 1 && speakers.filter((r) => r.status === 409).length === 11, `12 identical speakers at once: ${made} created`);
  phase.notes.push(`documents ${created}/24, ingests ${ingested}/12, speakers ${made}/12 created`);
  return phase.result();
}
