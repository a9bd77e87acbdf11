/**
 * The storage interface, run against both engines: the embedded SQLite file and PostgreSQL.
 * Whatever the rest of the server relies on (numbering, locks, snapshots that never go back,
 * timers claimed once, rollbacks) is checked here on each.
 */
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { repositoriesOn } from '../../server/storage/openStorage.ts';
import type { Storage } from '../../server/storage/openStorage.ts';
import { SqliteDatabase } from '../../server/storage/sql/sqlite.ts';
import { PostgresDatabase } from '../../server/storage/sql/postgres.ts';
import { SharedSecrets } from '../../server/storage/secrets.ts';
import { LEGACY_SQLITE_MIGRATIONS } from '../fixtures/legacyMigrations.ts';
import { createTestDatabase } from '../helpers/postgres.ts';
import type { TestDatabase } from '../helpers/postgres.ts';
import { tempDataDir } from '../helpers/tempDataDir.ts';

interface Engine {
  name: string;
  /**
   * A handle on the engine's data. On PostgreSQL each is a pool of its own, as another node
   * would have; SQLite is one process's file, so every handle is that one connection.
   */
  open(): Promise<Storage>;
}

const pgDatabases: TestDatabase[] = [];
const opened: Storage[] = [];
afterAll(async () => {
  for (const s of opened) await s.db.close();
  for (const d of pgDatabases) await d.drop();
});

const sqlite = (): Engine => {
  let storage: Storage | null = null;
  return { name: 'sqlite', open: async () => (storage ??= track(repositoriesOn(new SqliteDatabase(path.join(tempDataDir(), 'incident-room.sqlite'))))) };
};
const postgres = async (): Promise<Engine> => {
  const database = await createTestDatabase();
  pgDatabases.push(database);
  return { name: 'postgres', open: async () => track(repositoriesOn(await PostgresDatabase.connect(database.url, 4))) };
};
const track = (s: Storage) => (opened.push(s), s);
const bytes = (...b: number[]) => new Uint8Array(b);
const update = (b: number, author = 'u-a') => ({ data: bytes(b), author, receivedAt: 1000 + b });

