/**
 * PostgreSQL behind the async storage interface, for several server nodes sharing one database.
 * A transaction holds one pooled connection for its whole async chain; queries outside any
 * transaction take whichever connection is free. Migrations run under an advisory lock, so
 * nodes starting together apply each one once.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import { LEGACY_VERSION_TABLE, VERSION_TABLE, migrationPlan } from './migrations.ts';
import { TransactionHooks } from './SqlDatabase.ts';
import type { SqlDatabase, SqlValue } from './SqlDatabase.ts';

// Timestamps (ms) and sequence numbers are BIGINT; they fit a double exactly.
pg.types.setTypeParser(pg.types.builtins.INT8, Number);

const MIGRATION_LOCK = 7_413_201;

interface Open {
  client: pg.PoolClient;
  hooks: TransactionHooks;
}

export class PostgresDatabase implements SqlDatabase {
  schemaVersion = 0;
  private readonly pool: pg.Pool;
  private readonly current = new AsyncLocalStorage<Open>();
  private readonly texts = new Map<string, string>();

  private constructor(url: string, poolSize: number) {
    this.pool = new pg.Pool({ connectionString: url, max: poolSize });
    // An idle pooled connection that breaks (database restart) must not crash the process.
    this.pool.on('error', () => {});
  }

  static async connect(url: string, poolSize = 10): Promise<PostgresDatabase> {
    const db = new PostgresDatabase(url, poolSize);
    try {
      await db.migrate();
    } catch (error) {
      await db.pool.end();
      throw error;
    }
    return db;
  }

  get inTransaction(): boolean {
    return this.current.getStore()?.hooks.open === true;
  }

  async all<T>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return (await this.query(sql, params)).rows as T[];
  }

  async get<T>(sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    return (await this.query(sql, params)).rows[0] as T | undefined;
  }

  getLocked<T>(sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    return this.get(`${sql} FOR UPDATE`, params);
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    return (await this.query(sql, params)).rowCount ?? 0;
  }

  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    if (this.inTransaction) return fn();
    const client = await this.pool.connect();
    const open: Open = { client, hooks: new TransactionHooks() };
    let result: T;
    try {
      await client.query('BEGIN');
      result = await this.current.run(open, fn);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      client.release();
      open.hooks.settle(false);
      throw error;
    }
    client.release();
    open.hooks.settle(true);
    return result;
  }

  async lock(name: string): Promise<void> {
    await this.query('SELECT pg_advisory_xact_lock(hashtext(?))', [name]);
  }

  afterCommit(cb: () => void, onRollback?: () => void): void {
    const open = this.current.getStore();
    if (open?.hooks.open) open.hooks.add(cb, onRollback);
    else cb();
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private query(sql: string, params: readonly SqlValue[]): Promise<pg.QueryResult> {
    const open = this.current.getStore();
    const target = open?.hooks.open ? open.client : this.pool;
    return target.query(this.text(sql), params.map(toPg));
  }

  /** `?` placeholders become `$1, $2, …` (our SQL has no `?` inside literals). */
  private text(sql: string): string {
    let text = this.texts.get(sql);
    if (text === undefined) {
      let n = 0;
      text = sql.replace(/\?/g, () => `$${++n}`);
      this.texts.set(sql, text);
    }
    return text;
  }

  private async migrate(): Promise<void> {
    const client = await this.pool.connect();
    /** The version a table records: null without the table, 0 when it is empty. */
    const recorded = async (table: string): Promise<number | null> => {
      if ((await client.query('SELECT to_regclass($1) AS t', [table])).rows[0].t === null) return null;
      return ((await client.query(`SELECT version FROM ${table}`)).rows[0] as { version: number } | undefined)?.version ?? 0;
    };
    try {
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
      const legacy = await recorded(LEGACY_VERSION_TABLE);
      await client.query(`CREATE TABLE IF NOT EXISTS ${VERSION_TABLE} (version INTEGER NOT NULL)`);
      this.schemaVersion = (await recorded(VERSION_TABLE))!;
      for (const step of migrationPlan('postgres', legacy, this.schemaVersion)) {
        await client.query('BEGIN');
        try {
          await client.query(step.sql);
          await client.query(`DELETE FROM ${VERSION_TABLE}`);
          await client.query(`INSERT INTO ${VERSION_TABLE} (version) VALUES ($1)`, [step.version]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw error;
        }
        this.schemaVersion = step.version;
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
      client.release();
    }
  }
}

/** pg would send a plain Uint8Array as JSON; a Buffer over the same memory goes as bytea. */
function toPg(value: SqlValue): unknown {
  return value instanceof Uint8Array && !Buffer.isBuffer(value) ? Buffer.from(value.buffer, value.byteOffset, value.byteLength) : value;
}
