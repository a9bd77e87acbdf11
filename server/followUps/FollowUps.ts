/**
 * The follow_ups table (issue 21). Rows carry what the access module needs (the incident's
 * privacy and the caller's membership) from the same query, so callers ask `incidentVisible`
 * about each row rather than re-spelling the rule in SQL.
 */
import type { FollowUp, FollowUpPriority, FollowUpQuery, FollowUpStatus, TrackerKind, TrackerState } from '../../shared/followUps.ts';
import type { SqlDatabase, SqlValue } from '../storage/sql/SqlDatabase.ts';

interface Row {
  id: string;
  incident_id: string;
  incident_title: string;
  service: string | null;
  private: number;
  member: number;
  action_id: string | null;
  title: string;
  owner_id: string | null;
  due_date: string | null;
  priority: string;
  after_incident: number;
  status: string;
  created_by: string;
  created_at: number;
  updated_at: number;
  tracker_kind: string | null;
  tracker_key: string | null;
  tracker_url: string | null;
  tracker_state: string | null;
  tracker_error: string | null;
}

/** A follow-up with what deciding who sees it needs. */
export interface StoredFollowUp {
  followUp: FollowUp;
  private: boolean;
  member: boolean;
}

/** What a new follow-up is given; the rest (status, incident title, service, tracker) follows. */
export type NewFollowUp = Pick<FollowUp, 'id' | 'incidentId' | 'actionId' | 'title' | 'ownerId' | 'dueDate' | 'priority' | 'afterIncident' | 'createdBy'> & { at: number };

export interface ListFilter extends Omit<FollowUpQuery, 'due' | 'owner'> {
  viewer: string;
  everything: boolean;
  incidentId?: string;
  ownerId?: string;
  /** Due dates in [from, to) (YYYY-MM-DD); either end open. */
  dueFrom?: string;
  dueBefore?: string;
}

const SELECT = `SELECT f.*, i.title AS incident_title, i.service AS service, i.private AS private,
  (SELECT COUNT(*) FROM incident_members m WHERE m.incident_id = i.id AND m.user_id = ?) AS member
  FROM follow_ups f JOIN incidents i ON i.id = f.incident_id`;

/** The most one list answers: the page filters rather than scrolls through thousands. */
export const LIST_LIMIT = 500;

function toStored(r: Row): StoredFollowUp {
  const tracker = r.tracker_kind
    ? { kind: r.tracker_kind as TrackerKind, key: r.tracker_key, url: r.tracker_url, state: (r.tracker_state ?? 'exporting') as TrackerState, error: r.tracker_error }
    : null;
  return {
    private: Number(r.private) === 1,
    member: Number(r.member) > 0,
    followUp: {
      id: r.id,
      incidentId: r.incident_id,
      incidentTitle: r.incident_title,
      service: r.service,
      actionId: r.action_id,
      title: r.title,
      ownerId: r.owner_id,
      dueDate: r.due_date,
      priority: r.priority as FollowUpPriority,
      afterIncident: Number(r.after_incident) === 1,
      status: r.status as FollowUpStatus,
      createdBy: r.created_by,
      createdAt: Number(r.created_at),
      updatedAt: Number(r.updated_at),
      tracker,
    },
  };
}

export class FollowUps {
  constructor(private readonly db: SqlDatabase) {}

  async insert(f: NewFollowUp): Promise<void> {
    await this.db.run(
      `INSERT INTO follow_ups (id, incident_id, action_id, title, owner_id, due_date, priority, after_incident, status, created_by, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?)`,
      [f.id, f.incidentId, f.actionId, f.title, f.ownerId, f.dueDate, f.priority, f.afterIncident ? 1 : 0, f.createdBy, f.at, f.at],
    );
  }

  async get(id: string, viewer: string): Promise<StoredFollowUp | undefined> {
    const row = await this.db.get<Row>(`${SELECT} WHERE f.id = ?`, [viewer, id]);
    return row && toStored(row);
  }

