import type { Database } from './database.ts';

export type TimerKind = 'escalation' | 'update-reminder';

export interface TimerRow {
  id: number;
  kind: TimerKind;
  incidentId: string;
  dueAt: number;
}

/** Durable timers. `claim` marks one fired only if nobody did yet, which is what makes it fire once. */
export class Timers {
  constructor(private readonly db: Database) {}

  add(kind: TimerKind, incidentId: string, dueAt: number): TimerRow {
    const id = Number(this.db.sql.prepare('INSERT INTO timers (kind, incident_id, due_at) VALUES (?, ?, ?)').run(kind, incidentId, dueAt).lastInsertRowid);
    return { id, kind, incidentId, dueAt };
  }

  /** Cancels pending timers of a kind for an incident; returns their ids. */
  cancel(kind: TimerKind, incidentId: string, now: number): number[] {
    const ids = this.db.sql
      .prepare('SELECT id FROM timers WHERE kind = ? AND incident_id = ? AND fired_at IS NULL AND cancelled_at IS NULL')
      .pluck()
      .all(kind, incidentId) as number[];
    this.db.sql.prepare('UPDATE timers SET cancelled_at = ? WHERE kind = ? AND incident_id = ? AND fired_at IS NULL AND cancelled_at IS NULL').run(now, kind, incidentId);
    return ids;
  }

  pending(): TimerRow[] {
    return this.db.sql
      .prepare('SELECT id, kind, incident_id AS incidentId, due_at AS dueAt FROM timers WHERE fired_at IS NULL AND cancelled_at IS NULL ORDER BY due_at')
      .all() as TimerRow[];
  }

  claim(id: number, now: number): boolean {
    return this.db.sql.prepare('UPDATE timers SET fired_at = ? WHERE id = ? AND fired_at IS NULL AND cancelled_at IS NULL').run(now, id).changes === 1;
  }
}
