/**
 * People and systems told of every public update (issue 21): an email address once it confirmed
 * through the link it was sent, a webhook URL at once. Nothing secret is stored: links carry a
 * signature of the subscriber's id (subscriberLinks.ts).
 */
import { newId } from '../ids.ts';
import type { SqlDatabase } from '../storage/sql/SqlDatabase.ts';

export type SubscriberKind = 'email' | 'webhook';

export interface Subscriber {
  id: string;
  kind: SubscriberKind;
  address: string;
  confirmedAt: number | null;
  createdAt: number;
}

interface Row {
  id: string;
  kind: SubscriberKind;
  address: string;
  confirmed_at: number | null;
  created_at: number;
}

const toSubscriber = (r: Row): Subscriber => ({ id: r.id, kind: r.kind, address: r.address, confirmedAt: r.confirmed_at, createdAt: r.created_at });

export class Subscribers {
  constructor(private readonly db: SqlDatabase) {}

  count(): Promise<number> {
    return this.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM status_subscribers').then((r) => Number(r?.n ?? 0));
  }

  async get(id: string): Promise<Subscriber | undefined> {
    const row = await this.db.get<Row>('SELECT id, kind, address, confirmed_at, created_at FROM status_subscribers WHERE id = ?', [id]);
    return row && toSubscriber(row);
  }

  async find(kind: SubscriberKind, address: string): Promise<Subscriber | undefined> {
    const row = await this.db.get<Row>('SELECT id, kind, address, confirmed_at, created_at FROM status_subscribers WHERE kind = ? AND address = ?', [kind, address]);
    return row && toSubscriber(row);
  }

  async add(kind: SubscriberKind, address: string, confirmed: boolean, now: number): Promise<Subscriber> {
    const subscriber: Subscriber = { id: newId('sub'), kind, address, confirmedAt: confirmed ? now : null, createdAt: now };
    await this.db.run('INSERT INTO status_subscribers (id, kind, address, confirmed_at, created_at) VALUES (?, ?, ?, ?, ?)', [
      subscriber.id,
      kind,
      address,
      subscriber.confirmedAt,
      now,
    ]);
    return subscriber;
  }

  async confirm(id: string, now: number): Promise<boolean> {
    return (await this.db.run('UPDATE status_subscribers SET confirmed_at = COALESCE(confirmed_at, ?) WHERE id = ?', [now, id])) > 0;
  }

  async remove(id: string): Promise<boolean> {
    return (await this.db.run('DELETE FROM status_subscribers WHERE id = ?', [id])) > 0;
  }

  async confirmed(): Promise<Subscriber[]> {
    const rows = await this.db.all<Row>('SELECT id, kind, address, confirmed_at, created_at FROM status_subscribers WHERE confirmed_at IS NOT NULL ORDER BY created_at, id');
    return rows.map(toSubscriber);
  }
}
