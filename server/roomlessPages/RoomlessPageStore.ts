/**
 * Pages without a room (issue 19), as rows: what the alert said, whom it pages, where it is
 * (open, acknowledged, resolved, promoted), the rule steps it follows and every attempt. Each
 * change of status is one conditional UPDATE, so of two at once (an acknowledgement and the
 * alert's resolve, two presses of "Open a room") exactly one takes effect.
 */
import type { AlertSource } from '../../shared/alerts.ts';
import type { Person } from '../../shared/incident.ts';
import type { NotificationRule } from '../../shared/notifications.ts';
import type { NotificationAttempt, RoomlessPageStatus, RoomlessPageView, RoomlessUrgency } from '../../shared/pages.ts';
import type { SqlDatabase } from '../storage/sql/SqlDatabase.ts';

export interface RoomlessPage extends RoomlessPageView {
  groupKey: string;
  /** The alert notification as received (AlertNotification, JSON): promotion declares from it. */
  alert: string;
  steps: NotificationRule[];
  nextStep: number;
  nextDueAt: number | null;
}

export type NewRoomlessPage = Pick<RoomlessPage, 'id' | 'source' | 'groupKey' | 'title' | 'severity' | 'service' | 'urgency' | 'private' | 'alert' | 'target' | 'createdAt'>;

interface Row {
  id: string;
  source: AlertSource;
  group_key: string;
  title: string;
  severity: string;
  service: string | null;
  urgency: RoomlessUrgency;
  private: number;
  alert: string;
  target_id: string | null;
  target_name: string | null;
  status: RoomlessPageStatus;
  created_at: number;
  acknowledged_at: number | null;
  acknowledged_by: string | null;
  acknowledged_by_name: string | null;
  resolved_at: number | null;
  incident_id: string | null;
  steps: string;
  next_step: number;
  next_due_at: number | null;
  attempts: string;
}

const time = (value: number | null) => (value === null ? null : Number(value));

function toPage(r: Row): RoomlessPage {
  return {
    id: r.id,
    source: r.source,
    groupKey: r.group_key,
    title: r.title,
    severity: r.severity,
    service: r.service,
    urgency: r.urgency,
    private: Number(r.private) === 1,
    alert: r.alert,
    target: r.target_id === null ? null : { id: r.target_id, name: r.target_name ?? r.target_id },
    status: r.status,
    createdAt: Number(r.created_at),
    acknowledgedAt: time(r.acknowledged_at),
    acknowledgedBy: r.acknowledged_by === null ? null : { id: r.acknowledged_by, name: r.acknowledged_by_name ?? r.acknowledged_by },
    resolvedAt: time(r.resolved_at),
    incidentId: r.incident_id,
    steps: JSON.parse(r.steps) as NotificationRule[],
    nextStep: Number(r.next_step),
    nextDueAt: time(r.next_due_at),
    attempts: JSON.parse(r.attempts) as NotificationAttempt[],
  };
}

export class RoomlessPageStore {
  constructor(private readonly db: SqlDatabase) {}

  async add(page: NewRoomlessPage): Promise<RoomlessPage> {
    await this.db.run(
      `INSERT INTO roomless_pages (id, source, group_key, title, severity, service, urgency, private, alert, target_id, target_name, status, created_at, steps, next_step, attempts)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, '[]', 0, '[]')`,
      [
        page.id,
        page.source,
        page.groupKey,
        page.title,
        page.severity,
        page.service,
        page.urgency,
        page.private ? 1 : 0,
        page.alert,
        page.target?.id ?? null,
        page.target?.name ?? null,
        page.createdAt,
      ],
    );
    return (await this.get(page.id))!;
  }

  async get(id: string): Promise<RoomlessPage | undefined> {
    const row = await this.db.get<Row>('SELECT * FROM roomless_pages WHERE id = ?', [id]);
    return row && toPage(row);
  }

  /** Inside a transaction: the page, locked against other transactions' changes until it ends. */
  async getLocked(id: string): Promise<RoomlessPage | undefined> {
    const row = await this.db.getLocked<Row>('SELECT * FROM roomless_pages WHERE id = ?', [id]);
    return row && toPage(row);
  }