describe.each([
  ['sqlite', async () => sqlite()],
  ['postgres', postgres],
])('storage on %s', (_name, make) => {
  it('numbers each document’s updates 1, 2, 3, … and reads them back after a number', async () => {
    const s = await (await make()).open();
    expect(await s.db.transaction(() => s.updateLog.append('d1', [update(1), update(2)]))).toBe(1);
    expect(await s.db.transaction(() => s.updateLog.append('d2', [update(7)]))).toBe(1);
    expect(await s.db.transaction(() => s.updateLog.append('d1', [update(3)]))).toBe(3);
    expect(await s.updateLog.heads(['d1', 'd2', 'none'])).toEqual(new Map([['d1', 3], ['d2', 1]]));
    const after = await s.updateLog.after('d1', 1);
    expect(after.map((r) => [r.seq, [...r.data]])).toEqual([[2, [2]], [3, [3]]]);
    expect((await s.updateLog.after('d1', 0, 2)).map((r) => r.seq)).toEqual([1, 2]);
    const loaded = await s.updateLog.load('d1');
    expect(loaded).toMatchObject({ snapshot: null, head: 3, bytes: 3, logBytes: 3 });
    expect(loaded.updates.map((u) => [...u])).toEqual([[1], [2], [3]]);
    const history = await s.updateLog.history('d1', 1002);
    expect(history.map((h) => [h.seq, h.author, h.receivedAt])).toEqual([[1, 'u-a', 1001], [2, 'u-a', 1002]]);
    expect(await s.updateLog.moments(['d1', 'd2'])).toEqual([1001, 1002, 1003, 1007]);
  });

  it('appends of many rows in one go keep their order', async () => {
    const s = await (await make()).open();
    const many = Array.from({ length: 2500 }, (_, i) => update(i % 256));
    expect(await s.db.transaction(() => s.updateLog.append('big', many))).toBe(1);
    const rows = await s.updateLog.after('big', 0);
    expect(rows.length).toBe(2500);
    expect(rows.every((r, i) => r.seq === i + 1 && r.data[0] === i % 256)).toBe(true);
  });

  it('a snapshot replaces only an older one, and loading reads it plus what came after', async () => {
    const s = await (await make()).open();
    await s.db.transaction(() => s.updateLog.append('d', [update(1), update(2), update(3)]));
    await s.updateLog.saveSnapshot('d', bytes(20), 2, 1);
    await s.updateLog.saveSnapshot('d', bytes(10), 1, 2);
    const loaded = await s.updateLog.load('d');
    expect([...loaded.snapshot!]).toEqual([20]);
    expect(loaded.updates.map((u) => [...u])).toEqual([[3]]);
    expect(loaded.head).toBe(3);
    // What is loaded shrinks with a snapshot; the stored log does not.
    expect(loaded).toMatchObject({ bytes: 2, logBytes: 3 });
  });

  it('rolls a failed transaction back whole and runs only its rollback callbacks', async () => {
    const s = await (await make()).open();
    const calls: string[] = [];
    await expect(
      s.db.transaction(async () => {
        await s.updateLog.append('r', [update(1)]);
        await s.users.ensure({ id: 'u-x', name: 'X' }, 1);
        s.db.afterCommit(
          () => calls.push('committed'),
          () => calls.push('rolled back'),
        );
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(calls).toEqual(['rolled back']);
    expect(await s.updateLog.heads(['r'])).toEqual(new Map());
    expect((await s.updateLog.load('r')).logBytes).toBe(0);
    expect(await s.users.get('u-x')).toBeUndefined();
    await s.db.transaction(async () => s.db.afterCommit(() => calls.push('committed')));
    expect(calls).toEqual(['rolled back', 'committed']);
  });

  it('a timer set inside a transaction runs outside it once it has ended', async () => {
    const s = await (await make()).open();
    const later = await s.db.transaction(
      async () => new Promise<{ inTransaction: boolean; ran: boolean }>((resolve) => {
        setTimeout(() => {
          let ran = false;
          s.db.afterCommit(() => (ran = true));
          resolve({ inTransaction: s.db.inTransaction, ran });
        }, 20);
      }),
    );
    // One set inside and fired after the transaction ended:
    let fired!: Promise<{ inTransaction: boolean; ran: boolean }>;
    await s.db.transaction(async () => {
      fired = new Promise((resolve) =>
        setTimeout(() => {
          let ran = false;
          s.db.afterCommit(() => (ran = true));
          resolve({ inTransaction: s.db.inTransaction, ran });
        }, 20),
      );
    });
    expect(later).toEqual({ inTransaction: true, ran: false });
    expect(await fired).toEqual({ inTransaction: false, ran: true });
  });

  it('two connections appending to one document at once get distinct, gapless numbers', async () => {
    const engine = await make();
    const a = await engine.open();
    const b = await engine.open();
    const firsts = await Promise.all(
      Array.from({ length: 20 }, (_, i) => {
        const s = i % 2 ? a : b;
        return s.db.transaction(() => s.updateLog.append('shared', [update(i), update(i)]));
      }),
    );
    expect([...firsts].sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => 1 + 2 * i));
    expect((await a.updateLog.after('shared', 0)).map((r) => r.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    // The size total is kept by the statement that takes the numbers, so it is as exact as they are.
    expect((await b.updateLog.load('shared')).logBytes).toBe(40);
  });

  it('a head lock holds off appends by another connection until its transaction ends', async () => {
    const engine = await make();
    const a = await engine.open();
    const b = await engine.open();
    const order: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    const first = a.db.transaction(async () => {
      expect(await a.updateLog.lockHead('l')).toBe(0);
      locked();
      await held;
      order.push('a appends');
      await a.updateLog.append('l', [update(1)]);
    });
    await isLocked;
    const second = b.db.transaction(async () => {
      await b.updateLog.append('l', [update(2)]);
      order.push('b appended');
    });
    await new Promise((r) => setTimeout(r, 100));
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['a appends', 'b appended']);
    expect((await b.updateLog.after('l', 0)).map((r) => r.data[0])).toEqual([1, 2]);
  });

  it('a timer is claimed once, however many connections try', async () => {
    const engine = await make();
    const a = await engine.open();
    const b = await engine.open();
    await a.incidents.save({ id: 'inc-t', title: 't', severity: 'SEV2', status: 'investigating', statusCategory: 'triage', type: 'default', service: null, commander: null, createdAt: 1, acknowledgedAt: null, mitigatedAt: null, resolvedAt: null, private: false });
    const timer = await a.timers.add('escalation', 'inc-t', 50);
    const later = await a.timers.add('update-reminder', 'inc-t', 5000);
    expect((await b.timers.due(100)).map((t) => t.id)).toEqual([timer.id]);
    const claims = await Promise.all([a, b, a, b].map((s) => s.db.transaction(() => s.timers.claim(timer.id, 100))));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await a.timers.due(10_000)).toEqual([later]);
    expect(await b.timers.cancel('update-reminder', 'inc-t', 200)).toEqual([later.id]);
    expect(await a.timers.due(10_000)).toEqual([]);
  });

  it('keeps incidents, tokens, users, roster, alerts, audit and shared secrets', async () => {
    const engine = await make();
    const s = await engine.open();
    const summary = { id: 'inc-1', title: 'API down', severity: 'SEV1', status: 'investigating', statusCategory: 'triage' as const, type: 'default', service: 'api', commander: { id: 'u-1', name: 'Ada' }, createdAt: 5, acknowledgedAt: null, mitigatedAt: null, resolvedAt: null, private: false };
    await s.incidents.save(summary);
    await s.incidents.save({ ...summary, status: 'identified' });
    expect(await s.incidents.get('inc-1')).toEqual({ ...summary, status: 'identified' });
    expect(await s.incidents.exists('inc-2')).toBe(false);
    expect((await s.incidents.list()).map((i) => i.id)).toEqual(['inc-1']);

    const user = await s.users.create('Ada', 1);
    await s.users.ensure({ id: 'u-automation', name: 'Automation' }, 1);
    await s.users.ensure({ id: 'u-automation', name: 'Automation' }, 2);
    expect((await s.users.list()).map((u) => u.name)).toEqual(['Ada', 'Automation']);
    const { secret, record } = await s.tokens.create({ access: 'responder', name: 'Ada', userId: user.id, incidentId: 'inc-1', now: 1, expiresAt: null });
    expect(await s.tokens.findBySecret(secret)).toEqual(record);
    const invites = await Promise.all([s, await engine.open()].map((x) => x.tokens.firstInvite(2)));
    expect(invites.filter((i) => i !== null)).toHaveLength(1);
    expect(await s.tokens.revoke(record.id, 9)).toBe(true);
    expect(await s.tokens.revoke(record.id, 10)).toBe(false);
    expect((await s.tokens.listForIncident('inc-1'))[0]!.revokedAt).toBe(9);

    await s.roster.put('api', { primary: { userId: user.id, name: 'Ada' }, secondary: null, smes: [], webhooks: [], slackWebhooks: [] }, 3);
    expect((await s.roster.get('api'))?.primary?.name).toBe('Ada');
    expect(await s.roster.remove('api')).toBe(true);
    expect(await s.roster.list()).toEqual([]);

    await s.db.transaction(async () => {
      await s.alerts.lockGroup('alertmanager', 'g1');
      await s.alerts.bindGroup('alertmanager', 'g1', 'inc-1');
      await s.alerts.remember('digest', 'inc-1', 4);
      await s.alerts.remember('digest', 'inc-1', 5);
    });
    expect(await s.alerts.seen('digest')).toBe('inc-1');
    expect(await s.alerts.incidentOfGroup('alertmanager', 'g1')).toBe('inc-1');

    await s.audit.record({ at: 7, userId: 'u-1', action: 'sync.write-denied', target: 'd', detail: 'no' });
    expect(await s.audit.recent(5)).toEqual([{ at: 7, userId: 'u-1', action: 'sync.write-denied', target: 'd', detail: 'no' }]);

    const other = await engine.open();
    const one = await new SharedSecrets(s.db).readOrCreate('session-key', () => 'first');
    const two = await new SharedSecrets(other.db).readOrCreate('session-key', () => 'second');
    expect([one, two]).toEqual([{ value: 'first', created: true }, { value: 'first', created: false }]);
  });
});

describe('storage upgrade', () => {
  it('an SQLite file from before per-document numbering is renumbered in place', async () => {
    const file = path.join(tempDataDir(), 'incident-room.sqlite');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const raw = new BetterSqlite3(file);
    raw.exec('CREATE TABLE schema_version (version INTEGER NOT NULL)');
    for (let v = 0; v < 3; v++) raw.exec(LEGACY_SQLITE_MIGRATIONS[v]!);
    raw.prepare('INSERT INTO schema_version VALUES (3)').run();
    const insert = raw.prepare('INSERT INTO doc_updates (doc, data, author, received_at) VALUES (?, ?, ?, ?)');
    for (let i = 1; i <= 4; i++) {
      insert.run('a', Buffer.from([i]), 'u', i);
      insert.run('b', Buffer.from([10 + i]), 'u', i);
    }
    // A snapshot up to the global row 5, which is document a's third update.
    raw.prepare('INSERT INTO doc_snapshots VALUES (?, ?, ?, ?)').run('a', 5, Buffer.from([99]), 1);
    raw.close();

    const s = track(repositoriesOn(new SqliteDatabase(file)));
    expect(await s.updateLog.heads(['a', 'b'])).toEqual(new Map([['a', 4], ['b', 4]]));
    const a = await s.updateLog.load('a');
    expect([...a.snapshot!]).toEqual([99]);
    expect(a.updates.map((u) => [...u])).toEqual([[4]]);
    expect((await s.updateLog.after('b', 2)).map((r) => [r.seq, r.data[0]])).toEqual([[3, 13], [4, 14]]);
    expect(a.logBytes).toBe(4);
    expect(await s.db.transaction(() => s.updateLog.append('a', [update(5)]))).toBe(5);
  });
});
