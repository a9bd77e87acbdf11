/**
 * A throwaway PostgreSQL database per test file, on the server at TEST_PG_URL (trust auth), so
 * files running in parallel never share tables.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const TEST_PG_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  name: string;
  url: string;
  /** Ends whatever connections are left (a SIGKILLed node's, say) and drops the database. */
  drop(): Promise<void>;
}

/** Runs fn with a connection to the maintenance database named in TEST_PG_URL. */
async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_PG_URL });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`cannot reach PostgreSQL at ${TEST_PG_URL} (set TEST_PG_URL): ${(error as Error).message}`);
  }
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function urlOf(database: string): string {
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function createTestDatabase(): Promise<TestDatabase> {
  // Lower-case letters and digits only: safe to interpolate, and no quoting rules to get wrong.
  const name = `incident_room_test_${randomBytes(6).toString('hex')}`;
  await withAdmin((c) => c.query(`CREATE DATABASE ${name}`));
  let dropped = false;
  return {
    name,
    url: urlOf(name),
    drop: async () => {
      if (dropped) return;
      dropped = true;
      await withAdmin(async (c) => {
        await c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      });
    },
  };
}
