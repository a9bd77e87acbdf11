/** The append-only Yjs update log: one row per stored update, with its author and receive time. */
import type { Database } from './database.ts';

export interface StoredUpdate {
  seq: number;
  data: Uint8Array;
  author: string;
  receivedAt: number;
}

export class UpdateLog {
  private readonly insert;
  private readonly selectDoc;

  constructor(private readonly db: Database) {
    this.insert = db.sql.prepare('INSERT INTO doc_updates (doc, data, author, received_at) VALUES (?, ?, ?, ?)');
    this.selectDoc = db.sql.prepare('SELECT data FROM doc_updates WHERE doc = ? ORDER BY seq').pluck();
  }

  append(doc: string, data: Uint8Array, author: string, receivedAt: number): void {
    this.insert.run(doc, data, author, receivedAt);
  }

  updatesOf(doc: string): Uint8Array[] {
    return this.selectDoc.all(doc) as Uint8Array[];
  }

  history(doc: string): StoredUpdate[] {
    return this.db.sql
      .prepare('SELECT seq, data, author, received_at AS receivedAt FROM doc_updates WHERE doc = ? ORDER BY seq')
      .all(doc) as StoredUpdate[];
  }
}
