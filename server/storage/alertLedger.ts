import type { SqlDatabase } from './sql/SqlDatabase.ts';

/** What a sender last said of a group's alert (PagerDuty events: one alert per group). */
export type GroupStatus = 'firing' | 'acknowledged' | 'resolved';

/** Which alert deliveries were handled, and which incident each alert group feeds. */
export class AlertLedger {
  constructor(private readonly db: SqlDatabase) {}

  /** Holds off other transactions handling the same alert group until this one ends. */
  async lockGroup(source: string, groupKey: string): Promise<void> {
    await this.db.lock(`alert:${source}:${groupKey}`);
  }

  /** Holds off other transactions deciding which incident a service's alerts feed (ALERT_GROUPING=service). */
  async lockService(service: string): Promise<void> {
    await this.db.lock(`alert-service:${service}`);
  }

  /** The newest open incident, not a practice, that alerts of the service feed; null if none. */
  async openIncidentOfService(service: string): Promise<string | null> {
    const row = await this.db.get<{ id: string }>(
      `SELECT i.id AS id FROM incidents i
        WHERE i.service = ? AND i.status_category <> 'resolved' AND i.practice = 0
          AND EXISTS (SELECT 1 FROM alert_groups g WHERE g.incident_id = i.id)
        ORDER BY i.created_at DESC LIMIT 1`,
      [service],
    );
    return row?.id ?? null;
  }

  async seen(digest: string): Promise<string | undefined> {
    return (await this.db.get<{ id: string }>('SELECT incident_id AS id FROM alert_deliveries WHERE digest = ?', [digest]))?.id;
  }

  async remember(digest: string, incidentId: string, now: number): Promise<void> {
    await this.db.run('INSERT INTO alert_deliveries (digest, incident_id, received_at) VALUES (?, ?, ?) ON CONFLICT (digest) DO NOTHING', [digest, incidentId, now]);
  }

  async incidentOfGroup(source: string, groupKey: string): Promise<string | undefined> {
    return (await this.db.get<{ id: string }>('SELECT incident_id AS id FROM alert_groups WHERE source = ? AND group_key = ?', [source, groupKey]))?.id;
  }

  async bindGroup(source: string, groupKey: string, incidentId: string): Promise<void> {
    await this.db.run(
      'INSERT INTO alert_groups (source, group_key, incident_id) VALUES (?, ?, ?) ON CONFLICT (source, group_key) DO UPDATE SET incident_id = excluded.incident_id',
      [source, groupKey, incidentId],
    );
  }

  async statusOfGroup(source: string, groupKey: string): Promise<GroupStatus | null> {
    return (await this.db.get<{ status: GroupStatus | null }>('SELECT status FROM alert_groups WHERE source = ? AND group_key = ?', [source, groupKey]))?.status ?? null;
  }

  /** Only for a bound group: the status belongs to the alert of the incident it feeds. */
  async setGroupStatus(source: string, groupKey: string, status: GroupStatus): Promise<void> {
    await this.db.run('UPDATE alert_groups SET status = ? WHERE source = ? AND group_key = ?', [status, source, groupKey]);
  }
}
