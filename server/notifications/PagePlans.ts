/**
 * What a page of one person will try, rule by rule, fixed when they were paged: a person editing
 * their rules while paged changes their next pages, never the steps of this one halfway through.
 */
import type { Person } from '../../shared/incident.ts';
import type { NotificationRule } from '../../shared/notifications.ts';
import type { SqlDatabase } from '../storage/sql/SqlDatabase.ts';

export interface PagePlan {
  pageId: string;
  incidentId: string;
  target: Person;
  steps: NotificationRule[];
  createdAt: number;
}

export class PagePlans {
  constructor(private readonly db: SqlDatabase) {}

  async add(plan: PagePlan): Promise<void> {
    await this.db.run('INSERT INTO notification_plans (page_id, incident_id, user_id, user_name, steps, created_at) VALUES (?, ?, ?, ?, ?, ?)', [
      plan.pageId,
      plan.incidentId,
      plan.target.id,
      plan.target.name,
      JSON.stringify(plan.steps),
      plan.createdAt,
    ]);
  }

  async get(pageId: string): Promise<PagePlan | undefined> {
    const row = await this.db.get<{ page_id: string; incident_id: string; user_id: string; user_name: string; steps: string; created_at: number }>(
      'SELECT * FROM notification_plans WHERE page_id = ?',
      [pageId],
    );
    return (
      row && {
        pageId: row.page_id,
        incidentId: row.incident_id,
        target: { id: row.user_id, name: row.user_name },
        steps: JSON.parse(row.steps) as NotificationRule[],
        createdAt: Number(row.created_at),
      }
    );
  }
}
