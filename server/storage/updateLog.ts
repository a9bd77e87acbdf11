/**
 * The append-only Yjs update log: one row per stored update, with its author and receive time.
 * Each document numbers its updates 1, 2, 3, … (its head row holds the last number and is
 * locked while a transaction appends), so any node can tell whether it holds every update up
 * to a number and fetch exactly the ones it lacks.
 */
import type { SqlDatabase } from './sql/SqlDatabase.ts';

export interface StoredUpdate {
  seq: number;
  data: Uint8Array;
  author: string;
  receivedAt: number;
}

export interface PendingUpdate {
  data: Uint8Array;
  author: string;
  receivedAt: number;
}

/** What loading a document reads: its latest snapshot (if any) and the updates stored after it. */
export interface StoredState {
  snapshot: Uint8Array | null;
  updates: Uint8Array[];
  /** The size of the snapshot and the updates read: what the document weighs in memory. */
  bytes: number;
  /** The size of the document's whole stored log, every update since its first. */
  logBytes: number;
  /** The number of the newest update the state holds. */
  head: number;
}

/** PostgreSQL takes at most 65,535 parameters per statement; five per row. */
const ROWS_PER_INSERT = 1000;

export class UpdateLog {
  constructor(private readonly db: SqlDatabase) {}

  /**
   * Appends updates to a document's log inside the caller's transaction; returns the number
   * the first one got. Taking the next numbers locks the document's head row until commit, so
   * numbers commit in order on every node; the same statement adds the updates' size to the
   * head's total, so it is exact whoever appends.
   */
  async append(doc: string, updates: readonly PendingUpdate[]): Promise<number> {
    const size = updates.reduce((sum, u) => sum + u.data.length, 0);
    const head = await this.db.get<{ seq: number }>(
      `INSERT INTO doc_heads (doc, seq, bytes) VALUES (?, ?, ?)
       ON CONFLICT (doc) DO UPDATE SET seq = doc_heads.seq + excluded.seq, bytes = doc_heads.bytes + excluded.bytes RETURNING seq`,
      [doc, updates.length, size],
    );
    const first = head!.seq - updates.length + 1;
    for (let offset = 0; offset < updates.length; offset += ROWS_PER_INSERT) {
      const chunk = updates.slice(offset, offset + ROWS_PER_INSERT);
      const params = chunk.flatMap((u, i) => [doc, first + offset + i, u.data, u.author, u.receivedAt]);
      await this.db.run(`INSERT INTO doc_updates (doc, doc_seq, data, author, received_at) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?)').join(', ')}`, params);
    }
    return first;
  }

  /**
   * The number of a document's newest update, locking its head against appends by anyone else
   * until the caller's transaction ends: what makes a read-decide-write exact across nodes.
   */
  async lockHead(doc: string): Promise<number> {
    const read = () => this.db.getLocked<{ seq: number }>('SELECT seq FROM doc_heads WHERE doc = ?', [doc]);
    const row = await read();
    if (row) return row.seq;
    await this.db.run('INSERT INTO doc_heads (doc, seq) VALUES (?, 0) ON CONFLICT (doc) DO NOTHING', [doc]);
    return (await read())!.seq;
  }

  /** The newest update number of each of these documents (0 for none). */
  async heads(docs: readonly string[]): Promise<Map<string, number>> {
    const result = new Map<string, number>();
    if (docs.length === 0) return result;
    const rows = await this.db.all<{ doc: string; seq: number }>(`SELECT doc, seq FROM doc_heads WHERE doc IN (${docs.map(() => '?').join(', ')})`, docs);
    for (const r of rows) result.set(r.doc, r.seq);
    return result;
  }

  /** Updates numbered after `seq` (and up to `until`), in order. */
  after(doc: string, seq: number, until = Number.MAX_SAFE_INTEGER): Promise<Array<{ seq: number; data: Uint8Array }>> {
    return this.db.all('SELECT doc_seq AS seq, data FROM doc_updates WHERE doc = ? AND doc_seq > ? AND doc_seq <= ? ORDER BY doc_seq', [doc, seq, until]);
  }

  async load(doc: string): Promise<StoredState> {
    const snap = await this.db.get<{ uptoSeq: number; data: Uint8Array }>('SELECT upto_seq AS "uptoSeq", data FROM doc_snapshots WHERE doc = ?', [doc]);
    const rows = await this.after(doc, snap?.uptoSeq ?? 0);
    // Read after the updates: an append in between makes the total larger, never smaller.
    const total = await this.db.get<{ bytes: number }>('SELECT bytes FROM doc_heads WHERE doc = ?', [doc]);
    let bytes = snap?.data.length ?? 0;
    for (const r of rows) bytes += r.data.length;
    return {
      snapshot: snap?.data ?? null,
      updates: rows.map((r) => r.data),
      bytes,
      logBytes: total?.bytes ?? 0,
      head: rows.length > 0 ? rows[rows.length - 1]!.seq : (snap?.uptoSeq ?? 0),
    };
  }

  /**
   * Records `state` as the document's content up to update `uptoSeq`. A snapshot never replaces
   * a newer one, so nodes compacting the same document at once cannot go backwards.
   */
  async saveSnapshot(doc: string, state: Uint8Array, uptoSeq: number, now: number): Promise<void> {
    await this.db.run(
      `INSERT INTO doc_snapshots (doc, upto_seq, data, created_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (doc) DO UPDATE SET upto_seq = excluded.upto_seq, data = excluded.data, created_at = excluded.created_at
       WHERE doc_snapshots.upto_seq < excluded.upto_seq`,
      [doc, uptoSeq, state, now],
    );
  }

  /** The log of a document as received, optionally only up to a moment: what replay rebuilds from. */
  history(doc: string, until = Number.MAX_SAFE_INTEGER): Promise<StoredUpdate[]> {
    return this.db.all<StoredUpdate>(
      'SELECT doc_seq AS seq, data, author, received_at AS "receivedAt" FROM doc_updates WHERE doc = ? AND received_at <= ? ORDER BY doc_seq',
      [doc, until],
    );
  }

  /** When each update of these documents arrived, oldest first: the stops of a replay slider. */
  async moments(docs: string[]): Promise<number[]> {
    const marks = docs.map(() => '?').join(', ');
    const rows = await this.db.all<{ at: number }>(`SELECT DISTINCT received_at AS at FROM doc_updates WHERE doc IN (${marks}) ORDER BY received_at`, docs);
    return rows.map((r) => r.at);
  }
}
