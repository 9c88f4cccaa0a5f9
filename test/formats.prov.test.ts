import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROV_JSON_SCHEMA } from './support/prov-json-schema.ts';
import { createTestApp, type TestApp } from './support/test-app.ts';

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

type Attributes = Record<string, unknown>;
type ProvJson = Record<string, Record<string, Attributes>>;

const qname = (v: unknown) => (typeof v === 'object' && v !== null && '$' in v ? String((v as { $: unknown }).$) : String(v));

/** Reads a PROV-JSON document back into chains: for each document, the agents from the speaker to the outlet. */
function chainsOf(prov: ProvJson): { document: string; sha256: unknown; agents: string[] }[] {
  const relations = (kind: string) => Object.values(prov[kind] ?? {});
  const label = (agent: string) => String(prov.agent?.[agent]?.['prov:label']);
  const attributedTo = (entity: string) => relations('wasAttributedTo').find((r) => r['prov:entity'] === entity)?.['prov:agent'] as string | undefined;
  const quotedFrom = (entity: string) =>
    relations('wasDerivedFrom').find((r) => r['prov:generatedEntity'] === entity && qname(r['prov:type']) === 'prov:Quotation')?.['prov:usedEntity'] as string | undefined;
  return Object.entries(prov.entity ?? {})
    .filter(([, e]) => qname(e['prov:type']) === 'schema:NewsArticle')
    .map(([document, e]) => {
      const agents: string[] = [];
      for (let entity: string | undefined = quotedFrom(document); entity !== undefined; entity = quotedFrom(entity)) {
        const agent = attributedTo(entity);
        if (agent !== undefined) agents.unshift(label(agent));
      }
      const outlet = attributedTo(document);
      return { document, sha256: e['whosaid:sha256'], agents: outlet === undefined ? agents : [...agents, label(outlet)] };
    });
}

describe('provenance as W3C PROV', () => {
  let t: TestApp;
  let id: number;
  beforeAll(async () => {
    t = await createTestApp({ seed: true });
    const res = await request(t.app).get('/v1/quotes').query({ q: 'ambassadorial' }).expect(200);
    id = res.body.items[0].id as number;
  });
  afterAll(() => t.close());

  it('when ?format=prov-json, then the document validates against the PROV-JSON schema and reads back into the same chain', async () => {
    const [res, plain] = await Promise.all([
      request(t.app).get(`/v1/quotes/${id}/provenance?format=prov-json`).expect(200),
      request(t.app).get(`/v1/quotes/${id}/provenance`).expect(200),
    ]);
    expect(res.headers['content-type']).toMatch(/^application\/prov\+json/);
    const prov = JSON.parse(res.text) as ProvJson;
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(PROV_JSON_SCHEMA);
    expect(validate(prov), JSON.stringify(validate.errors)).toBe(true);

    const statement = `whosaid:quotes/${id}`;
    expect(prov.prefix).toMatchObject({ whosaid: 'https://factcheck.example/' });
    expect(prov.entity?.[statement]).toMatchObject({ 'prov:value': 'North Korea will be represented at the ambassadorial level' });
    expect(prov.activity?.[`${statement}#saying`]).toMatchObject({
      'prov:label': 'briefing',
      'prov:startTime': { $: '2025-05-06T00:00:00Z', type: 'xsd:dateTime' },
    });
    expect(prov.agent?.['whosaid:speakers/yury-ushakov']).toMatchObject({ 'prov:type': { $: 'prov:Person' }, 'prov:label': 'Yury Ushakov' });
    expect(Object.values(prov.actedOnBehalfOf ?? {})).toContainEqual(
      expect.objectContaining({ 'prov:delegate': 'whosaid:speakers/yury-ushakov', 'prov:activity': `${statement}#saying` }),
    );

    // Rebuilt from PROV alone: speaker → relays → outlet for every document, as the JSON provenance has it.
    const chains = plain.body.chains as { document: { id: number; outlet: string | null; sha256: string }; relays: { name: string }[] }[];
    const rebuilt = chainsOf(prov);
    expect(rebuilt).toHaveLength(new Set(chains.map((c) => c.document.id)).size);
    for (const chain of chains) {
      const back = rebuilt.find((r) => r.document === `whosaid:v1/documents/${chain.document.id}`);
      expect(back?.sha256).toBe(chain.document.sha256);
      expect(back?.agents).toEqual(['Yury Ushakov', ...chain.relays.map((r) => r.name), ...(chain.document.outlet === null ? [] : [chain.document.outlet])]);
    }
    expect(rebuilt[0]?.agents).toContain('TASS');
  });

  it('when Accept asks for JSON-LD, then PROV-O links the document to its primary source and the chain of quotations', async () => {
    const res = await request(t.app).get(`/v1/quotes/${id}/provenance`).set('Accept', 'application/ld+json').expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/ld\+json/);
    expect(res.headers.vary).toMatch(/Accept/);
    const body = JSON.parse(res.text) as { '@context': Record<string, string>; '@graph': Record<string, unknown>[] };
    expect(body['@context']).toMatchObject({ prov: 'http://www.w3.org/ns/prov#', whosaid: 'https://factcheck.example/' });
    const byId = new Map(body['@graph'].map((n) => [n['@id'] as string, n]));
    const statement = byId.get(`whosaid:quotes/${id}`);
    expect(statement).toMatchObject({ '@type': ['prov:Entity', 'whosaid:Statement'], 'prov:wasAttributedTo': [{ '@id': 'whosaid:speakers/yury-ushakov' }] });
    const saying = byId.get(`whosaid:quotes/${id}#saying`);
    expect(saying).toMatchObject({ 'prov:startedAtTime': { '@value': '2025-05-06T00:00:00Z', '@type': 'xsd:dateTime' } });
    const documents = body['@graph'].filter((n) => (n['@type'] as string[]).includes('schema:NewsArticle'));
    expect(documents.length).toBeGreaterThan(0);
    for (const doc of documents) {
      expect(doc['prov:hadPrimarySource']).toEqual([{ '@id': `whosaid:quotes/${id}` }]);
      // Follow wasQuotedFrom back to the statement, through TASS's report.
      const path: string[] = [];
      let node: Record<string, unknown> | undefined = doc;
      while (node !== undefined && path.length < 10) {
        const next = (node['prov:wasQuotedFrom'] as { '@id': string }[] | undefined)?.[0]?.['@id'];
        if (next === undefined) break;
        path.push(next);
        node = byId.get(next);
      }
      expect(path.at(-1)).toBe(`whosaid:quotes/${id}`);
      expect(path.length).toBeGreaterThanOrEqual(2);
    }
  });

  it('when the quote does not exist, then 404 problem+json whatever the format', async () => {
    const res = await request(t.app).get('/v1/quotes/99999999/provenance?format=prov-o').expect(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
