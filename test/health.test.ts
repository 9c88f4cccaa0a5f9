import { readdirSync } from 'node:fs';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { useTestApp } from './support/test-app.ts';

describe('GET /health', () => {
  const t = useTestApp();

  it('reports the database reachable and the applied schema version', async () => {
    const res = await request(t.app).get('/health').expect(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.database.reachable).toBe(true);
    expect(res.body.database).toMatchObject({ backend: t.backend, replica: null });
    // Each backend has its own migrations: Prisma's folders for SQLite, SQL files for PostgreSQL.
    const folder = t.backend === 'postgres' ? 'src/storage/postgres/migrations' : 'prisma/migrations';
    const migrations = readdirSync(folder).filter((d) => /^\d{14}_/.test(d)).map((d) => d.replace(/\.sql$/, '')).sort();
    expect(res.body.database.latestMigration).toBe(migrations.at(-1));
    expect(res.body.database.appliedMigrations).toBe(migrations.length);
  });

  it('answers unknown routes with a problem+json 404', async () => {
    const res = await request(t.app).get('/v1/nope').expect(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 404, code: 'route_not_found', type: '/problems/route_not_found' });
  });
});
