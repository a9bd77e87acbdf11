/** The append-only Yjs update log: one row per stored update, with its author and receive time. */
import type { Database } from './database.ts';

export interface StoredUpdate {
  seq: number;
  data: Uint8Array;
  author: string;
  receivedAt: number;
}

/** What loading a document reads: its latest snapshot (if any) and the updates stored after it. */
export interface StoredState {
  snapshot: Uint8Array | null;
  updates: Uint8Array[];
  bytes: number;
}

export class UpdateLog {
  private readonly insert;
  private readonly selectSnapshot;
  private readonly selectAfter;
  private readonly upsertSnapshot;

  constructor(private readonly db: Database) {
    this.insert = db.sql.prepare('INSERT INTO doc_updates (doc, data, author, received_at) VALUES (?, ?, ?, ?)');
    this.selectSnapshot = db.sql.prepare('SELECT upto_seq AS uptoSeq, data FROM doc_snapshots WHERE doc = ?');
    this.selectAfter = db.sql.prepare('SELECT data FROM doc_updates WHERE doc = ? AND seq > ? ORDER BY seq').pluck();
    this.upsertSnapshot = db.sql.prepare(`
      INSERT INTO doc_snapshots (doc, upto_seq, data, created_at)
      VALUES (@doc, (SELECT COALESCE(MAX(seq), 0) FROM doc_updates WHERE doc = @doc), @data, @now)
      ON CONFLICT (doc) DO UPDATE SET upto_seq = excluded.upto_seq, data = excluded.data, created_at = excluded.created_at`);
  }

  append(doc: string, data: Uint8Array, author: string, receivedAt: number): void {
    this.insert.run(doc, data, author, receivedAt);
  }

  load(doc: string): StoredState {
    const snap = this.selectSnapshot.get(doc) as { uptoSeq: number; data: Uint8Array } | undefined;
    const updates = this.selectAfter.all(doc, snap?.uptoSeq ?? 0) as Uint8Array[];
    let bytes = snap?.data.length ?? 0;
    for (const u of updates) bytes += u.length;
    return { snapshot: snap?.data ?? null, updates, bytes };
  }

  /**
   * Records `state` as the document's content up to the newest stored update. The caller must
   * pass the state of a document that holds exactly what the log holds, outside any write.
   */
  saveSnapshot(doc: string, state: Uint8Array, now: number): void {
    this.upsertSnapshot.run({ doc, data: state, now });
  }

  /** The log of a document as received, optionally only up to a moment: what replay rebuilds from. */
  history(doc: string, until = Number.MAX_SAFE_INTEGER): StoredUpdate[] {
    return this.db.sql
      .prepare('SELECT seq, data, author, received_at AS receivedAt FROM doc_updates WHERE doc = ? AND received_at <= ? ORDER BY seq')
      .all(doc, until) as StoredUpdate[];
  }

  /** When each update of these documents arrived, oldest first: the stops of a replay slider. */
  moments(docs: string[]): number[] {
    const marks = docs.map(() => '?').join(', ');
    return this.db.sql.prepare(`SELECT DISTINCT received_at FROM doc_updates WHERE doc IN (${marks}) ORDER BY received_at`).pluck().all(...docs) as number[];
  }
}
