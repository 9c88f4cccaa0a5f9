import type { TestProject } from 'vitest/node';
import { migratePostgres } from '../../src/storage/postgres/migrate.ts';
import { createDatabase, startPostgresServer } from './postgres-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Which backend this project's test apps and contract suite run on. */
    backend: 'sqlite' | 'postgres';
    /** The throwaway server's maintenance database URL, and the migrated template each test file copies. */
    postgresServer: string;
    postgresTemplate: string;
  }
}

const TEMPLATE = 'whosaid_template';

/** Starts one throwaway PostgreSQL server for the project and migrates a template database on it. */
export default async function setup(project: TestProject): Promise<() => void> {
  const server = await startPostgresServer();
  try {
    await createDatabase(server.url(), TEMPLATE, null);
    await migratePostgres(server.url(TEMPLATE));
  } catch (error) {
    server.stop();
    throw error;
  }
  project.provide('backend', 'postgres');
  project.provide('postgresServer', server.url());
  project.provide('postgresTemplate', TEMPLATE);
  return () => server.stop();
}
