/**
 * SQLite behind the async storage interface.
 *
 * Pragmas, chosen deliberately:
 * - journal_mode=WAL: readers never block the writer, and a commit is one append to the WAL.
 * - synchronous=NORMAL: in WAL mode a committed transaction survives the process being killed
 *   (the WAL is in the OS page cache); only an OS crash or power loss can lose the last
 *   commits before a checkpoint. FULL would fsync every commit, which the update path pays
 *   per batch; see the README's durability section.
 * - busy_timeout: a second process (a backup, the CLI) waits instead of failing.
 *
 * One connection serves everything, so a transaction holds a mutex: a write from outside it
 * waits until it ends instead of slipping into it. Reads do not wait: a transaction may be
 * waiting for a room that such a read is loading.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AsyncLocalStorage } from 'node:async_hooks';
import BetterSqlite3 from 'better-sqlite3';
import { LEGACY_VERSION_TABLE, VERSION_TABLE, migrationPlan } from './migrations.ts';
import { TransactionHooks } from './SqlDatabase.ts';
import type { SqlDatabase, SqlValue } from './SqlDatabase.ts';

export class SqliteDatabase implements SqlDatabase {
  schemaVersion = 0;
  private readonly sql: BetterSqlite3.Database;
  private readonly statements = new Map<string, BetterSqlite3.Statement>();
  private readonly current = new AsyncLocalStorage<TransactionHooks>();
  /** Resolves when the open transaction (if any) has ended. */
  private open: Promise<void> | null = null;

  constructor(file: string) {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
    this.sql = new BetterSqlite3(file);
    this.sql.pragma('journal_mode = WAL');
    this.sql.pragma('synchronous = NORMAL');
    this.sql.pragma('busy_timeout = 5000');
    this.sql.pragma('foreign_keys = ON');
    this.migrate();
  }

  get inTransaction(): boolean {
    return this.current.getStore()?.open === true;
  }

  async all<T>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return this.statement(sql).all(...params) as T[];
  }

  async get<T>(sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    return this.statement(sql).get(...params) as T | undefined;
  }

  getLocked<T>(sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    return this.get(sql, params);
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    await this.outsideOthers();
    return this.statement(sql).run(...params).changes;
  }

  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    if (this.inTransaction) return fn();
    while (this.open) await this.open;
    let end!: () => void;
    this.open = new Promise((resolve) => (end = resolve));
    const hooks = new TransactionHooks();
    let result: T;
    try {
      this.sql.exec('BEGIN IMMEDIATE');
      result = await this.current.run(hooks, fn);
      this.sql.exec('COMMIT');
    } catch (error) {
      if (this.sql.inTransaction) this.sql.exec('ROLLBACK');
      this.open = null;
      end();
      hooks.settle(false);
      throw error;
    }
    this.open = null;
    end();
    hooks.settle(true);
    return result;
  }

  async lock(): Promise<void> {
    // BEGIN IMMEDIATE holds the database's one write lock already.
  }

  afterCommit(cb: () => void, onRollback?: () => void): void {
    const hooks = this.current.getStore();
    if (hooks?.open) hooks.add(cb, onRollback);
    else cb();
  }

  async close(): Promise<void> {
    if (!this.sql.open) return;
    // Fold the WAL into the database so a clean stop leaves one self-contained file.
    this.sql.pragma('wal_checkpoint(TRUNCATE)');
    this.sql.close();
  }

  /** A write from outside the open transaction waits for it; one from inside runs now. */
  private async outsideOthers(): Promise<void> {
    if (this.inTransaction) return;
    while (this.open) await this.open;
  }

  private statement(sql: string): BetterSqlite3.Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.sql.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  private migrate(): void {
    /** The version a table records: null without the table, 0 when it is empty. */
    const recorded = (table: string): number | null => {
      if (!this.sql.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table)) return null;
      return (this.sql.prepare(`SELECT version FROM ${table}`).get() as { version: number } | undefined)?.version ?? 0;
    };
    const legacy = recorded(LEGACY_VERSION_TABLE);
    this.sql.exec(`CREATE TABLE IF NOT EXISTS ${VERSION_TABLE} (version INTEGER NOT NULL)`);
    this.schemaVersion = recorded(VERSION_TABLE)!;
    for (const step of migrationPlan('sqlite', legacy, this.schemaVersion)) {
      this.sql.transaction(() => {
        this.sql.exec(step.sql);
        this.sql.exec(`DELETE FROM ${VERSION_TABLE}`);
        this.sql.prepare(`INSERT INTO ${VERSION_TABLE} (version) VALUES (?)`).run(step.version);
      })();
      this.schemaVersion = step.version;
    }
  }
}