  /** Inside a transaction: the row, locked until it ends, so two exports cannot both start. */
  async lockedTracker(id: string): Promise<{ kind: string | null; state: string | null } | undefined> {
    return this.db.getLocked<{ kind: string | null; state: string | null }>('SELECT tracker_kind AS "kind", tracker_state AS "state" FROM follow_ups WHERE id = ?', [id]);
  }

  async list(filter: ListFilter): Promise<StoredFollowUp[]> {
    const where = ['(i.private = 0 OR ? = 1 OR EXISTS (SELECT 1 FROM incident_members m WHERE m.incident_id = i.id AND m.user_id = ?))'];
    const params: SqlValue[] = [filter.viewer, filter.everything ? 1 : 0, filter.viewer];
    const add = (clause: string, value: SqlValue | undefined) => {
      if (value === undefined) return;
      where.push(clause);
      params.push(value);
    };
    add('f.incident_id = ?', filter.incidentId);
    add('i.service = ?', filter.service);
    add('f.owner_id = ?', filter.ownerId);
    add('f.status = ?', filter.status);
    add('f.due_date >= ?', filter.dueFrom);
    add('f.due_date < ?', filter.dueBefore);
    const rows = await this.db.all<Row>(
      `${SELECT} WHERE ${where.join(' AND ')} ORDER BY CASE WHEN f.due_date IS NULL THEN 1 ELSE 0 END, f.due_date, f.created_at LIMIT ?`,
      [...params, LIST_LIMIT],
    );
    return rows.map(toStored);
  }

  async update(id: string, changes: Partial<Pick<FollowUp, 'title' | 'ownerId' | 'dueDate' | 'priority' | 'afterIncident' | 'status'>>, at: number): Promise<void> {
    const columns: Record<string, SqlValue | undefined> = {
      title: changes.title,
      owner_id: changes.ownerId,
      due_date: changes.dueDate,
      priority: changes.priority,
      after_incident: changes.afterIncident === undefined ? undefined : changes.afterIncident ? 1 : 0,
      status: changes.status,
    };
    const set = Object.entries(columns).filter(([, v]) => v !== undefined);
    await this.db.run(`UPDATE follow_ups SET ${[...set.map(([c]) => `${c} = ?`), 'updated_at = ?'].join(', ')} WHERE id = ?`, [...set.map(([, v]) => v!), at, id]);
  }

  async startExport(id: string, kind: TrackerKind, at: number): Promise<void> {
    await this.db.run("UPDATE follow_ups SET tracker_kind = ?, tracker_key = NULL, tracker_url = NULL, tracker_state = 'exporting', tracker_error = NULL, updated_at = ? WHERE id = ?", [kind, at, id]);
  }

  async exported(id: string, key: string, url: string, at: number): Promise<void> {
    await this.db.run("UPDATE follow_ups SET tracker_key = ?, tracker_url = ?, tracker_state = 'open', tracker_error = NULL, updated_at = ? WHERE id = ?", [key, url, at, id]);
  }

  async exportFailed(id: string, error: string, at: number): Promise<void> {
    await this.db.run("UPDATE follow_ups SET tracker_state = 'failed', tracker_error = ?, updated_at = ? WHERE id = ?", [error.slice(0, 500), at, id]);
  }

  /**
   * The tracker says the issue is closed or open again: the follow-up follows. Answers how many
   * follow-ups it changed (0 for an issue that is not one of ours).
   */
  async trackerSays(kind: TrackerKind, key: string, closed: boolean, at: number): Promise<number> {
    return this.db.run('UPDATE follow_ups SET tracker_state = ?, status = ?, updated_at = ? WHERE tracker_kind = ? AND tracker_key = ?', [
      closed ? 'closed' : 'open',
      closed ? 'done' : 'open',
      at,
      kind,
      key,
    ]);
  }
}
