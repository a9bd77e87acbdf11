/**
 * Rows that matter only for a while are deleted once past their retention, on both engines,
 * and nothing younger goes with them; the scheduler's check does it at most once an hour.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTOMATION_USER } from '../../server/auth/authenticator.ts';
import { ExpiredRows, RETENTIONS } from '../../server/housekeeping/ExpiredRows.ts';
import { createLogger } from '../../server/logger.ts';
import { openStorage } from '../../server/storage/openStorage.ts';
import type { Storage } from '../../server/storage/openStorage.ts';
import { createTestDatabase } from '../helpers/postgres.ts';
import type { TestDatabase } from '../helpers/postgres.ts';
import { tempDataDir } from '../helpers/tempDataDir.ts';

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-28T12:00:00Z');

describe('rows past their retention', () => {
  let storage: Storage;
  let pg: TestDatabase | null = null;

  beforeAll(async () => {
    pg = process.env.TEST_STORAGE === 'postgres' ? await createTestDatabase() : null;
    storage = await openStorage({ dataDir: tempDataDir(), storage: pg ? { kind: 'postgres', url: pg.url, poolSize: 2 } : { kind: 'sqlite' } });
    await storage.users.ensure(AUTOMATION_USER, NOW);
  });
  afterAll(async () => {
    await storage.db.close();
    await pg?.drop();
  });

  /** One row per table at `at` in the table's time column; ids carry `tag`. */
  const insertAt = async (tag: string, at: number) => {
    const db = storage.db;
    await db.run('INSERT INTO chat_requests_seen (tool, request_id, claimed_at, done_at) VALUES (?, ?, ?, ?)', ['slack', tag, at, at]);
    await db.run('INSERT INTO phone_requests_seen (sid, at) VALUES (?, ?)', [tag, at]);
    await db.run('INSERT INTO page_links (hash, user_id, incident_id, page_id, created_at, expires_at, used_at) VALUES (?, ?, NULL, ?, ?, ?, NULL)', [tag, AUTOMATION_USER.id, 'page-1', at - DAY, at]);
    await db.run('INSERT INTO phone_pages (sid, channel, address, user_id, incident_id, page_id, sent_at) VALUES (?, ?, ?, ?, NULL, ?, ?)', [tag, 'sms', '+15555550100', AUTOMATION_USER.id, 'page-1', at]);
    await db.run('INSERT INTO test_pages (user_id, kind, schedule_id, sent_by, sent_at, results) VALUES (?, ?, NULL, NULL, ?, ?)', [AUTOMATION_USER.id, 'weekly', at, tag]);
  };
  const left = async () => ({
    chat_requests_seen: (await storage.db.all<{ request_id: string }>('SELECT request_id FROM chat_requests_seen ORDER BY request_id')).map((r) => r.request_id),
    phone_requests_seen: (await storage.db.all<{ sid: string }>('SELECT sid FROM phone_requests_seen ORDER BY sid')).map((r) => r.sid),
    page_links: (await storage.db.all<{ hash: string }>('SELECT hash FROM page_links ORDER BY hash')).map((r) => r.hash),
    phone_pages: (await storage.db.all<{ sid: string }>('SELECT sid FROM phone_pages ORDER BY sid')).map((r) => r.sid),
    test_pages: (await storage.db.all<{ results: string }>('SELECT results FROM test_pages ORDER BY results')).map((r) => r.results),
  });

  it('deletes each table’s rows older than its retention, and only those', async () => {
    // Just inside and just past each table's own retention.
    for (const { table, keepMs } of RETENTIONS) {
      await insertAt(`${table}-inside`, NOW - keepMs + 1);
      await insertAt(`${table}-past`, NOW - keepMs - 1);
    }
    const expired = new ExpiredRows(storage.db, createLogger('silent'));
    const deleted = await expired.deleteExpired(NOW);

    // Every table got rows of every table's two ages; each keeps those no older than its own retention.
    const written = RETENTIONS.flatMap((r) => [
      { tag: `${r.table}-inside`, age: r.keepMs - 1 },
      { tag: `${r.table}-past`, age: r.keepMs + 1 },
    ]);
    const rows = await left();
    for (const { table, keepMs } of RETENTIONS) {
      const kept = written.filter((w) => w.age <= keepMs).map((w) => w.tag);
      expect(rows[table as keyof typeof rows], table).toEqual(kept.sort());
      expect(deleted[table], table).toBe(written.length - kept.length);
    }
  });

  it('checks at most once an hour', async () => {
    const expired = new ExpiredRows(storage.db, createLogger('silent'));
    await expired.check(NOW);
    await insertAt('late', NOW - 400 * DAY);
    await expired.check(NOW + 59 * 60_000);
    expect((await left()).phone_requests_seen).toContain('late');
    await expired.check(NOW + 60 * 60_000);
    expect((await left()).phone_requests_seen).not.toContain('late');
  });
});
