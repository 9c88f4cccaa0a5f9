import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { addSpeaker } from './support/search-fixtures.ts';
import { useTestApp, unique } from './support/test-app.ts';

interface Candidate {
  slug: string;
  score: number;
  matchedAlias: string;
}

describe('GET /v1/speakers?q= tolerates transliteration and typos', () => {
  const t = useTestApp({ seed: true });

  const lookup = async (q: string): Promise<Candidate[]> => {
    const res = await request(t.app).get('/v1/speakers').query({ q });
    expect(res.status).toBe(200);
    return res.body.items as Candidate[];
  };

  it('finds Lim Eul-chul written without the hyphen, exactly', async () => {
    const [first] = await lookup('Lim Eul Chul');
    expect(first).toMatchObject({ slug: 'lim-eul-chul', score: 1 });
  });

  it('finds Yury Ushakov from other spellings, with a score below an exact match', async () => {
    for (const q of ['Yuriy Ushakov', 'Yury Ushakof', 'Iury Ushakov']) {
      const [first] = await lookup(q);
      expect(first?.slug, q).toBe('yury-ushakov');
      expect(first?.score, q).toBeGreaterThanOrEqual(0.6);
      expect(first?.score, q).toBeLessThan(1);
    }
  });

  it('ranks the closest spelling first among similar names', async () => {
    const tag = unique('').slice(-5);
    const near = await addSpeaker(t, { name: `Aleksandr Petrov${tag}` });
    await addSpeaker(t, { name: `Alexei Petrovsky${tag}` });
    const [first] = await lookup(`Alexandr Petrov${tag}`);
    expect(first?.slug).toBe(near.slug);
  });

  it('returns nothing for a name nobody resembles', async () => {
    expect(await lookup('Qqqxxzz Wwwvvv')).toEqual([]);
  });
});
