/**
 * The SQLite database and its write discipline.
 *
 * Pragmas, chosen deliberately:
 * - journal_mode=WAL: readers never block the writer, and a commit is one append to the WAL.
 * - synchronous=NORMAL: in WAL mode a committed transaction survives the process being killed
 *   (the WAL is in the OS page cache); only an OS crash or power loss can lose the last
 *   commits before a checkpoint. FULL would fsync every commit, which the update path pays
 *   per keystroke; see the README's durability section.
 * - busy_timeout: a second process (a backup, the CLI) waits instead of failing.
 *
 * `transaction` runs work atomically and runs `afterCommit` callbacks only once it committed,
 * which is how "stored before relayed" holds even when several rooms change in one command.
 */
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { MIGRATIONS } from './migrations.ts';

export type Sqlite = BetterSqlite3.Database;

export class Database {
  readonly sql: Sqlite;
  private committed: Array<() => void> = [];
  private rolledBack: Array<() => void> = [];
  private depth = 0;

  constructor(file: string) {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
    this.sql = new BetterSqlite3(file);
    this.sql.pragma('journal_mode = WAL');
    this.sql.pragma('synchronous = NORMAL');
    this.sql.pragma('busy_timeout = 5000');
    this.sql.pragma('foreign_keys = ON');
    this.migrate();
  }

  /** Runs fn in one transaction; nested calls join the outer one. */
  transaction<T>(fn: () => T): T {
    if (this.depth > 0) return fn();
    this.depth++;
    let result: T;
    try {
      result = this.sql.transaction(fn)();
    } catch (error) {
      const undo = this.rolledBack;
      this.committed = [];
      this.rolledBack = [];
      this.depth--;
      for (const cb of undo) cb();
      throw error;
    }
    this.depth--;
    const done = this.committed;
    this.committed = [];
    this.rolledBack = [];
    for (const cb of done) cb();
    return result;
  }

  /** Runs cb after the current transaction commits, or now when none is open. */
  afterCommit(cb: () => void, onRollback?: () => void): void {
    if (this.depth === 0) {
      cb();
      return;
    }
    this.committed.push(cb);
    if (onRollback) this.rolledBack.push(onRollback);
  }

  close(): void {
    if (this.sql.open) this.sql.close();
  }

  private migrate(): void {
    this.sql.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
    const row = this.sql.prepare('SELECT version FROM schema_version').get() as { version: number } | undefined;
    const current = row?.version ?? 0;
    for (let v = current; v < MIGRATIONS.length; v++) {
      this.sql.transaction(() => {
        this.sql.exec(MIGRATIONS[v]!);
        this.sql.exec('DELETE FROM schema_version');
        this.sql.prepare('INSERT INTO schema_version (version) VALUES (?)').run(v + 1);
      })();
    }
  }
}
