/**
 * The durable outbox (issue 14), on a test clock: a failing receiver gets every message after
 * the backoff, in order and once each; Retry-After is honoured; a slow target delays neither
 * another target nor a command; undelivered messages survive a restart.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, tempDataDir } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { eventually } from '../helpers/clients.ts';
import { until } from '../helpers/cluster.ts';
import { declareIncident } from '../helpers/incidents.ts';
import { TestClock } from '../helpers/testClock.ts';
import { startScriptedReceiver } from '../helpers/scriptedReceiver.ts';
import type { ScriptedReceiver } from '../helpers/scriptedReceiver.ts';

const ALLOW = { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' };
const SECOND = 1000;
const DAY = 86_400_000;

describe('outbox delivery', () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => {
    // Receivers first: a request held open ends, so the server's close does not wait for it.
    for (const done of cleanup.reverse()) await done();
    cleanup.length = 0;
  });
  // A request held open stays open for longer than any wait of these tests, unless its receiver closes.
  const server = async (clock: TestClock, dataDir = tempDataDir()) => {
    const s = await startTestServer({ dataDir }, { ...ALLOW, WEBHOOK_TIMEOUT_MS: '600000' }, { clock });
    cleanup.unshift(() => s.close());
    return s;
  };
  const receiver = async () => {
    const r = await startScriptedReceiver();
    cleanup.push(() => r.close());
    return r;
  };
  const subscribe = async (s: TestServer, r: ScriptedReceiver, path: string) => {
    const made = await s.api('POST', '/api/webhooks', { url: `${r.url}${path}`, events: ['severity.changed'] });
    expect(made.status).toBe(201);
    return made.body.id as string;
  };
  const setSeverity = async (s: TestServer, id: string, severity: string) => {
    expect((await s.api('POST', `/api/incidents/${id}/commands`, { type: 'setSeverity', severity })).status).toBe(200);
  };
  const deliveries = async (s: TestServer, webhookId: string) => (await s.api('GET', `/api/webhooks/${webhookId}/deliveries`)).body.deliveries;

  it('retries with backoff: a receiver failing three times gets every message, in order, once each', async () => {
    const clock = new TestClock();
    const s = await server(clock);
    const r = await receiver();
    const webhookId = await subscribe(s, r, '/flaky');
    r.script({ status: 500 }, { status: 503 }, { status: 500 });
    const id = await declareIncident(s, 'Queue backlog', 'SEV4');
    for (const severity of ['SEV3', 'SEV2', 'SEV1']) await setSeverity(s, id, severity);

    // Backoff: 5 s, then 10 s, then 20 s; the message behind waits for the first one.
    for (const [attempts, wait] of [[1, 5], [2, 10], [3, 20]] as const) {
      await eventually(() => r.requests.length === attempts, `attempt ${attempts}`);
      expect((await deliveries(s, webhookId))[2]).toMatchObject({ outcome: 'pending', attempts, nextAttemptAt: clock.now() + wait * SECOND });
      clock.advance(wait * SECOND);
    }
    await eventually(() => r.delivered().length === 3, 'all three delivered');
    expect(r.delivered().map((b) => b.event.to)).toEqual(['SEV3', 'SEV2', 'SEV1']);
    expect(new Set(r.requests.slice(0, 4).map((q) => q.headers['webhook-id'])).size).toBe(1);
    const log = await deliveries(s, webhookId);
    expect(log.map((d: any) => [d.outcome, d.attempts, d.lastStatus])).toEqual([
      ['delivered', 1, 200],
      ['delivered', 1, 200],
      ['delivered', 4, 200],
    ]);
  });

  it('honours Retry-After on a 429', async () => {
    const clock = new TestClock();
    const s = await server(clock);
    const r = await receiver();
    const webhookId = await subscribe(s, r, '/limited');
    r.script({ status: 429, headers: { 'retry-after': '120' } });
    await setSeverity(s, await declareIncident(s, 'Rate limited', 'SEV4'), 'SEV3');
    await eventually(() => r.requests.length === 1, 'the first attempt');
    const [pending] = await deliveries(s, webhookId);
    expect(pending).toMatchObject({ outcome: 'pending', attempts: 1, lastStatus: 429, nextAttemptAt: clock.now() + 120 * SECOND });
    clock.advance(120 * SECOND);
    await eventually(() => r.delivered().length === 1, 'delivered after Retry-After');
  });

  it('a target that does not answer delays neither another target nor a command', async () => {
    const clock = new TestClock();
    const s = await server(clock);
    const slow = await receiver();
    const fast = await receiver();
    await subscribe(s, slow, '/slow');
    await subscribe(s, fast, '/fast');
    slow.script({ status: 0, hang: true });
    const id = await declareIncident(s, 'Two targets', 'SEV4');
    await setSeverity(s, id, 'SEV3');
    await eventually(() => slow.requests.length === 1, 'the slow target holds its first message');
    await setSeverity(s, id, 'SEV2');
    await eventually(() => fast.delivered().length === 2, 'the other target gets both');
    expect(fast.delivered().map((b) => b.event.to)).toEqual(['SEV3', 'SEV2']);
    expect(slow.requests).toHaveLength(1);
  });

  it('delivers after a restart what was not delivered before it', async () => {
    const clock = new TestClock();
    const dataDir = tempDataDir();
    const r = await receiver();
    const first = await startTestServer({ dataDir }, ALLOW, { clock });
    const webhookId = await subscribe(first, r, '/restart');
    r.script({ status: 500 });
    const id = await declareIncident(first, 'Across a restart', 'SEV4');
    await setSeverity(first, id, 'SEV3');
    await setSeverity(first, id, 'SEV2');
    await eventually(() => r.requests.length === 1, 'the first attempt failed');
    await first.close();

    const second = await server(clock, dataDir);
    clock.advance(5 * SECOND);
    await eventually(() => r.delivered().length === 2, 'both delivered by the restarted server');
    expect(r.delivered().map((b) => b.event.to)).toEqual(['SEV3', 'SEV2']);
    expect((await deliveries(second, webhookId)).map((d: any) => d.outcome)).toEqual(['delivered', 'delivered']);
  });

  it('deletes ended messages from the delivery log after OUTBOX_KEEP_DAYS, and keeps the others', async () => {
    const clock = new TestClock();
    const s = await server(clock);
    const r = await receiver();
    const webhookId = await subscribe(s, r, '/kept');
    const id = await declareIncident(s, 'Disk full', 'SEV4');
    await setSeverity(s, id, 'SEV3');
    await until(() => deliveries(s, webhookId), (d) => d.length === 1 && d[0].outcome === 'delivered', 'delivered');

    // A day short of the default 14: still in the log.
    clock.advance(13 * DAY);
    await setSeverity(s, id, 'SEV2');
    await until(() => deliveries(s, webhookId), (d) => d.length === 2 && d.every((x: any) => x.outcome === 'delivered'), 'second delivered');
    expect((await deliveries(s, webhookId)).length).toBe(2);

    // Past 14 days for the first one only.
    clock.advance(2 * DAY);
    await until(() => deliveries(s, webhookId), (d) => d.length === 1, 'the first one deleted');
    expect((await deliveries(s, webhookId))[0]).toMatchObject({ outcome: 'delivered', eventType: 'severity.changed' });
  });
});
