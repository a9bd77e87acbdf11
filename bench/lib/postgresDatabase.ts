/**
 * A throwaway PostgreSQL database per benchmark run, on the server at BENCH_PG_URL (else
 * TEST_PG_URL, else the local default; trust authentication), so figures never come from a
 * database an earlier run filled. The same approach as the tests' helper, kept here so the
 * bench does not depend on test code.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const BENCH_PG_URL = process.env.BENCH_PG_URL ?? process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface BenchDatabase {
  name: string;
  /** DATABASE_URL for the servers. */
  url: string;
  /**
   * Process ids of the backends serving this database now and of PostgreSQL's own background
   * processes (WAL writer, checkpointer, …), whose work the run's writes cause; for CPU
   * readings from /proc.
   */
  backendPids(): Promise<number[]>;
  /** Ends whatever connections are left and drops the database; safe to call twice. */
  drop(): Promise<void>;
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: BENCH_PG_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function createBenchDatabase(): Promise<BenchDatabase> {
  // Lower-case letters and digits only: safe to interpolate into CREATE/DROP DATABASE.
  const name = `incident_room_bench_${randomBytes(6).toString('hex')}`;
  try {
    await withAdmin((c) => c.query(`CREATE DATABASE ${name}`));
  } catch (error) {
    throw new Error(`cannot create a PostgreSQL database at ${BENCH_PG_URL} (set BENCH_PG_URL): ${(error as Error).message}`);
  }
  const url = new URL(BENCH_PG_URL);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    name,
    url: url.toString(),
    backendPids: () =>
      withAdmin(async (c) => {
        const res = await c.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE (datname = $1 OR datname IS NULL) AND pid <> pg_backend_pid()', [name]);
        return res.rows.map((r) => r.pid);
      }),
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
