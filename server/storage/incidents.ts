/**
 * The incident list as a table: a projection of each state document's meta and commander,
 * written in the same transaction as the state update, so the lobby never loads documents.
 */
import type { IncidentSummary } from '../../shared/incident.ts';
import type { Database } from './database.ts';

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

export class Incidents {
  private readonly upsertStmt;
  private readonly getStmt;

  constructor(private readonly db: Database) {
    this.upsertStmt = db.sql.prepare(`
      INSERT INTO incidents (id, title, severity, status, service, commander_id, commander_name, created_at, acknowledged_at, resolved_at)
      VALUES (@id, @title, @severity, @status, @service, @commander_id, @commander_name, @created_at, @acknowledged_at, @resolved_at)
      ON CONFLICT (id) DO UPDATE SET title = excluded.title, severity = excluded.severity, status = excluded.status,
        service = excluded.service, commander_id = excluded.commander_id, commander_name = excluded.commander_name,
        acknowledged_at = excluded.acknowledged_at, resolved_at = excluded.resolved_at`);
    this.getStmt = db.sql.prepare('SELECT * FROM incidents WHERE id = ?');
  }

  save(s: IncidentSummary): void {
    this.upsertStmt.run({
      id: s.id,
      title: s.title,
      severity: s.severity,
      status: s.status,
      service: s.service,
      commander_id: s.commander?.id ?? null,
      commander_name: s.commander?.name ?? null,
      created_at: s.createdAt,
      acknowledged_at: s.acknowledgedAt,
      resolved_at: s.resolvedAt,
    } satisfies Row);
  }

  get(id: string): IncidentSummary | undefined {
    const row = this.getStmt.get(id) as Row | undefined;
    return row && toSummary(row);
  }

  exists(id: string): boolean {
    return this.getStmt.get(id) !== undefined;
  }

  list(limit = 500): IncidentSummary[] {
    const rows = this.db.sql.prepare('SELECT * FROM incidents ORDER BY created_at DESC LIMIT ?').all(limit) as Row[];
    return rows.map(toSummary);
  }
}
