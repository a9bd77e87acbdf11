/** Security-relevant refusals (denied writes, bad tokens), kept with who tried, for review. */
import type { AuditPage } from '../../shared/api.ts';
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

  /** Newest first, `limit` entries older than entry `before`, optionally of one action only. */
  async page(query: { limit: number; before: number | null; action: string | null }): Promise<AuditPage> {
    const where: string[] = [];
    const params: Array<string | number> = [];
    if (query.before !== null) {
      where.push('id < ?');
      params.push(query.before);
    }
    if (query.action !== null) {
      where.push('action = ?');
      params.push(query.action);
    }
    const rows = await this.db.all<AuditPage['entries'][number]>(
      `SELECT id, at, user_id AS "userId", action, target, detail FROM audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`,
      [...params, query.limit + 1],
    );
    const entries = rows.slice(0, query.limit).map((r) => ({ ...r, id: Number(r.id) }));
    return { entries, next: rows.length > query.limit ? entries.at(-1)!.id : null };
  }
}
