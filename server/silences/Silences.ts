/**
 * Silences (maintenance windows) per service, and the alert deliveries each held back (issue 19).
 * A silence holds from `starts_at` until `ends_at`, or until someone ended it early; times are the
 * server's clock.
 */
import type { AlertSource, HeldAlertView, SilenceState, SilenceView } from '../../shared/alerts.ts';
import { SilenceLimits } from '../../shared/alerts.ts';
import type { AlertRecord } from '../../shared/documents.ts';
import type { Person } from '../../shared/incident.ts';
import { newId } from '../ids.ts';
import type { SqlDatabase } from '../storage/sql/SqlDatabase.ts';

interface Row {
  id: string;
  service: string;
  starts_at: number;
  ends_at: number;
  reason: string;
  created_by: string;
  created_by_name: string | null;
  created_at: number;
  ended_early_at: number | null;
  ended_early_by: string | null;
  ended_early_by_name: string | null;
  alerts_held: number;
}

const SELECT_SILENCES = `SELECT s.id, s.service, s.starts_at, s.ends_at, s.reason, s.created_by, c.name AS created_by_name, s.created_at,
  s.ended_early_at, s.ended_early_by, e.name AS ended_early_by_name, s.alerts_held
  FROM silences s LEFT JOIN users c ON c.id = s.created_by LEFT JOIN users e ON e.id = s.ended_early_by`;

const iso = (ms: number) => new Date(ms).toISOString();

function stateOf(r: Row, now: number): SilenceState {
  if (r.ended_early_at !== null || now >= r.ends_at) return 'ended';
  return now >= r.starts_at ? 'active' : 'scheduled';
}

function toView(r: Row, now: number): SilenceView {
  return {
    id: r.id,
    service: r.service,
    startsAt: iso(r.starts_at),
    endsAt: iso(r.ends_at),
    reason: r.reason,
    createdBy: { id: r.created_by, name: r.created_by_name ?? r.created_by },
    createdAt: iso(r.created_at),
    endedEarlyAt: r.ended_early_at === null ? null : iso(r.ended_early_at),
    endedEarlyBy: r.ended_early_by === null ? null : { id: r.ended_early_by, name: r.ended_early_by_name ?? r.ended_early_by },
    state: stateOf(r, now),
    alertsHeld: r.alerts_held,
  };
}

/** A delivery as a silence keeps it: what the incident would have been, and its alerts. */
export interface HeldAlert {
  /** Identifies the delivery: the same one held twice is kept and counted once. */
  digest: string;
  source: AlertSource;
  status: 'firing' | 'resolved';
  private: boolean;
  title: string;
  severity: string;
  alerts: AlertRecord[];
  receivedAt: number;
}

interface HeldRow {
  source: AlertSource;
  status: 'firing' | 'resolved';
  private: number;
  title: string;
  severity: string;
  alerts: string;
  received_at: number;
}

export class Silences {
  constructor(private readonly db: SqlDatabase) {}

  async create(input: { service: string; startsAt: number; endsAt: number; reason: string; createdBy: Person }, now: number): Promise<SilenceView> {
    const id = newId('silence');
    await this.db.run('INSERT INTO silences (id, service, starts_at, ends_at, reason, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [
      id,
      input.service,
      input.startsAt,
      input.endsAt,
      input.reason,
      input.createdBy.id,
      now,
    ]);
    return (await this.get(input.service, id, now))!;
  }

  async list(service: string, now: number): Promise<SilenceView[]> {
    const rows = await this.db.all<Row>(`${SELECT_SILENCES} WHERE s.service = ? ORDER BY s.created_at DESC, s.id LIMIT ${SilenceLimits.listed}`, [service]);
    return rows.map((r) => toView(r, now));
  }

  async get(service: string, id: string, now: number): Promise<SilenceView | undefined> {
    const row = await this.db.get<Row>(`${SELECT_SILENCES} WHERE s.service = ? AND s.id = ?`, [service, id]);
    return row && toView(row, now);
  }

  /** Ends an active silence now, or calls off a scheduled one; false when it had ended already. */
  async endEarly(id: string, by: Person, now: number): Promise<boolean> {
    const changed = await this.db.run('UPDATE silences SET ended_early_at = ?, ended_early_by = ? WHERE id = ? AND ended_early_at IS NULL AND ends_at > ?', [
      now,
      by.id,
      id,
      now,
    ]);
    return changed > 0;
  }

  /** The silence holding the service's alerts at `now`, if any (the one lasting longest where several overlap). */
  async activeFor(service: string, now: number): Promise<{ id: string } | undefined> {
    return this.db.get<{ id: string }>(
      'SELECT id FROM silences WHERE service = ? AND starts_at <= ? AND ends_at > ? AND ended_early_at IS NULL ORDER BY ends_at DESC, id LIMIT 1',
      [service, now, now],
    );
  }

  /** Keeps a held-back delivery; false when the silence had held the same one already. */
  async hold(silenceId: string, alert: HeldAlert): Promise<boolean> {
    const seen = await this.db.get('SELECT 1 AS seen FROM silenced_alerts WHERE silence_id = ? AND digest = ?', [silenceId, alert.digest]);
    if (seen) return false;
    const kept = (await this.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM silenced_alerts WHERE silence_id = ?', [silenceId]))?.n ?? 0;
    if (Number(kept) < SilenceLimits.alertsKept) {
      await this.db.run(
        'INSERT INTO silenced_alerts (silence_id, digest, source, status, private, title, severity, alerts, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [silenceId, alert.digest, alert.source, alert.status, alert.private ? 1 : 0, alert.title, alert.severity, JSON.stringify(alert.alerts), alert.receivedAt],
      );
    }
    await this.db.run('UPDATE silences SET alerts_held = alerts_held + 1 WHERE id = ?', [silenceId]);
    return true;
  }

  /** The deliveries kept, the newest first; a private one's details only for `seesPrivate`. */
  async held(silenceId: string, seesPrivate: boolean): Promise<HeldAlertView[]> {
    const rows = await this.db.all<HeldRow>(
      'SELECT source, status, private, title, severity, alerts, received_at FROM silenced_alerts WHERE silence_id = ? ORDER BY seq DESC',
      [silenceId],
    );
    return rows.map((r) => {
      const shown = r.private !== 1 || seesPrivate;
      return {
        receivedAt: iso(r.received_at),
        source: r.source,
        status: r.status,
        private: r.private === 1,
        title: shown ? r.title : null,
        severity: shown ? r.severity : null,
        alerts: shown ? (JSON.parse(r.alerts) as AlertRecord[]) : null,
      };
    });
  }
}
