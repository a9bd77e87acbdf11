/** Security-relevant refusals (denied writes, bad tokens), kept with who tried, for review. */
import type { Database } from './database.ts';

export interface AuditEntry {
  at: number;
  userId: string | null;
  action: string;
  target: string | null;
  detail: string | null;
}

export class AuditTrail {
  private readonly insert;

  constructor(private readonly db: Database) {
    this.insert = db.sql.prepare('INSERT INTO audit (at, user_id, action, target, detail) VALUES (?, ?, ?, ?, ?)');
  }

  record(entry: AuditEntry): void {
    this.insert.run(entry.at, entry.userId, entry.action, entry.target, entry.detail);
  }

  recent(limit = 100): AuditEntry[] {
    return this.db.sql
      .prepare('SELECT at, user_id AS userId, action, target, detail FROM audit ORDER BY id DESC LIMIT ?')
      .all(limit) as AuditEntry[];
  }
}
