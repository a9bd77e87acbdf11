/** Security-relevant refusals (denied writes, bad tokens), kept with who tried, for review. */
import type { SqlDatabase } from './sql/SqlDatabase.ts';

export interface AuditEntry {
  at: number;
  userId: string | null;
  action: string;
  target: string | null;
  detail: string | null;
}

export class AuditTrail {
  constructor(private readonly db: SqlDatabase) {}

  async record(entry: AuditEntry): Promise<void> {
    await this.db.run('INSERT INTO audit (at, user_id, action, target, detail) VALUES (?, ?, ?, ?, ?)', [
      entry.at,
      entry.userId,
      entry.action,
      entry.target,
      entry.detail,
    ]);
  }

  recent(limit = 100): Promise<AuditEntry[]> {
    return this.db.all<AuditEntry>('SELECT at, user_id AS "userId", action, target, detail FROM audit ORDER BY id DESC LIMIT ?', [limit]);
  }
}
