import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { googleClaimReviewProblems, schemaOrgProblems } from './support/schema-org.ts';
import { useTestApp } from './support/test-app.ts';

const USHAKOV = 'North Korea will be represented at the ambassadorial level';

describe('verify answers as schema.org ClaimReview', () => {
  const t = useTestApp({ seed: true });

  it('when Accept asks for JSON-LD, then an accurate quote is a ClaimReview rated 5 that Google and schema.org accept', async () => {
    const res = await request(t.app)
      .post('/v1/verify')
      .set('Accept', 'application/ld+json')
      .send({ text: USHAKOV, speaker: 'Yury Ushakov', date: '2025-05-06' })
      .expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/ld\+json/);
    expect(res.headers.vary).toMatch(/Accept/);
    const review = JSON.parse(res.text) as Record<string, unknown>;
    expect(googleClaimReviewProblems(review)).toEqual([]);
    expect(schemaOrgProblems(review)).toEqual([]);
    expect(review).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'ClaimReview',
      claimReviewed: USHAKOV,
      author: { '@type': 'Organization', name: 'whosaid test desk', url: 'https://factcheck.example' },
      reviewRating: { alternateName: 'accurate', ratingValue: 5, worstRating: 1, bestRating: 5 },
      itemReviewed: {
        '@type': 'Claim',
        author: { '@type': 'Person', name: 'Yury Ushakov', url: 'https://factcheck.example/speakers/yury-ushakov' },
        datePublished: '2025-05-06',
        firstAppearance: { '@type': 'NewsArticle', datePublished: '2025-05-08' },
      },
    });
    expect(review.url).toMatch(/^https:\/\/factcheck\.example\/quotes\/\d+$/);
    const item = review.itemReviewed as { appearance: { url: string }[]; firstAppearance: { url: string } };
    expect(item.appearance.map((a) => a.url)).toContain(item.firstAppearance.url);
  });

  it('when ?format=claimreview and the words belong to someone else, then the rating is misattributed (1) with the claimed author', async () => {
    const res = await request(t.app).post('/v1/verify?format=claimreview').send({ text: USHAKOV, speaker: 'Kim Jong-un' }).expect(200);
    const review = JSON.parse(res.text) as Record<string, unknown>;
    expect(googleClaimReviewProblems(review)).toEqual([]);
    expect(review).toMatchObject({
      reviewRating: { alternateName: 'misattributed', ratingValue: 1 },
      itemReviewed: { author: { name: 'Kim Jong-un' } },
    });
    expect(String(review.reviewBody)).toContain('Yury Ushakov');
  });

  it('when nothing is on record, then the rating is not_found with no value on the scale and no appearance', async () => {
    const res = await request(t.app)
      .post('/v1/verify?format=claimreview')
      .send({ text: 'Penguins will be appointed to the central committee next spring' })
      .expect(200);
    const review = JSON.parse(res.text) as Record<string, unknown>;
    expect(googleClaimReviewProblems(review)).toEqual([]);
    expect(schemaOrgProblems(review)).toEqual([]);
    expect(review.reviewRating).toMatchObject({ alternateName: 'not_found' });
    expect(review.reviewRating).not.toHaveProperty('ratingValue');
    expect(review.itemReviewed).toEqual({ '@type': 'Claim' });
    expect(review.url).toBe('https://factcheck.example/check');
  });

  it('when no format is asked for, then the answer stays the plain verify JSON', async () => {
    const res = await request(t.app).post('/v1/verify').send({ text: USHAKOV }).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body.verdict).toBe('accurate');
  });

  it('when Accept names only a type the route cannot produce, then 406 not_acceptable', async () => {
    const res = await request(t.app).post('/v1/verify').set('Accept', 'text/csv').send({ text: USHAKOV }).expect(406);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(res.text)).toMatchObject({ code: 'not_acceptable' });
  });
});
