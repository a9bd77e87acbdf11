/**
 * The incidents as the status page knows them, and the updates written for it (issue 21). Rows
 * follow each incident's state document (StatusPageFeed), inside the transaction that changed
 * it, so the page never reads a document and never shows what was not committed.
 */
import type { IncidentMeta } from '../../shared/documents.ts';
import type { StatusCategory } from '../../shared/incidentModel.ts';
import { severityDefinition } from '../../shared/incidentModel.ts';
import { definitionsOf, statusCategoryOf } from '../../shared/stateDoc.ts';
import { worstImpact } from '../../shared/statusPage.ts';
import type { PublicIncidentStatus, PublicStatusUpdate, StatusPageImpact } from '../../shared/statusPage.ts';
import type { SqlDatabase } from '../storage/sql/SqlDatabase.ts';

/** An incident that is, or was, on the page. */
export interface PageIncident {
  id: string;
  onPage: boolean;
  private: boolean;
  /** What the page calls it. */
  title: string;
  service: string | null;
  impact: StatusPageImpact;
  /** The worst impact it had while on the page and open: what its days in the history show. */
  worstImpact: StatusPageImpact;
  statusCategory: StatusCategory;
  createdAt: number;
  resolvedAt: number | null;
  updatedAt: number;
}

interface Row {
  incident_id: string;
  on_page: number;
  private: number;
  title: string;
  service: string | null;
  impact: StatusPageImpact;
  worst_impact: StatusPageImpact;
  status_category: StatusCategory;
  created_at: number;
  resolved_at: number | null;
  updated_at: number;
}

const toIncident = (r: Row): PageIncident => ({
  id: r.incident_id,
  onPage: r.on_page === 1,
  private: r.private === 1,
  title: r.title,
  service: r.service,
  impact: r.impact,
  worstImpact: r.worst_impact,
  statusCategory: r.status_category,
  createdAt: r.created_at,
  resolvedAt: r.resolved_at,
  updatedAt: r.updated_at,
});

const COLUMNS = 'incident_id, on_page, private, title, service, impact, worst_impact, status_category, created_at, resolved_at, updated_at';

export class PageIncidents {
  constructor(private readonly db: SqlDatabase) {}

  async get(incidentId: string): Promise<PageIncident | undefined> {
    const row = await this.db.get<Row>(`SELECT ${COLUMNS} FROM status_page_incidents WHERE incident_id = ?`, [incidentId]);
    return row && toIncident(row);
  }

  /** Takes the incident's state as its document has it now; false when nothing the page shows changed. */
  async follow(meta: IncidentMeta, before: PageIncident | undefined, now: number): Promise<boolean> {
    const impact = severityDefinition(definitionsOf(meta), meta.severity)?.statusPageImpact ?? 'none';
    const onPage = meta.statusPage === true;
    const isPrivate = meta.private === true;
    const statusCategory = statusCategoryOf(meta);
    const open = statusCategory !== 'resolved';
    const counted = onPage && !isPrivate && open;
    const worst = before ? (counted ? worstImpact(before.worstImpact, impact) : before.worstImpact) : counted ? impact : 'none';
    const next: PageIncident = {
      id: meta.id,
      onPage,
      private: isPrivate,
      title: meta.statusPageTitle ?? meta.title,
      service: meta.service,
      impact,
      worstImpact: worst,
      statusCategory,
      createdAt: meta.createdAt,
      resolvedAt: meta.resolvedAt,
      updatedAt: now,
    };
    if (before && sameShown(before, next)) return false;
    await this.db.run(
      `INSERT INTO status_page_incidents (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (incident_id) DO UPDATE SET on_page = excluded.on_page, private = excluded.private, title = excluded.title,
       service = excluded.service, impact = excluded.impact, worst_impact = excluded.worst_impact, status_category = excluded.status_category,
       resolved_at = excluded.resolved_at, updated_at = excluded.updated_at`,
      [next.id, onPage ? 1 : 0, isPrivate ? 1 : 0, next.title, next.service, impact, worst, statusCategory, next.createdAt, next.resolvedAt, now],
    );
    return true;
  }

  async addUpdate(update: PublicStatusUpdate, authorId: string): Promise<void> {
    await this.db.run('INSERT INTO status_updates (id, incident_id, status, body, author_id, created_at) VALUES (?, ?, ?, ?, ?, ?)', [
      update.id,
      update.incidentId,
      update.status,
      update.text,
      authorId,
      update.at,
    ]);
  }

  /**
   * What the page may show: incidents on it and not private, open, or ended since `since`.
   * A private incident is never among them, whatever it was before (issue 13).
   */
  async shown(since: number): Promise<PageIncident[]> {
    const rows = await this.db.all<Row>(
      `SELECT ${COLUMNS} FROM status_page_incidents WHERE on_page = 1 AND private = 0 AND (resolved_at IS NULL OR resolved_at >= ?) ORDER BY created_at DESC, incident_id`,
      [since],
    );
    return rows.map(toIncident);
  }

  /** The updates of these incidents, newest first. */
  async updatesOf(incidentIds: readonly string[]): Promise<PublicStatusUpdate[]> {
    if (incidentIds.length === 0) return [];
    const rows = await this.db.all<{ id: string; incident_id: string; status: PublicIncidentStatus; body: string; created_at: number }>(
      `SELECT id, incident_id, status, body, created_at FROM status_updates WHERE incident_id IN (${incidentIds.map(() => '?').join(', ')})
       ORDER BY created_at DESC, id DESC`,
      incidentIds,
    );
    return rows.map((r) => ({ id: r.id, incidentId: r.incident_id, at: r.created_at, text: r.body, status: r.status }));
  }

  /** The newest updates of incidents the page shows, for the feed. */
  async recentUpdates(limit: number): Promise<Array<PublicStatusUpdate & { title: string }>> {
    const rows = await this.db.all<{ id: string; incident_id: string; status: PublicIncidentStatus; body: string; created_at: number; title: string }>(
      `SELECT u.id, u.incident_id, u.status, u.body, u.created_at, i.title FROM status_updates u
       JOIN status_page_incidents i ON i.incident_id = u.incident_id
       WHERE i.on_page = 1 AND i.private = 0 ORDER BY u.created_at DESC, u.id DESC LIMIT ${Math.trunc(limit)}`,
    );
    return rows.map((r) => ({ id: r.id, incidentId: r.incident_id, at: r.created_at, text: r.body, status: r.status, title: r.title }));
  }

  /** One update with its incident, while the page shows the incident (for a delivery written later). */
  async shownUpdate(updateId: string): Promise<{ update: PublicStatusUpdate; incident: PageIncident } | undefined> {
    const row = await this.db.get<{ id: string; incident_id: string; status: PublicIncidentStatus; body: string; created_at: number }>(
      'SELECT id, incident_id, status, body, created_at FROM status_updates WHERE id = ?',
      [updateId],
    );
    if (!row) return undefined;
    const incident = await this.get(row.incident_id);
    if (!incident?.onPage || incident.private) return undefined;
    return { update: { id: row.id, incidentId: row.incident_id, at: row.created_at, text: row.body, status: row.status }, incident };
  }
}

function sameShown(a: PageIncident, b: PageIncident): boolean {
  return (
    a.onPage === b.onPage &&
    a.private === b.private &&
    a.title === b.title &&
    a.service === b.service &&
    a.impact === b.impact &&
    a.worstImpact === b.worstImpact &&
    a.statusCategory === b.statusCategory &&
    a.resolvedAt === b.resolvedAt
  );
}
