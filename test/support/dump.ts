import type request from 'supertest';
import { expect } from 'vitest';
import type { TestApp } from './test-app.ts';

/** supertest's parser for a body read whole as bytes (an NDJSON answer). */
export function bytes(res: request.Response, done: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

/** The app's whole database as GET /v1/export answers it. */
export async function dumpOf(t: TestApp): Promise<string> {
  const res = await t.api('reader').get('/v1/export').buffer(true).parse(bytes).expect(200);
  expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
  return (res.body as Buffer).toString('utf8');
}

/** A record without what depends on the database it is in: array orders that follow ids or insertion are sorted. */
export function canonical(line: string): string {
  const record = JSON.parse(line) as Record<string, unknown>;
  const sortBy = (list: unknown) => (Array.isArray(list) ? [...list].map((v) => JSON.stringify(v)).sort() : list);
  for (const key of ['aliases', 'externalIds', 'affiliations', 'occurrences', 'citations']) if (key in record) record[key] = sortBy(record[key]);
  return JSON.stringify(record);
}

/** Every record of a dump but its header, by content, sorted. */
export const contents = (dump: string): string[] => dump.trimEnd().split('\n').slice(1).map(canonical).sort();
