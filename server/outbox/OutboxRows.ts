/** The outbox table (migrations.ts, issue 14): one row per message, leased while it is delivered. */
import type { SqlDatabase } from '../storage/sql/SqlDatabase.ts';

export interface OutboxRow {
  id: number;
  channel: string;
  target: string;
  incidentId: string | null;
  eventType: string | null;
  /** The channel's message, as enqueued. */
  payload: unknown;
  createdAt: number;
  dueAt: number;
  attempts: number;
}

export interface DeliveryRecord {
  id: number;
  incidentId: string | null;
  eventType: string | null;
  createdAt: number;
  dueAt: number;
  attempts: number;
  deliveredAt: number | null;
  failedAt: number | null;
  lastStatus: number | null;
  lastError: string | null;
}

const PENDING = 'delivered_at IS NULL AND failed_at IS NULL';
const COLUMNS = `id, channel, target, incident_id AS "incidentId", event_type AS "eventType", payload, created_at AS "createdAt", due_at AS "dueAt", attempts`;

export class OutboxRows {
  constructor(private readonly db: SqlDatabase) {}

  async insert(row: { channel: string; target: string; incidentId: string | null; eventType: string | null; payload: unknown }, now: number): Promise<number> {
    const inserted = await this.db.get<{ id: number }>(
      'INSERT INTO outbox (channel, target, incident_id, event_type, payload, created_at, due_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id',
      [row.channel, row.target, row.incidentId, row.eventType, JSON.stringify(row.payload), now, now],
    );
    return Number(inserted!.id);
  }

  /**
   * The first pending row of each target, when it is due and not leased: a target's later rows
   * wait behind it, which is what keeps each target's deliveries in order.
   */
  async heads(now: number, limit: number): Promise<OutboxRow[]> {
    const rows = await this.db.all<OutboxRow & { payload: string }>(
      `SELECT ${COLUMNS} FROM outbox WHERE id IN (SELECT MIN(id) FROM outbox WHERE ${PENDING} GROUP BY target)
         AND due_at <= ? AND (claimed_until IS NULL OR claimed_until < ?) ORDER BY id LIMIT ?`,
      [now, now, limit],
    );
    return rows.map((r) => ({ ...r, id: Number(r.id), payload: JSON.parse(r.payload) as unknown }));
  }

  /** Leases a pending row until `until`, if nobody holds it: the one node that gets it delivers it. */
  async lease(id: number, now: number, until: number): Promise<boolean> {
    const changed = await this.db.run(`UPDATE outbox SET claimed_until = ? WHERE id = ? AND ${PENDING} AND (claimed_until IS NULL OR claimed_until < ?)`, [
      until,
      id,
      now,
    ]);
    return changed === 1;
  }

  delivered(id: number, now: number, status: number): Promise<number> {
    return this.db.run('UPDATE outbox SET delivered_at = ?, attempts = attempts + 1, last_status = ?, last_error = NULL, claimed_until = NULL WHERE id = ?', [
      now,
      status,
      id,
    ]);
  }

  retryAt(id: number, dueAt: number, status: number | null, error: string): Promise<number> {
    return this.db.run('UPDATE outbox SET due_at = ?, attempts = attempts + 1, last_status = ?, last_error = ?, claimed_until = NULL WHERE id = ?', [
      dueAt,
      status,
      error.slice(0, 500),
      id,
    ]);
  }

  failed(id: number, now: number, status: number | null, error: string): Promise<number> {
    return this.db.run('UPDATE outbox SET failed_at = ?, attempts = attempts + 1, last_status = ?, last_error = ?, claimed_until = NULL WHERE id = ?', [
      now,
      status,
      error.slice(0, 500),
      id,
    ]);
  }

  async pendingByChannel(): Promise<Map<string, number>> {
    const rows = await this.db.all<{ channel: string; count: number }>(`SELECT channel, COUNT(*) AS "count" FROM outbox WHERE ${PENDING} GROUP BY channel`);
    return new Map(rows.map((r) => [r.channel, Number(r.count)]));
  }

  /** A target's messages, newest first, before the id `before` when given. */
  page(target: string, limit: number, before: number | null): Promise<DeliveryRecord[]> {
    return this.db.all<DeliveryRecord>(
      `SELECT id, incident_id AS "incidentId", event_type AS "eventType", created_at AS "createdAt", due_at AS "dueAt", attempts,
         delivered_at AS "deliveredAt", failed_at AS "failedAt", last_status AS "lastStatus", last_error AS "lastError"
       FROM outbox WHERE target = ? AND id < ? ORDER BY id DESC LIMIT ?`,
      [target, before ?? Number.MAX_SAFE_INTEGER, limit],
    );
  }

  /** Deletes messages delivered or given up on before `before`; answers how many. */
  prune(before: number): Promise<number> {
    return this.db.run('DELETE FROM outbox WHERE (delivered_at IS NOT NULL AND delivered_at < ?) OR (failed_at IS NOT NULL AND failed_at < ?)', [before, before]);
  }
}
