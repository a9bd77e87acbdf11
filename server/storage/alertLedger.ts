import type { Database } from './database.ts';

/** Which alert deliveries were handled, and which incident each alert group feeds. */
export class AlertLedger {
  constructor(private readonly db: Database) {}

  seen(digest: string): string | undefined {
    return this.db.sql.prepare('SELECT incident_id FROM alert_deliveries WHERE digest = ?').pluck().get(digest) as string | undefined;
  }

  remember(digest: string, incidentId: string, now: number): void {
    this.db.sql.prepare('INSERT OR IGNORE INTO alert_deliveries (digest, incident_id, received_at) VALUES (?, ?, ?)').run(digest, incidentId, now);
  }

  incidentOfGroup(source: string, groupKey: string): string | undefined {
    return this.db.sql.prepare('SELECT incident_id FROM alert_groups WHERE source = ? AND group_key = ?').pluck().get(source, groupKey) as
      | string
      | undefined;
  }

  bindGroup(source: string, groupKey: string, incidentId: string): void {
    this.db.sql
      .prepare('INSERT INTO alert_groups (source, group_key, incident_id) VALUES (?, ?, ?) ON CONFLICT (source, group_key) DO UPDATE SET incident_id = excluded.incident_id')
      .run(source, groupKey, incidentId);
  }
}
