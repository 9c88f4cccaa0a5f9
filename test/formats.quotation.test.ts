import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { schemaOrgProblems } from './support/schema-org.ts';
import { addQuote, addSpeaker } from './support/search-fixtures.ts';
import { useTestApp, unique, type TestApp } from './support/test-app.ts';

/** Every JSON-LD data block of a page, parsed; each ends at the first </script>, as an HTML parser ends it. */
function jsonLdBlocks(page: string): unknown[] {
  return [...page.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => JSON.parse(m[1] ?? '') as unknown);
}

async function quoteId(t: TestApp, q: string): Promise<number> {
  const res = await request(t.app).get('/v1/quotes').query({ q }).expect(200);
  return res.body.items[0].id as number;
}

describe('schema.org Quotation JSON-LD in the quote and speaker pages', () => {
  const t = useTestApp({ seed: true });

  it('when a quote page is read, then its JSON-LD is a Quotation spoken by the speaker, part of the earliest NewsArticle', async () => {
    const id = await quoteId(t, 'ambassadorial');
    const res = await request(t.app).get(`/quotes/${id}`).expect(200);
    const blocks = jsonLdBlocks(res.text);
    expect(blocks).toHaveLength(1);
    const quotation = blocks[0] as Record<string, unknown>;
    expect(schemaOrgProblems(quotation)).toEqual([]);
    expect(quotation).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'Quotation',
      url: `https://factcheck.example/quotes/${id}`,
      text: 'North Korea will be represented at the ambassadorial level',
      spokenByCharacter: { '@type': 'Person', name: 'Yury Ushakov', url: 'https://factcheck.example/speakers/yury-ushakov' },
      dateCreated: '2025-05-06',
      datePublished: '2025-05-08',
      isPartOf: [{ '@type': 'NewsArticle', datePublished: '2025-05-08', dateline: 'SEOUL' }],
    });
  });

  it('when a quote contains </script> and <!--, then the data block neither ends early nor loses a character', async () => {
    const token = unique('ld');
    const payload = `</script><script>window.__x='${token}'</script><!-- ${token} & more`;
    const speaker = await addSpeaker(t, { name: `Eve ${token}` });
    const id = await addQuote(t, { speaker: speaker.slug, text: payload, outlet: `Times ${token}`, publishedOn: '2024-02-03' });

    const page = await request(t.app).get(`/quotes/${id}`).expect(200);
    // The page's own files (/assets/…) and the data block, nothing injected.
    expect(page.text.match(/<script(?! src="\/assets\/[\w.-]+\.js" defer><\/script>)/g)).toHaveLength(1);
    const [quotation] = jsonLdBlocks(page.text) as Record<string, unknown>[];
    expect(quotation?.text).toBe(payload);
    expect(quotation?.isPartOf).toMatchObject([{ publisher: { name: `Times ${token}` }, datePublished: '2024-02-03' }]);

    const profile = await request(t.app).get(`/speakers/${speaker.slug}`).expect(200);
    expect(profile.text.match(/<script(?! src="\/assets\/[\w.-]+\.js" defer><\/script>)/g)).toHaveLength(1);
    expect(jsonLdBlocks(profile.text)).toMatchObject([{ '@graph': [{ '@type': 'Quotation', text: payload }] }]);
  });

  it('when a speaker page is read, then its JSON-LD lists the speaker quotes as Quotations spoken by them', async () => {
    const res = await request(t.app).get('/speakers/yury-ushakov').expect(200);
    const [graph] = jsonLdBlocks(res.text) as { '@graph': Record<string, unknown>[] }[];
    expect(schemaOrgProblems(graph)).toEqual([]);
    expect(graph?.['@graph'].length).toBeGreaterThan(0);
    for (const quotation of graph?.['@graph'] ?? []) {
      expect(quotation).toMatchObject({ '@type': 'Quotation', spokenByCharacter: { name: 'Yury Ushakov' } });
      expect(quotation.url).toMatch(/^https:\/\/factcheck\.example\/quotes\/\d+$/);
    }
  });
});
