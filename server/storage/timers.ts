import type { SqlDatabase } from './sql/SqlDatabase.ts';

/**
 * What a timer is for: the lifecycle's `escalation` and `update-reminder`, and the kinds other
 * modules register with Scheduler.handle (a page's notification steps, issue 18).
 */
export type TimerKind = string;

export interface TimerRow {
  id: number;
  kind: TimerKind;
  incidentId: string;
  /** Tells several timers of one kind for one incident apart (a page's steps); null where there is one. */
  subject: string | null;
  dueAt: number;
}

const PENDING = 'fired_at IS NULL AND cancelled_at IS NULL';

/** Durable timers. `claim` marks one fired only if nobody did yet, which is what makes it fire once. */
export class Timers {
  constructor(private readonly db: SqlDatabase) {}

  async add(kind: TimerKind, incidentId: string, dueAt: number, subject: string | null = null): Promise<TimerRow> {
    const row = await this.db.get<{ id: number }>('INSERT INTO timers (kind, incident_id, due_at, subject) VALUES (?, ?, ?, ?) RETURNING id', [
      kind,
      incidentId,
      dueAt,
      subject,
    ]);
    return { id: Number(row!.id), kind, incidentId, subject, dueAt };
  }

  /** Cancels pending timers of a kind for an incident, only those of `subject` when given; returns their ids. */
  async cancel(kind: TimerKind, incidentId: string, now: number, subject?: string): Promise<number[]> {
    const rows =
      subject === undefined
        ? await this.db.all<{ id: number }>(`UPDATE timers SET cancelled_at = ? WHERE kind = ? AND incident_id = ? AND ${PENDING} RETURNING id`, [
            now,
            kind,
            incidentId,
          ])
        : await this.db.all<{ id: number }>(
            `UPDATE timers SET cancelled_at = ? WHERE kind = ? AND incident_id = ? AND subject = ? AND ${PENDING} RETURNING id`,
            [now, kind, incidentId, subject],
          );
    return rows.map((r) => Number(r.id));
  }

  /** Pending timers due before `until`, soonest first. */
  async due(until: number): Promise<TimerRow[]> {
    const rows = await this.db.all<TimerRow>(
      `SELECT id, kind, incident_id AS "incidentId", subject, due_at AS "dueAt" FROM timers WHERE ${PENDING} AND due_at <= ? ORDER BY due_at, id`,
      [until],
    );
    return rows.map((r) => ({ ...r, id: Number(r.id), dueAt: Number(r.dueAt) }));
  }

  /**
   * Marks a timer fired if it is pending and due by the server's clock (not only by the real
   * time a setTimeout waited: with a clock that runs otherwise, the next poll fires it).
   */
  async claim(id: number, now: number): Promise<boolean> {
    return (await this.db.run(`UPDATE timers SET fired_at = ? WHERE id = ? AND ${PENDING} AND due_at <= ?`, [now, id, now])) === 1;
  }

  /** Runs cb once the transaction that added a timer committed (at once outside one). */
  afterCommit(cb: () => void): void {
    this.db.afterCommit(cb);
  }
}
