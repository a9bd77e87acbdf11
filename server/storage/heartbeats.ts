import type { SqlDatabase } from './sql/SqlDatabase.ts';

/** Who said the alert pipeline is alive: Alertmanager's Watchdog, POST /api/heartbeat, or nobody yet since the switch was armed. */
import type { HeartbeatSource } from '../../shared/documents.ts';

export type { HeartbeatSource };

export interface HeartbeatRow {
  lastAt: number;
  lastSource: HeartbeatSource;
  /** When the current silence was noticed; null while heartbeats arrive. */
  missedAt: number | null;
  /** The incident the latest silence raised. */
  incidentId: string | null;
}

const COLUMNS = 'last_at AS "lastAt", last_source AS "lastSource", missed_at AS "missedAt", incident_id AS "incidentId"';

/**
 * The dead man's switch's row (issue 16). `claimMissed` marks a silence noticed only if nobody
 * did yet, which is what makes one silence raise one incident in a cluster (as `fired_at` does
 * for a timer).
 */
export class Heartbeats {
  constructor(private readonly db: SqlDatabase) {}

  get(name: string): Promise<HeartbeatRow | undefined> {
    return this.db.get<HeartbeatRow>(`SELECT ${COLUMNS} FROM heartbeats WHERE name = ?`, [name]);
  }

  /** Inside a transaction: the row, locked against other transactions' writes until it ends. */
  getLocked(name: string): Promise<HeartbeatRow | undefined> {
    return this.db.getLocked<HeartbeatRow>(`SELECT ${COLUMNS} FROM heartbeats WHERE name = ?`, [name]);
  }

  /** Starts the clock of a switch that never heard a heartbeat; a row that exists is kept. */
  async arm(name: string, now: number): Promise<void> {
    await this.db.run("INSERT INTO heartbeats (name, last_at, last_source) VALUES (?, ?, 'armed') ON CONFLICT (name) DO NOTHING", [name, now]);
  }

  /** Records a heartbeat; the silence, if there was one, is over (its incident stays recorded). */
  async beat(name: string, source: HeartbeatSource, now: number): Promise<void> {
    await this.db.run(
      `INSERT INTO heartbeats (name, last_at, last_source) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET last_at = excluded.last_at, last_source = excluded.last_source, missed_at = NULL`,
      [name, now, source],
    );
  }

  /** Marks the silence noticed if the last heartbeat is at or before `silentSince` and nobody noticed it yet. */
  async claimMissed(name: string, silentSince: number, now: number): Promise<boolean> {
    return (await this.db.run('UPDATE heartbeats SET missed_at = ? WHERE name = ? AND missed_at IS NULL AND last_at <= ?', [now, name, silentSince])) === 1;
  }

  async bindIncident(name: string, incidentId: string): Promise<void> {
    await this.db.run('UPDATE heartbeats SET incident_id = ? WHERE name = ?', [incidentId, name]);
  }
}
