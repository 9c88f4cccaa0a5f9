import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../../src/config.ts';
import { migrateDatabase } from '../../src/storage/sqlite/migrate.ts';
import { unpackChromiumAhead } from './chromium.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}

/**
 * Migrates one template database with the real Prisma CLI; every test file
 * copies it, so each file has its own SQLite file without re-running migrations.
 * Unpacks the browser tests' Chromium once, before the test processes start.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  await unpackChromiumAhead();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'whosaid-template-'));
  const file = path.join(dir, 'template.db');
  await migrateDatabase(loadConfig({ DATABASE_URL: `file:${file}` }));
  project.provide('templateDatabase', file);
  project.provide('backend', 'sqlite');
  return () => rmSync(dir, { recursive: true, force: true });
}
