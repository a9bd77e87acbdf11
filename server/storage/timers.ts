import type { SqlDatabase } from './sql/SqlDatabase.ts';

export type TimerKind = 'escalation' | 'update-reminder';

export interface TimerRow {
  id: number;
  kind: TimerKind;
  incidentId: string;
  dueAt: number;
}

const PENDING = 'fired_at IS NULL AND cancelled_at IS NULL';

/** Durable timers. `claim` marks one fired only if nobody did yet, which is what makes it fire once. */
export class Timers {
  constructor(private readonly db: SqlDatabase) {}

  async add(kind: TimerKind, incidentId: string, dueAt: number): Promise<TimerRow> {
    const row = await this.db.get<{ id: number }>('INSERT INTO timers (kind, incident_id, due_at) VALUES (?, ?, ?) RETURNING id', [kind, incidentId, dueAt]);
    return { id: row!.id, kind, incidentId, dueAt };
  }

  /** Cancels pending timers of a kind for an incident; returns their ids. */
  async cancel(kind: TimerKind, incidentId: string, now: number): Promise<number[]> {
    const rows = await this.db.all<{ id: number }>(
      `UPDATE timers SET cancelled_at = ? WHERE kind = ? AND incident_id = ? AND ${PENDING} RETURNING id`,
      [now, kind, incidentId],
    );
    return rows.map((r) => r.id);
  }

  /** Pending timers due before `until`, soonest first. */
  due(until: number): Promise<TimerRow[]> {
    return this.db.all<TimerRow>(
      `SELECT id, kind, incident_id AS "incidentId", due_at AS "dueAt" FROM timers WHERE ${PENDING} AND due_at <= ? ORDER BY due_at`,
      [until],
    );
  }

  /**
   * Marks a timer fired if it is pending and due by the server's clock (not only by the real
   * time a setTimeout waited: with a clock that runs otherwise, the next poll fires it).
   */
  async claim(id: number, now: number): Promise<boolean> {
    return (await this.db.run(`UPDATE timers SET fired_at = ? WHERE id = ? AND ${PENDING} AND due_at <= ?`, [now, id, now])) === 1;
  }
}
