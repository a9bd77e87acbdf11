/**
 * The one storage interface both engines implement: SQLite (embedded, the default) and
 * PostgreSQL (DATABASE_URL, for several server nodes). Repositories write portable SQL with `?`
 * placeholders and quoted aliases; each driver adapts it to its engine, and whatever has no
 * portable spelling is a method here, so no repository asks which engine it is on.
 *
 * Transactions follow the async call chain: a query made anywhere inside `transaction(fn)`
 * joins it, and a nested `transaction` joins the outer one, so repositories never pass a
 * transaction handle around. `afterCommit` callbacks run once the outermost one committed,
 * which is how "stored before relayed" holds when one command changes several documents.
 */
export type SqlValue = string | number | null | Uint8Array;

export type Dialect = 'sqlite' | 'postgres';

export interface SqlDatabase {
  /** How many of the schema's migrations this database has applied (see migrations.ts). */
  readonly schemaVersion: number;
  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  /**
   * Inside a transaction: `get` of one SELECT whose rows stay locked against other
   * transactions' writes until this one ends (PostgreSQL's FOR UPDATE; SQLite's transactions
   * exclude each other already).
   */
  getLocked<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  /** Runs a statement; resolves with the number of rows it changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  /** Runs cb after the current transaction commits (now, when none is open); onRollback if it does not. */
  afterCommit(cb: () => void, onRollback?: () => void): void;
  /**
   * Inside a transaction: holds off every other transaction taking the lock of the same name
   * until this one ends. (SQLite's transactions exclude each other already.)
   */
  lock(name: string): Promise<void>;
  /** Whether the caller is inside a transaction. */
  readonly inTransaction: boolean;
  close(): Promise<void>;
}

/**
 * The callbacks of one transaction. Timers and callbacks scheduled inside a transaction carry
 * its async context after it ended; `open` tells them it is over, so they start their own.
 */
export class TransactionHooks {
  open = true;
  private committed: Array<() => void> = [];
  private rolledBack: Array<() => void> = [];

  add(cb: () => void, onRollback?: () => void): void {
    this.committed.push(cb);
    if (onRollback) this.rolledBack.push(onRollback);
  }

  settle(ok: boolean): void {
    this.open = false;
    for (const cb of ok ? this.committed : this.rolledBack) cb();
  }
}
