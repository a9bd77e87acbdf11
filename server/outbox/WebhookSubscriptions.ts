/** The `webhooks` table: organisation-wide subscriptions to timeline events (issue 14). */
import type { SqlDatabase } from '../storage/sql/SqlDatabase.ts';
import type { EventWebhook } from '../../shared/api.ts';

export interface Subscription extends EventWebhook {
  secret: string;
}

interface Row {
  id: string;
  url: string;
  events: string;
  secret: string;
  createdBy: string;
  createdAt: number;
}

const COLUMNS = `id, url, events, secret, created_by AS "createdBy", created_at AS "createdAt"`;
const toSubscription = (r: Row): Subscription => ({ ...r, events: JSON.parse(r.events) as string[] });

export class WebhookSubscriptions {
  constructor(private readonly db: SqlDatabase) {}

  async add(s: Subscription): Promise<void> {
    await this.db.run('INSERT INTO webhooks (id, url, events, secret, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)', [
      s.id,
      s.url,
      JSON.stringify(s.events),
      s.secret,
      s.createdBy,
      s.createdAt,
    ]);
  }

  /** Active subscriptions, oldest first. */
  async active(): Promise<Subscription[]> {
    return (await this.db.all<Row>(`SELECT ${COLUMNS} FROM webhooks WHERE disabled_at IS NULL ORDER BY created_at, id`)).map(toSubscription);
  }

  async get(id: string): Promise<Subscription | undefined> {
    const row = await this.db.get<Row>(`SELECT ${COLUMNS} FROM webhooks WHERE id = ? AND disabled_at IS NULL`, [id]);
    return row && toSubscription(row);
  }

  /** Ends a subscription; its delivery log stays in the outbox. Whether it was active. */
  async disable(id: string, now: number): Promise<boolean> {
    return (await this.db.run('UPDATE webhooks SET disabled_at = ? WHERE id = ? AND disabled_at IS NULL', [now, id])) === 1;
  }
}