  /** The group's open or acknowledged page: an alert that fires again while it is live pages nobody twice. */
  async liveOfGroup(source: AlertSource, groupKey: string): Promise<RoomlessPage | undefined> {
    const row = await this.db.get<Row>("SELECT * FROM roomless_pages WHERE source = ? AND group_key = ? AND status IN ('open', 'acknowledged')", [source, groupKey]);
    return row && toPage(row);
  }

  /** Newest first. */
  async list(status: RoomlessPageStatus | undefined, limit: number): Promise<RoomlessPage[]> {
    const rows = status
      ? await this.db.all<Row>('SELECT * FROM roomless_pages WHERE status = ? ORDER BY created_at DESC, id LIMIT ?', [status, limit])
      : await this.db.all<Row>('SELECT * FROM roomless_pages ORDER BY created_at DESC, id LIMIT ?', [limit]);
    return rows.map(toPage);
  }

  /** The rules the page follows, fixed now; the first falls due at `firstDueAt`. */
  async startRules(id: string, steps: readonly NotificationRule[], firstDueAt: number): Promise<void> {
    await this.db.run('UPDATE roomless_pages SET steps = ?, next_step = 0, next_due_at = ? WHERE id = ?', [JSON.stringify(steps), firstDueAt, id]);
  }

  /** Open pages whose next rule is due (a read: each is then claimed with `claimStep`). */
  async due(now: number): Promise<RoomlessPage[]> {
    const rows = await this.db.all<Row>("SELECT * FROM roomless_pages WHERE status = 'open' AND next_due_at <= ? ORDER BY next_due_at LIMIT 100", [now]);
    return rows.map(toPage);
  }

  /**
   * Claims rule `step` of an open page and arms the one after it (`nextDueAt`, null after the
   * last). True for exactly one caller in the cluster; false once the page is no longer open.
   */
  async claimStep(id: string, step: number, now: number, nextDueAt: number | null): Promise<boolean> {
    const changed = await this.db.run(
      "UPDATE roomless_pages SET next_step = ?, next_due_at = ? WHERE id = ? AND status = 'open' AND next_step = ? AND next_due_at <= ?",
      [step + 1, nextDueAt, id, step, now],
    );
    return changed === 1;
  }

  /** A channel failed: the rule after `step`, if it has not fired yet, falls due now. */
  async bringForward(id: string, step: number, now: number): Promise<void> {
    await this.db.run("UPDATE roomless_pages SET next_due_at = ? WHERE id = ? AND status = 'open' AND next_step = ? AND next_due_at > ?", [now, id, step + 1, now]);
  }

  async addAttempts(id: string, attempts: readonly NotificationAttempt[]): Promise<void> {
    if (attempts.length === 0) return;
    const page = await this.getLocked(id);
    if (!page) return;
    await this.db.run('UPDATE roomless_pages SET attempts = ? WHERE id = ?', [JSON.stringify([...page.attempts, ...attempts]), id]);
  }

  /** True when this call acknowledged it; false when it was not open. */
  async acknowledge(id: string, by: Person, at: number): Promise<boolean> {
    const changed = await this.db.run(
      "UPDATE roomless_pages SET status = 'acknowledged', acknowledged_at = ?, acknowledged_by = ?, acknowledged_by_name = ?, next_due_at = NULL WHERE id = ? AND status = 'open'",
      [at, by.id, by.name, id],
    );
    return changed === 1;
  }

  /** The alert resolved at its source: the live page of its group ends, and pages no more. */
  async resolveGroup(source: AlertSource, groupKey: string, at: number): Promise<RoomlessPage | undefined> {
    const live = await this.liveOfGroup(source, groupKey);
    if (!live) return undefined;
    await this.db.run("UPDATE roomless_pages SET status = 'resolved', resolved_at = ?, next_due_at = NULL WHERE id = ? AND status IN ('open', 'acknowledged')", [at, live.id]);
    return this.get(live.id);
  }

  async markPromoted(id: string, incidentId: string): Promise<void> {
    await this.db.run("UPDATE roomless_pages SET status = 'promoted', incident_id = ?, next_due_at = NULL WHERE id = ?", [incidentId, id]);
  }
}

/** What `GET /api/pages` shows of a page. */
export function pageView(page: RoomlessPage, title: string): RoomlessPageView {
  const { groupKey: _groupKey, alert: _alert, steps: _steps, nextStep: _nextStep, nextDueAt: _nextDueAt, ...view } = page;
  return { ...view, title };
}
