/**
 * The incident list as a table: a projection of each state document's meta and commander,
 * written in the same transaction as the state update, so the lobby never loads documents.
 */
import type { IncidentSummary } from '../../shared/incident.ts';
import type { FieldValue } from '../../shared/incidentModel.ts';
import type { ImpactField } from '../../shared/postmortem.ts';
import type { SqlDatabase } from './sql/SqlDatabase.ts';

interface Row {
  id: string;
  title: string;
  severity: IncidentSummary['severity'];
  status: IncidentSummary['status'];
  status_category: IncidentSummary['statusCategory'];
  incident_type: string;
  service: string | null;
  commander_id: string | null;
  commander_name: string | null;
  created_at: number;
  acknowledged_at: number | null;
  mitigated_at: number | null;
  resolved_at: number | null;
  private: number;
  practice: number;
}

function toSummary(r: Row): IncidentSummary {
  return {
    id: r.id,
    title: r.title,
    severity: r.severity,
    status: r.status,
    statusCategory: r.status_category,
    type: r.incident_type,
    service: r.service,
    commander: r.commander_id ? { id: r.commander_id, name: r.commander_name ?? '' } : null,
    createdAt: r.created_at,
    acknowledgedAt: r.acknowledged_at,
    mitigatedAt: r.mitigated_at,
    resolvedAt: r.resolved_at,
    private: r.private === 1,
    ...(r.practice === 1 ? { practice: true } : {}),
  };
}

const UPSERT = `
  INSERT INTO incidents (id, title, severity, status, status_category, incident_type, service, commander_id, commander_name, created_at, acknowledged_at, mitigated_at, resolved_at, private)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (id) DO UPDATE SET title = excluded.title, severity = excluded.severity, status = excluded.status,
    status_category = excluded.status_category, incident_type = excluded.incident_type,
    service = excluded.service, commander_id = excluded.commander_id, commander_name = excluded.commander_name,
    acknowledged_at = excluded.acknowledged_at, mitigated_at = excluded.mitigated_at, resolved_at = excluded.resolved_at, private = excluded.private`;

/** The impact window a published postmortem gave its incident (issue 20), ms or null each. */
export type ImpactWindow = Record<ImpactField, number | null>;

interface ImpactRow {
  id: string;
  impact_started_at: number | string | null;
  impact_detected_at: number | string | null;
  impact_mitigated_at: number | string | null;
  impact_resolved_at: number | string | null;
}

const time = (value: number | string | null) => (value === null ? null : Number(value));

/** Who is asking for a list: one person, or someone who sees every incident (shared/access.ts, seesEveryIncident). */
export interface ListViewer {
  userId: string;
  everything: boolean;
}

export class Incidents {
  constructor(private readonly db: SqlDatabase) {}

  async save(s: IncidentSummary): Promise<void> {
    await this.db.run(UPSERT, [
      s.id,
      s.title,
      s.severity,
      s.status,
      s.statusCategory,
      s.type,
      s.service,
      s.commander?.id ?? null,
      s.commander?.name ?? null,
      s.createdAt,
      s.acknowledgedAt,
      s.mitigatedAt,
      s.resolvedAt,
      s.private ? 1 : 0,
    ]);
  }

  async get(id: string): Promise<IncidentSummary | undefined> {
    const row = await this.db.get<Row>('SELECT * FROM incidents WHERE id = ?', [id]);
    return row && toSummary(row);
  }

  /**
   * Every custom field value of an incident (issue 17), public or not. `forUpdate` inside a
   * transaction holds other writers of the same incident's values off until it ends.
   */
  async fieldValues(id: string, forUpdate = false): Promise<Record<string, FieldValue>> {
    const sql = 'SELECT field_values FROM incidents WHERE id = ?';
    const row = forUpdate ? await this.db.getLocked<{ field_values: string }>(sql, [id]) : await this.db.get<{ field_values: string }>(sql, [id]);
    return row ? (JSON.parse(row.field_values) as Record<string, FieldValue>) : {};
  }

