import request from 'supertest';
import { expect } from 'vitest';
import { unique, type TestApp } from './test-app.ts';

/** Test data made through the real API (with the editor key): speakers, and quotes with a document that contains them. */
export interface SpeakerSpec {
  name?: string;
  aliases?: string[];
  affiliations?: { organization: string; role: string; validFrom?: string; validTo?: string }[];
}

export async function addSpeaker(t: TestApp, spec: SpeakerSpec = {}): Promise<{ id: number; slug: string; name: string }> {
  const name = spec.name ?? `Speaker ${unique('s')}`;
  const res = await t
    .api()
    .post('/v1/speakers')
    .send({ name, kind: 'person', aliases: spec.aliases ?? [], affiliations: spec.affiliations ?? [] });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: number; slug: string; name: string };
}

export interface QuoteSpec {
  speaker: string;
  text: string;
  kind?: 'direct' | 'partial' | 'indirect';
  saidOn?: string;
  outlet?: string;
  language?: string;
  publishedOn?: string;
}

/** Stores a document quoting `text` and records the quote at its offsets; returns the quote id. */
export async function addQuote(t: TestApp, spec: QuoteSpec): Promise<number> {
  const before = `${unique('Report')}. They said: “`;
  const doc = await t
    .api()
    .post('/v1/documents')
    .send({
      text: `${before}${spec.text}” and left.`,
      language: spec.language ?? 'en',
      ...(spec.outlet === undefined ? {} : { outlet: spec.outlet }),
      ...(spec.publishedOn === undefined ? {} : { publishedOn: spec.publishedOn }),
    });
  expect(doc.status, JSON.stringify(doc.body)).toBe(201);
  return addOccurrence(t, spec, doc.body.id as number, before.length);
}

/** Records `spec.text` as found at `start` of an existing document. */
export async function addOccurrence(t: TestApp, spec: QuoteSpec, documentId: number, start: number): Promise<number> {
  const res = await t
    .api()
    .post('/v1/quotes')
    .send({
      speaker: spec.speaker,
      text: spec.text,
      kind: spec.kind ?? 'direct',
      ...(spec.saidOn === undefined ? {} : { saidOn: spec.saidOn }),
      evidence: { documentId, start, end: start + spec.text.length },
    });
  expect([200, 201], JSON.stringify(res.body)).toContain(res.status);
  return res.body.id as number;
}

export interface Hit {
  id: number;
  text: string;
  snippet: string;
  matches: { start: number; end: number }[];
  score: number | null;
  filedOn: string | null;
  speaker: { slug: string };
}

export interface Page {
  items: Hit[];
  nextCursor: string | null;
  order: string;
  estimatedMatches: number | null;
  facets?: { counts: Record<string, { key: string; label: string; count: number }[]>; basedOn: number; sampled: boolean };
}

export async function search(t: TestApp, query: Record<string, string | number>): Promise<Page> {
  const res = await request(t.app).get('/v1/quotes').query(query);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as Page;
}

export const ids = (page: Page) => page.items.map((h) => h.id).sort((a, b) => a - b);
