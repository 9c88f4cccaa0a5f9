import BetterSqlite3 from 'better-sqlite3';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { lshIndexPath } from '../src/storage/sqlite/verify-index/lsh-index.store.ts';
import type { Repositories } from '../src/storage/ports/index.ts';
import { findCandidates } from '../src/services/verify-candidates.ts';
import { verifyClaim } from '../src/services/verify.service.ts';
import { analyseClaim } from '../src/verification/compare.ts';
import { functionWordsOf } from '../src/verification/function-words.ts';
import { lshMatch } from '../src/storage/sqlite/verify-index/lsh-token.ts';
import { LSH_VERSION, lshBuckets } from '../src/verification/minhash.ts';
import { skeletonBucket } from '../src/verification/skeleton.ts';
import { skeletonVariantBuckets } from '../src/verification/skeleton-variants.ts';
import { THRESHOLDS } from '../src/verification/thresholds.ts';
import { sqlRows } from './support/sql.ts';
import { useTestApp, unique, type TestApp } from './support/test-app.ts';

/** Quote ids whose LSH row holds this bucket's token, once the index has caught up with this process's writes. */
async function lshHolders(t: TestApp, bucket: { band: number; bucket: number }): Promise<number[]> {
  if (t.backend === 'postgres') {
    // On PostgreSQL a key is band × 2³² + the bucket read unsigned, in quote_lsh.keys (the GIN table and the backlog, both committed with the write).
    const key = bucket.band * 2 ** 32 + (bucket.bucket >>> 0);
    return (await sqlRows<{ id: number }>(t, { sqlite: '', postgres: 'SELECT quote_id AS id FROM quote_lsh WHERE keys @> ARRAY[$1::bigint]' }, [key])).map((r) => r.id);
  }
  await t.db.lshIndex.settled();
  return t.db.sql.prepare('SELECT rowid FROM quote_lsh WHERE quote_lsh MATCH ?').pluck().all(lshMatch(bucket)) as number[];
}

/** The quote's normalized text. */
async function normalizedTextOf(t: TestApp, quoteId: number): Promise<string> {
  const [found] = await sqlRows<{ text: string }>(t, { sqlite: 'SELECT normalizedText AS text FROM Quote WHERE id = ?', postgres: 'SELECT normalized_text AS text FROM quote WHERE id = $1' }, [quoteId]);
  return found?.text ?? '';
}

/** A writable connection to the app's verify index file (the app's own connection to it is read-only). */
function openLshIndexFile(t: TestApp): BetterSqlite3.Database {
  return new BetterSqlite3(lshIndexPath(t.db.path), { fileMustExist: true });
}

/** A speaker, a document and one direct quote of theirs, all unique to the calling test. */
async function recordQuote(t: TestApp, words: string, options: { affiliations?: object[]; publishedOn?: string; saidOn?: string } = {}) {
  const tag = unique('sp');
  const speaker = await t
    .api()
    .post('/v1/speakers')
    .send({ name: `Speaker ${tag}`, kind: 'person', affiliations: options.affiliations ?? [] })
    .expect(201);
  const text = `In an interview, Speaker ${tag} said: “${words}” (${tag})`;
  const doc = await t
    .api()
    .post('/v1/documents')
    .send({ text, outlet: `Outlet ${tag}`, publishedOn: options.publishedOn ?? '2020-06-01' })
    .expect(201);
  const start = text.indexOf(words);
  const quote = await t
    .api()
    .post('/v1/quotes')
    .send({
      speaker: speaker.body.slug,
      text: words,
      kind: 'direct',
      ...(options.saidOn === undefined ? {} : { saidOn: options.saidOn }),
      evidence: { documentId: doc.body.id, start, end: start + words.length, relays: [{ name: `Agency ${tag}` }] },
    })
    .expect(201);
  return { slug: speaker.body.slug as string, quoteId: quote.body.id as number, tag };
}

