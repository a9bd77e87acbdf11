/**
 * "Send me a test notification" (issue 18): one message through each of a person's contact
 * methods, by the same outbox as a page, so what the person sees is what a page would do: an
 * email, a text, a call (issue 19).
 *
 * Test pages (issue 19) that an admin sends to a schedule's people, and the weekly ones, are kept
 * per person (test_pages) with the outbox rows they queued: whether each text or call went out is
 * read from the outbox when the record is read, since a test has no incident timeline to say it.
 */
import { maskAddress } from '../../shared/notifications.ts';
import type { ContactMethod, ContactMethodType, TestNotificationResult } from '../../shared/notifications.ts';
import type { OutboxMessage } from '../outbox/Outbox.ts';
import type { SqlDatabase } from '../storage/sql/SqlDatabase.ts';
import type { EmailPayload } from './emailPayload.ts';
import { NOT_SET_UP } from './PersonPager.ts';
import type { PhonePayload } from './phonePayload.ts';

type TestResult = TestNotificationResult['results'][number];
type QueuedResult = TestResult & { outboxId: number | null };

export class TestNotifications {
  constructor(
    private readonly outbox: { enqueue(message: OutboxMessage): Promise<number> },
    private readonly delivers: Readonly<Record<ContactMethodType, boolean>>,
  ) {}

  async send(userId: string, methods: readonly ContactMethod[]): Promise<TestNotificationResult> {
    return { results: (await this.queue(userId, methods)).map(({ outboxId: _id, ...result }) => result) };
  }

  /** One message per method, each with the outbox row that carries it (null where none was queued). */
  async queue(userId: string, methods: readonly ContactMethod[]): Promise<QueuedResult[]> {
    const results: QueuedResult[] = [];
    for (const { id, type, address } of methods) {
      const shown = { contactMethodId: id, type, address: maskAddress(type, address) };
      if (!this.delivers[type]) {
        results.push({ ...shown, outcome: type === 'email' ? 'failed' : 'skipped', detail: NOT_SET_UP[type], outboxId: null });
        continue;
      }
      const payload: EmailPayload | PhonePayload = type === 'email' ? { kind: 'test', to: address, userId } : { kind: 'test', channel: type, to: address, userId };
      const outboxId = await this.outbox.enqueue({ channel: type, target: `${type}:${address}`, incidentId: null, eventType: 'test', payload });
      results.push({ ...shown, outcome: 'queued', detail: null, outboxId });
    }
    return results;
  }
}

export type TestPageKind = 'team' | 'weekly';

export interface TestPageRecord {
  kind: TestPageKind;
  /** The schedule whose people a team test page went to. */
  scheduleId: string | null;
  sentBy: string | null;
  sentAt: string;
  results: TestResult[];
}

interface LogRow {
  kind: TestPageKind;
  schedule_id: string | null;
  sent_by: string | null;
  sent_at: number;
  results: string;
}

/** The test pages each person was sent, newest first, with what became of each message. */
export class TestPageLog {
  constructor(private readonly db: SqlDatabase) {}

  async add(entry: { userId: string; kind: TestPageKind; scheduleId: string | null; sentBy: string | null; at: number; results: QueuedResult[] }): Promise<void> {
    await this.db.run('INSERT INTO test_pages (user_id, kind, schedule_id, sent_by, sent_at, results) VALUES (?, ?, ?, ?, ?, ?)', [
      entry.userId,
      entry.kind,
      entry.scheduleId,
      entry.sentBy,
      entry.at,
      JSON.stringify(entry.results),
    ]);
  }

  async recent(userId: string, limit = 20): Promise<TestPageRecord[]> {
    const rows = await this.db.all<LogRow>('SELECT kind, schedule_id, sent_by, sent_at, results FROM test_pages WHERE user_id = ? ORDER BY seq DESC LIMIT ?', [userId, limit]);
    const entries = rows.map((r) => ({ row: r, results: JSON.parse(r.results) as QueuedResult[] }));
    const ids = entries.flatMap((e) => e.results.flatMap((r) => (r.outboxId === null ? [] : [r.outboxId])));
    const fates = new Map<number, { delivered_at: number | null; failed_at: number | null; last_error: string | null }>();
    if (ids.length > 0) {
      const found = await this.db.all<{ id: number; delivered_at: number | null; failed_at: number | null; last_error: string | null }>(
        `SELECT id, delivered_at, failed_at, last_error FROM outbox WHERE id IN (${ids.map(() => '?').join(', ')})`,
        ids,
      );
      for (const f of found) fates.set(Number(f.id), f);
    }
    return entries.map(({ row, results }) => ({
      kind: row.kind,
      scheduleId: row.schedule_id,
      sentBy: row.sent_by,
      sentAt: new Date(Number(row.sent_at)).toISOString(),
      results: results.map(({ outboxId, ...r }) => {
        const fate = outboxId === null ? undefined : fates.get(outboxId);
        if (fate?.delivered_at != null) return { ...r, outcome: 'sent' as const };
        if (fate?.failed_at != null) return { ...r, outcome: 'failed' as const, detail: fate.last_error };
        return r;
      }),
    }));
  }
}
