import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { SEED_DIRECTORY } from '../src/bootstrap.ts';
import { seedFromDirectory } from '../src/services/seed.service.ts';
import { snapshot } from './support/db-snapshot.ts';
import { sqlRows } from './support/sql.ts';
import { distinctivePhrase, gold } from './support/gold.ts';
import { useTestApp } from './support/test-app.ts';

describe('the seeded founding article', () => {
  const t = useTestApp({ seed: true });

  it('stores all 20 gold attributions as occurrences', async () => {
    const [{ n: occurrences }] = (await sqlRows<{ n: number }>(t, { sqlite: 'SELECT COUNT(*) AS n FROM Occurrence', postgres: 'SELECT count(*) AS n FROM occurrence' })) as [{ n: number }];
    // 20 attributions, one of them ("publicly acknowledged") spoken by two speakers.
    expect(gold.attributions).toHaveLength(20);
    expect(occurrences).toBe(21);
  });

  const required = gold.attributions.filter((a) => !a.optional);
  it.each(required.map((a) => [a.speaker, distinctivePhrase(a.text), a] as const))(
    '%s is found by searching "%s"',
    async (speaker, phrase, attribution) => {
      const res = await request(t.app).get('/v1/quotes').query({ q: `"${phrase}"` }).expect(200);
      const hit = res.body.items.find((i: { text: string }) => i.text === attribution.text);
      expect(hit, `no result with the gold text for "${phrase}"`).toBeDefined();
      expect(hit.speaker.name).toBe(speaker);
      expect(hit.kind).toBe(attribution.kind);
      expect(hit.snippet).toContain('<mark>');
    },
  );

  it('is idempotent: seeding again changes nothing', async () => {
    const before = await snapshot(t);
    const report = await seedFromDirectory(t.repos, SEED_DIRECTORY);
    expect(report).toMatchObject({ documentsCreated: 0, quotesCreated: 0, occurrencesCreated: 0 });
    expect(await snapshot(t)).toEqual(before);
  });
});
