import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { article } from './support/gold.ts';
import { useTestApp, type TestApp } from './support/test-app.ts';

async function findQuoteId(t: TestApp, q: string, text: string): Promise<number> {
  const res = await request(t.app).get('/v1/quotes').query({ q }).expect(200);
  const hit = res.body.items.find((i: { text: string }) => i.text.startsWith(text));
  expect(hit, `no quote starting "${text}"`).toBeDefined();
  return hit.id as number;
}

describe('provenance and the hard attribution cases', () => {
  const t = useTestApp({ seed: true });

  it('traces Ushakov → briefing 2025-05-06 → TASS → the article, with exact offsets', async () => {
    const text = 'North Korea will be represented at the ambassadorial level';
    const id = await findQuoteId(t, 'ambassadorial', text);
    const res = await request(t.app).get(`/v1/quotes/${id}/provenance`).expect(200);
    const p = res.body;
    expect(p.speaker.name).toBe('Yury Ushakov');
    expect(p.venue).toBe('briefing');
    expect(p.saidOn).toBe('2025-05-06');
    expect(p.affiliationAtTime[0]).toMatchObject({ role: 'presidential aide', asStated: 'Russian presidential aide' });
    expect(p.chains).toHaveLength(1);
    const chain = p.chains[0];
    expect(chain.hops.map((h: { role: string }) => h.role)).toEqual(['speaker', 'venue', 'relay', 'document']);
    expect(chain.relays).toHaveLength(1);
    expect(chain.relays[0]).toMatchObject({ position: 1, name: 'TASS', organization: { name: 'TASS', kind: 'news agency' } });
    expect(article.slice(chain.relays[0].mention.start, chain.relays[0].mention.end)).toBe('Russia’s state-run news agency TASS');
    expect(chain.start).toBe(605);
    expect(chain.end).toBe(663);
    expect(article.slice(chain.start, chain.end)).toBe(text);
    expect(chain.document).toMatchObject({ publishedOn: '2025-05-08', dateline: 'SEOUL' });
    expect(chain.document.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(chain.cue).toEqual({ text: 'said', start: 598, end: 602 });
    expect(chain.speakerMention).toEqual({ text: 'Yury Ushakov', start: 585, end: 597 });
    expect(chain.context.quote).toBe(text);
    expect(chain.context.before).toContain('Yury Ushakov said, “');
    expect(chain.context.after).toContain('according to Russia');
    expect(p.earliest).toMatchObject({ publishedOn: '2025-05-08' });
  });

  it('gives the words of state media about Kim to North Korean state media, not to Kim', async () => {
    const id = await findQuoteId(t, '"major munitions enterprises"', 'gave field guidance at major munitions');
    const res = await request(t.app).get(`/v1/quotes/${id}`).expect(200);
    expect(res.body.speaker.name).toBe('North Korean state media');
    expect(res.body.speaker.kind).toBe('organization');
    expect(res.body.about.name).toBe('Kim Jong-un');
    expect(res.body.kind).toBe('partial');
    const kim = await request(t.app).get('/v1/quotes').query({ q: '"munitions enterprises"', speaker: 'Kim Jong-un' }).expect(200);
    expect(kim.body.items).toEqual([]);
  });

  it('gives the floating paragraph with no cue to the previous speaker, Lim Eul-chul', async () => {
    const id = await findQuoteId(t, '"war of attrition"', 'The presentation of mass production');
    const res = await request(t.app).get(`/v1/quotes/${id}`).expect(200);
    expect(res.body.speaker.name).toBe('Lim Eul-chul');
    expect(res.body.occurrences[0].cue).toBeNull();
    expect(res.body.occurrences[0].speakerMention).toBeNull();
    expect(res.body.affiliationAtTime[0].organization.name).toBe('Institute for Far Eastern Studies, Kyungnam University');
  });

  it('resolves "Lim" to Lim Eul-chul as a search filter', async () => {
    const res = await request(t.app).get('/v1/quotes').query({ speaker: 'Lim' }).expect(200);
    expect(res.body.items.length).toBe(4);
    expect(new Set(res.body.items.map((i: { speaker: { slug: string } }) => i.speaker.slug))).toEqual(new Set(['lim-eul-chul']));
  });

  it('answers 404 problem+json for a quote that does not exist and 400 for a malformed id', async () => {
    const missing = await request(t.app).get('/v1/quotes/999999/provenance').expect(404);
    expect(missing.body).toMatchObject({ code: 'not_found', status: 404 });
    const malformed = await request(t.app).get('/v1/quotes/abc').expect(400);
    expect(malformed.body.code).toBe('validation_failed');
    expect(malformed.body.issues[0].path).toBe('params.id');
  });
});
