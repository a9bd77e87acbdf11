/**
 * The incident list as a table: a projection of each state document's meta and commander,
 * written in the same transaction as the state update, so the lobby never loads documents.
 */
import type { IncidentSummary } from '../../shared/incident.ts';
import type { SqlDatabase } from './sql/SqlDatabase.ts';

interface Row {
  id: string;
  title: string;
  severity: IncidentSummary['severity'];
  status: IncidentSummary['status'];
  service: string | null;
  commander_id: string | null;
  commander_name: string | null;
  created_at: number;
  acknowledged_at: number | null;
  resolved_at: number | null;
}

function toSummary(r: Row): IncidentSummary {
  return {
    id: r.id,
    title: r.title,
    severity: r.severity,
    status: r.status,
    service: r.service,
    commander: r.commander_id ? { id: r.commander_id, name: r.commander_name ?? '' } : null,
    createdAt: r.created_at,
    acknowledgedAt: r.acknowledged_at,
    resolvedAt: r.resolved_at,
  };
}

const UPSERT = `
  INSERT INTO incidents (id, title, severity, status, service, commander_id, commander_name, created_at, acknowledged_at, resolved_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (id) DO UPDATE SET title = excluded.title, severity = excluded.severity, status = excluded.status,
    service = excluded.service, commander_id = excluded.commander_id, commander_name = excluded.commander_name,
    acknowledged_at = excluded.acknowledged_at, resolved_at = excluded.resolved_at`;

export class Incidents {
  constructor(private readonly db: SqlDatabase) {}

  async save(s: IncidentSummary): Promise<void> {
    await this.db.run(UPSERT, [
      s.id,
      s.title,
      s.severity,
      s.status,
      s.service,
      s.commander?.id ?? null,
      s.commander?.name ?? null,
      s.createdAt,
      s.acknowledgedAt,
      s.resolvedAt,
    ]);
  }

  async get(id: string): Promise<IncidentSummary | undefined> {
    const row = await this.db.get<Row>('SELECT * FROM incidents WHERE id = ?', [id]);
    return row && toSummary(row);
  }

  async exists(id: string): Promise<boolean> {
    return (await this.db.get('SELECT 1 AS one FROM incidents WHERE id = ?', [id])) !== undefined;
  }

  async list(limit = 500): Promise<IncidentSummary[]> {
    const rows = await this.db.all<Row>('SELECT * FROM incidents ORDER BY created_at DESC LIMIT ?', [limit]);
    return rows.map(toSummary);
  }
}