  async saveFieldValues(id: string, values: Record<string, FieldValue>): Promise<void> {
    await this.db.run('UPDATE incidents SET field_values = ? WHERE id = ?', [JSON.stringify(values), id]);
  }

  /** Open incidents with what a model change must keep defined for them (issue 17). */
  async openUses(): Promise<Array<{ id: string; severity: string; status: string; type: string; fields: string[] }>> {
    const rows = await this.db.all<Pick<Row, 'id' | 'severity' | 'status' | 'incident_type'> & { field_values: string }>(
      "SELECT id, severity, status, incident_type, field_values FROM incidents WHERE status_category <> 'resolved' ORDER BY created_at",
    );
    return rows.map((r) => ({ id: r.id, severity: r.severity, status: r.status, type: r.incident_type, fields: Object.keys(JSON.parse(r.field_values) as object) }));
  }

  /** Kept apart from `save`: the state document knows nothing of the postmortem's window. */
  async saveImpact(id: string, w: ImpactWindow): Promise<void> {
    await this.db.run('UPDATE incidents SET impact_started_at = ?, impact_detected_at = ?, impact_mitigated_at = ?, impact_resolved_at = ? WHERE id = ?', [
      w.started,
      w.detected,
      w.mitigated,
      w.resolved,
      id,
    ]);
  }

  /** Every incident a postmortem gave an impact window, by id. */
  async impactWindows(): Promise<Map<string, ImpactWindow>> {
    const rows = await this.db.all<ImpactRow>(
      `SELECT id, impact_started_at, impact_detected_at, impact_mitigated_at, impact_resolved_at FROM incidents
       WHERE impact_started_at IS NOT NULL OR impact_detected_at IS NOT NULL OR impact_mitigated_at IS NOT NULL OR impact_resolved_at IS NOT NULL`,
    );
    return new Map(
      rows.map((r) => [
        r.id,
        { started: time(r.impact_started_at), detected: time(r.impact_detected_at), mitigated: time(r.impact_mitigated_at), resolved: time(r.impact_resolved_at) },
      ]),
    );
  }

  async exists(id: string): Promise<boolean> {
    return (await this.db.get('SELECT 1 AS one FROM incidents WHERE id = ?', [id])) !== undefined;
  }

  /**
   * Whether the incident is private and whether `userId` is one of its members, in one read;
   * undefined when there is no such incident. The access module decides what that means.
   */
  async audience(id: string, userId: string): Promise<{ private: boolean; member: boolean } | undefined> {
    const row = await this.db.get<{ private: number; member: number }>(
      'SELECT private, (SELECT COUNT(*) FROM incident_members WHERE incident_id = ? AND user_id = ?) AS member FROM incidents WHERE id = ?',
      [id, userId, id],
    );
    return row && { private: row.private === 1, member: Number(row.member) > 0 };
  }

  /**
   * The newest incidents a viewer may see, each with whether the viewer is a member. Private ones
   * are left out here, in the query, so a long list of them cannot crowd out the page; callers
   * still ask the access module about each row.
   */
  async listFor(viewer: ListViewer, limit = 500): Promise<Array<{ summary: IncidentSummary; member: boolean }>> {
    const rows = await this.db.all<Row & { member: number }>(
      `SELECT i.*, (SELECT COUNT(*) FROM incident_members m WHERE m.incident_id = i.id AND m.user_id = ?) AS member
       FROM incidents i
       WHERE i.private = 0 OR ? = 1 OR EXISTS (SELECT 1 FROM incident_members m WHERE m.incident_id = i.id AND m.user_id = ?)
       ORDER BY i.created_at DESC LIMIT ?`,
      [viewer.userId, viewer.everything ? 1 : 0, viewer.userId, limit],
    );
    return rows.map((r) => ({ summary: toSummary(r), member: Number(r.member) > 0 }));
  }

  async list(limit = 500): Promise<IncidentSummary[]> {
    const rows = await this.db.all<Row>('SELECT * FROM incidents ORDER BY created_at DESC LIMIT ?', [limit]);
    return rows.map(toSummary);
  }
}