describe('POST /v1/verify: evidence, index upkeep and tiers', () => {
  const t = useTestApp({ seed: true });

  it('a quote recorded through the API is verifiable at once, with its provenance', async () => {
    const words = `Our ${unique('w')} reactors will not restart before the spring inspection is complete`;
    const q = await recordQuote(t, words);
    const buckets = lshBuckets(await normalizedTextOf(t, q.quoteId));
    // 12 MinHash bands, the function-word skeleton and the function words alone, each token finding the quote.
    expect(buckets.map((b) => b.band)).toEqual([...Array(14).keys()]);
    for (const bucket of buckets) expect(await lshHolders(t, bucket)).toContain(q.quoteId);
    const res = await request(t.app).post('/v1/verify').send({ text: words, speaker: q.slug }).expect(200);
    expect(res.body).toMatchObject({ verdict: 'accurate', tier: 'exact' });
    expect(res.body.matches[0].quote.id).toBe(q.quoteId);
    expect(res.body.matches[0].provenance).toMatchObject({
      earliest: { outlet: `Outlet ${q.tag}`, label: `Outlet ${q.tag}`, publishedOn: '2020-06-01' },
      documents: 1,
      relays: [`Agency ${q.tag}`],
      firstAppearance: '2020-06-01',
    });
  });

  it('when the earliest document has no outlet or title, then the answer names it by what its text states (dateline and date)', async () => {
    const res = await request(t.app)
      .post('/v1/verify')
      .send({ text: 'North Korea will be represented at the ambassadorial level', speaker: 'Ushakov' })
      .expect(200);
    expect(res.body.matches[0].provenance.earliest).toMatchObject({ outlet: null, title: null, dateline: 'SEOUL', label: 'Report from SEOUL, 2025-05-08' });
  });

  it('finds a lightly edited claim through the LSH tier, and a heavily edited one through full text', async () => {
    const rare = unique('zq');
    const words = `The ${rare} pipeline carries gas from northern fields to coastal terminals every winter season`;
    const q = await recordQuote(t, words);
    // Only a function word changes: the content words, hence every LSH band, stay the same.
    const light = await request(t.app).post('/v1/verify').send({ text: words.replace('carries gas', 'carries the gas') }).expect(200);
    expect(light.body).toMatchObject({ verdict: 'altered', tier: 'lsh' });
    expect(light.body.matches[0].quote.id).toBe(q.quoteId);
    // Words added and dropped as well as replaced: the skeleton band no longer matches, full text must find it.
    const heavy = await request(t.app)
      .post('/v1/verify')
      .send({ text: `The ${rare} pipeline moves oil from the northern fields to coastal ports every summer` })
      .expect(200);
    expect(heavy.body).toMatchObject({ verdict: 'altered', tier: 'fts' });
    expect(heavy.body.matches[0].quote.id).toBe(q.quoteId);
  });

  it('a short quote with four words replaced in place is altered (nearWholeMin); a same-length claim sharing only function words is not', async () => {
    const rare = unique('zq');
    // 9 words, 4 replaced: similarity (5/9 + 5/13) / 2 ≈ 0.47, under nearMin 0.5 but over nearWholeMin 0.44.
    const q = await recordQuote(t, `${rare} wardens will ratify the salmon treaty before midsummer`);
    const altered = await request(t.app)
      .post('/v1/verify')
      .send({ text: `${rare} ministers will reject the herring treaty before autumn` })
      .expect(200);
    // Found through the skeleton band (words replaced in place), its only shared content word being the rare one.
    expect(altered.body).toMatchObject({ verdict: 'altered', tier: 'lsh' });
    expect(altered.body.matches[0].quote.id).toBe(q.quoteId);
    expect(altered.body.matches[0].similarity).toBeLessThan(0.5);
    // Same skeleton as the quote ("_ _ will _ the _ _ before _"), so it is a candidate, but only the 3 function words agree.
    const unrelated = await request(t.app).post('/v1/verify').send({ text: 'Valley farmers will grow the barley crop before spring' }).expect(200);
    expect(unrelated.body).toMatchObject({ verdict: 'not_found', matches: [] });
  });

  it('finds a quote through its function-word skeleton when the claim replaced its rare words in place', async () => {
    const rare = unique('zq');
    const q = await recordQuote(t, `They said the ${rare} wardens would ratify it before the vote`);
    // Every rarer word replaced: the full-text tier has nothing of the quote's to look for, the skeleton is intact.
    const res = await request(t.app).post('/v1/verify').send({ text: 'They said the herring keepers would reject it before the summer' }).expect(200);
    expect(res.body).toMatchObject({ verdict: 'altered', tier: 'lsh' });
    expect(res.body.matches[0].quote.id).toBe(q.quoteId);
    expect(res.body.flags.map((f: { code: string }) => f.code)).toContain('words_changed');
  });

  it('finds a quote with a word added and one removed through its function words, though its skeleton shifted', async () => {
    const rare = unique('zq');
    const q = await recordQuote(t, `They said the ${rare} wardens would ratify it before the vote`);
    // "wardens" removed, "quickly" added, two more words replaced: the skeleton is two edits off, the function words intact.
    const claim = `They said the ${rare} would quickly reject it before the summer`;
    expect(functionWordsOf(claim).key).toBe(functionWordsOf(`They said the ${rare} wardens would ratify it before the vote`).key);
    const res = await request(t.app).post('/v1/verify').send({ text: claim }).expect(200);
    expect(res.body).toMatchObject({ verdict: 'altered', tier: 'lsh' });
    expect(res.body.matches[0].quote.id).toBe(q.quoteId);
  });

  it('finds a quote whose function words changed too through a skeleton two token edits away', async () => {
    const rare = unique('zq');
    const words = `They said the ${rare} wardens would ratify it before the vote`;
    const q = await recordQuote(t, words);
    // "that" added, "wardens" removed: the function words differ, the skeleton is one deletion and one slot away.
    const claim = `They said that the ${rare} would reject it before the summer`;
    expect(functionWordsOf(claim).key).not.toBe(functionWordsOf(words).key);
    expect(skeletonVariantBuckets(claim, 2, THRESHOLDS.skeletonVariantProbes)[1]).toContain(skeletonBucket(words).bucket);
    const res = await request(t.app).post('/v1/verify').send({ text: claim }).expect(200);
    expect(res.body).toMatchObject({ verdict: 'altered', tier: 'lsh' });
    expect(res.body.matches[0].quote.id).toBe(q.quoteId);
  });

  it('a claim sharing only the function words of a quote, in order, stays not_found (shapeSharedWords)', async () => {
    const q = await recordQuote(t, `It is the view of the ${unique('zq')} wardens that they will ratify it before the vote in the spring`);
    // Same function words in the same order, similarity ≈ 0.53, but not one content word in common.
    const claim = 'It is the hope of the keepers that they will soon reject it before the talks in the autumn';
    const { comparisons } = await findCandidates(t.repos, analyseClaim(claim));
    expect(comparisons.find((c) => c.quote.id === q.quoteId)).toMatchObject({ relation: 'distant' });
    const res = await request(t.app).post('/v1/verify').send({ text: claim }).expect(200);
    expect(res.body).toMatchObject({ verdict: 'not_found', matches: [] });
  });

  it('half of a short quote replaced in place is altered when a content word stays in place; function words alone are not enough', async () => {
    const rare = unique('zq');
    const q = await recordQuote(t, `${rare} wardens of the salmon river will ratify`);
    // 8 words, 4 replaced: similarity (4/8 + 4/12) / 2 ≈ 0.42, below nearWholeMin; the in-place rule decides.
    const altered = await request(t.app).post('/v1/verify').send({ text: `${rare} keepers of the herring lake will reject` }).expect(200);
    expect(altered.body).toMatchObject({ verdict: 'altered' });
    expect(altered.body.matches[0].quote.id).toBe(q.quoteId);
    expect(altered.body.matches[0].similarity).toBeLessThan(0.44);
    await recordQuote(t, `${unique('zq')} said that the wardens would ratify it`);
    // Half its words in place too ("that the … would … it"), but only function words.
    const unrelated = await request(t.app).post('/v1/verify').send({ text: 'Farmers hoped that the barley would sell it' }).expect(200);
    expect(unrelated.body).toMatchObject({ verdict: 'not_found', matches: [] });
  });

  it('a borderline full-text match resting on common words only is not_found; the same match through a rare word is altered', async () => {
    const [a, b] = [unique('zq'), unique('zr')];
    // The shape of a fabricated claim that was attributed at 1M quotes: two shared words and "the the" line up (similarity ≈ 0.58).
    const q = await recordQuote(
      t,
      `Stounaix piorkplen with caistson the the at the not stanwol ${a} ${b} the the of that the rixlel kriostny gemchaim the temvyrk and by and jeabryng`,
    );
    const claim = `${a} ${b} of and markkiox the the the`;
    const rare = await verifyClaim(t.repos, { text: claim, limit: 5 });
    expect(rare).toMatchObject({ verdict: 'altered', tier: 'fts' });
    expect(rare.matches[0]?.quote.id).toBe(q.quoteId);
    expect(rare.matches[0]?.similarity).toBeLessThan(THRESHOLDS.rareEvidenceMin);
    // The same words as common as they were there (16,542 and 28,236 of 1M quotes): nothing rare is shared.
    const common: Repositories['verify'] = Object.create(t.repos.verify, {
      termRarity: { value: (terms: readonly string[], upTo: number) => new Map(terms.map((term) => [term, { quotes: upTo, more: true }])) },
    });
    expect(await verifyClaim({ ...t.repos, verify: common }, { text: claim, limit: 5 })).toMatchObject({ verdict: 'not_found', matches: [] });
  });

  it('flags an affiliation at the claimed date that differs from the one when the words were said', async () => {
    const words = `As ${unique('role')} minister I will never sign a treaty that cedes the northern islands`;
    const q = await recordQuote(t, words, {
      saidOn: '2020-05-30',
      affiliations: [
        { organization: `Ministry ${unique('m')}`, role: 'deputy minister', validFrom: '2010', validTo: '2014' },
        { organization: `Ministry ${unique('m')}`, role: 'minister', validFrom: '2015' },
      ],
    });
    const res = await request(t.app).post('/v1/verify').send({ text: words, speaker: q.slug, date: '2012-03-01' }).expect(200);
    const codes = res.body.flags.map((f: { code: string }) => f.code);
    expect(res.body.verdict).toBe('accurate');
    expect(codes).toEqual(expect.arrayContaining(['affiliation_differs', 'earlier_than_record']));
    expect(res.body.matches[0].affiliationAtTime.map((a: { role: string }) => a.role)).toEqual(['minister']);
    const same = await request(t.app).post('/v1/verify').send({ text: words, speaker: q.slug, date: '2020-05-30' }).expect(200);
    expect(same.body.flags.map((f: { code: string }) => f.code)).not.toContain('affiliation_differs');
  });

  it('a near-duplicate of a quote just recorded is found through the LSH tier at once (verify waits for the index)', async () => {
    const words = `Tolls ${unique('t')} on the coastal motorway will rise by a third next year`;
    const q = await recordQuote(t, words);
    // No wait here: the index follows the commit on its own thread, and verify waits for it.
    const res = await request(t.app).post('/v1/verify').send({ text: words.replace('will rise', 'would rise') }).expect(200);
    expect(res.body).toMatchObject({ tier: 'lsh', verdict: 'altered' });
    expect(res.body.matches[0].quote.id).toBe(q.quoteId);
  });

  it('reconciliation restores rows the index lost and removes rows of quotes it no longer has', async () => {
    const words = `Grain ${unique('g')} exports to the southern ports will double within three harvests`;
    const q = await recordQuote(t, words);
    // As after a crash between the quote's commit and its index write: no row; and a row for a quote the
    // database does not hold (deleted while the index was not told).
    const ghost = 1_000_000_000 + Math.floor(Math.random() * 1_000_000);
    if (t.backend === 'postgres') {
      const db = t.postgres.connections.write;
      await db.query('DELETE FROM quote_lsh_indexed WHERE quote_id = $1', [q.quoteId]);
      await db.query('DELETE FROM quote_lsh_backlog WHERE quote_id = $1', [q.quoteId]);
      await db.query('INSERT INTO quote_lsh_indexed (quote_id, version, keys) VALUES ($1, $2, ARRAY[1, 4294967298]::bigint[])', [ghost, LSH_VERSION]);
    } else {
      await t.db.lshIndex.settled();
      const file = openLshIndexFile(t);
      file.prepare('DELETE FROM quote_lsh WHERE rowid = ?').run(q.quoteId);
      file.prepare('DELETE FROM lsh_signed WHERE quoteId = ?').run(q.quoteId);
      file.prepare('INSERT INTO quote_lsh (rowid, buckets) VALUES (?, ?)').run(ghost, 'b0x1 b1x2');
      file.prepare('INSERT INTO lsh_signed (quoteId, hash) VALUES (?, ?)').run(ghost, 'gone');
      file.close();
    }
    const lightEdit = words.replace('will double', 'would double');
    const before = await request(t.app).post('/v1/verify').send({ text: lightEdit }).expect(200);
    expect(before.body.tier).not.toBe('lsh');
    const report = await t.repos.writes.reconcileLshIndex();
    expect(report.indexed).toBeGreaterThanOrEqual(1);
    expect(report.removed).toBeGreaterThanOrEqual(1);
    expect(await lshHolders(t, { band: 0, bucket: 1 })).not.toContain(ghost);
    const after = await request(t.app).post('/v1/verify').send({ text: lightEdit }).expect(200);
    expect(after.body).toMatchObject({ tier: 'lsh', verdict: 'altered' });
    expect(after.body.matches[0].quote.id).toBe(q.quoteId);
    expect(await t.repos.writes.reconcileLshIndex()).toEqual({ indexed: 0, removed: 0, complete: true });
  });

  it('deleting a quote removes its LSH row', async () => {
    const q = await recordQuote(t, `Ferries ${unique('f')} will stop running between the islands in March`);
    const buckets = lshBuckets(await normalizedTextOf(t, q.quoteId));
    for (const bucket of buckets) expect(await lshHolders(t, bucket)).toContain(q.quoteId);
    expect(await t.repos.writes.deleteQuote(q.quoteId)).toBe(true);
    for (const bucket of buckets) expect(await lshHolders(t, bucket)).not.toContain(q.quoteId);
    if (t.backend === 'postgres') return;
    const file = openLshIndexFile(t);
    expect(file.prepare('SELECT COUNT(*) FROM lsh_signed WHERE quoteId = ?').pluck().get(q.quoteId)).toBe(0);
    expect(() => file.prepare(`INSERT INTO quote_lsh (quote_lsh, rank) VALUES ('integrity-check', 0)`).run()).not.toThrow();
    file.close();
  });

  it('shows a word diff and what a partial claim leaves out', async () => {
    const res = await request(t.app)
      .post('/v1/verify')
      .send({ text: 'There will be another interesting meeting', speaker: 'Ushakov' })
      .expect(200);
    const top = res.body.matches[0];
    expect(top.omitted).toEqual({ before: 'But', after: "which you'll learn about a little later" });
    expect(top.diff[0]).toEqual({ op: 'removed', text: 'But' });
    expect(top.affiliationAtTime.map((a: { role: string }) => a.role)).toEqual(['presidential aide']);
  });

  it('respects limit', async () => {
    const res = await request(t.app)
      .post('/v1/verify')
      .send({ text: 'the deployment and casualties of North Korean troops fighting against Ukraine', limit: 1 })
      .expect(200);
    expect(res.body.matches).toHaveLength(1);
  });
});
