import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { startStorage } from '../src/bootstrap.ts';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';
import type { Storage } from '../src/storage/index.ts';
import { createInProcessExtractor } from '../src/workers/extraction-pool.ts';
import { createTestApp, type TestApp } from './support/test-app.ts';

type App = ReturnType<typeof createApp>;

const opened: { close(): Promise<void> }[] = [];
afterAll(async () => {
  for (const o of opened.reverse()) await o.close();
});

/** A server start on this database: migrations, then the seed (SEED_ON_START defaults to true). */
async function restart(databaseUrl: string): Promise<{ storage: Storage; app: App }> {
  const config = loadConfig({ DATABASE_URL: databaseUrl });
  const logger = createLogger({ logLevel: 'silent' });
  const storage = await startStorage(config, logger, { serving: true });
  opened.push(storage);
  return { storage, app: createApp({ config, repos: storage.repos, logger, extractor: createInProcessExtractor(config.reviewConfidenceThreshold) }) };
}

async function seeded(): Promise<TestApp> {
  const t = await createTestApp({ seed: true });
  opened.push(t);
  return t;
}

/** Every stored quote (any status) with exactly these words: id and speaker. */
async function copiesOf(app: App, words: string): Promise<[number, string, string][]> {
  const res = await request(app).get('/v1/quotes').query({ q: `"${words}"`, status: 'all' }).expect(200);
  return (res.body.items as { id: number; text: string; status: string; speaker: { slug: string } }[])
    .filter((i) => i.text === words)
    .map((i) => [i.id, i.speaker.slug, i.status]);
}

const AMBASSADORIAL = 'North Korea will be represented at the ambassadorial level';
const ANOTHER_MEETING = 'But there will be another interesting meeting, which you’ll learn about a little later';

describe('tombstones: seeding never brings back what an editor took off the record', () => {
  it('when a seed quote is retracted and the app restarts on the same database (seeding again), then it stays retracted and no new copy appears', async () => {
    const t = await seeded();
    const [[id]] = (await copiesOf(t.app, AMBASSADORIAL)) as [[number, string, string]];
    await t.api().post(`/v1/quotes/${id}/retract`).send({ reason: 'Retracted to test the seed.' }).expect(200);
    await t.backendStorage.close();

    const { app } = await restart(t.databaseUrl);
    expect(await copiesOf(app, AMBASSADORIAL)).toEqual([[id, 'yury-ushakov', 'retracted']]);
    const page = await request(app).get(`/v1/quotes/${id}`).expect(200);
    expect(page.body.statusNote).toMatchObject({ reason: 'Retracted to test the seed.', changedBy: 'test editor' });
    expect((await request(app).get('/v1/quotes').query({ q: 'ambassadorial' }).expect(200)).body.items).toEqual([]);
  });

  it('when a seed quote is moved to a speaker the document names and the app restarts, then the old attribution is not filed again', async () => {
    const t = await seeded();
    const [[id, speaker]] = (await copiesOf(t.app, ANOTHER_MEETING)) as [[number, string, string]];
    expect(speaker).toBe('yury-ushakov');
    const text = (await request(t.app).get('/v1/documents/1').expect(200)).body.text as string;
    const start = text.indexOf('The Kremlin');
    const moved = await t
      .api()
      .patch(`/v1/quotes/${id}`)
      .send({ speaker: { ref: 'kremlin', mention: { start, end: start + 'The Kremlin'.length } }, reason: 'A test: the Kremlin said it.' });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    await t.backendStorage.close();

    const { app } = await restart(t.databaseUrl);
    expect(await copiesOf(app, ANOTHER_MEETING)).toEqual([[id, 'kremlin', 'corrected']]);
  });
});
