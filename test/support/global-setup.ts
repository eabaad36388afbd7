import type { TestProject } from 'vitest/node';
import { startPostgres } from './postgres-server.js';

/** Starts one PostgreSQL server for the whole run; each test file creates its own databases in it. */
export default async function setup(project: TestProject) {
  const server = await startPostgres();
  project.provide('postgresUrl', server.url);
  return async () => {
    await server.stop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}
