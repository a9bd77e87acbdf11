/**
 * The PagerDuty Events API v2 intake, driven by the request bodies of PagerDuty's documentation
 * (test/fixtures/pagerduty-*.json) and sent as PagerDuty's clients send them: no Authorization
 * header, the routing key in the body. Answers are checked for PagerDuty's shapes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { tokenFor } from '../helpers/incidents.ts';
import { signIn } from '../helpers/sessions.ts';
import { TestClock } from '../helpers/testClock.ts';

const fixture = (name: string) => JSON.parse(fs.readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8'));
const PROCESSED = { status: 'success', message: 'Event processed' };

async function enqueue(server: TestServer, body: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.url}/api/alerts/pagerduty/v2/enqueue`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

/** A roster service with an on-call primary, and a routing key for it. */
async function pagedService(server: TestServer, service: string): Promise<string> {
  const alice = await signIn(server, 'Alice');
  expect((await server.api('PUT', `/api/services/${service}`, { primary: { userId: alice.session.userId, name: 'Alice' } })).status).toBe(200);
  const key = await server.api('POST', '/api/alerts/routing-keys', { service, name: 'Sample Monitoring Service' });
  expect(key.status).toBe(201);
  return key.body.routingKey;
}

describe('PagerDuty Events API v2 in', () => {
  let server: TestServer;
  let routingKey: string;
  beforeAll(async () => {
    server = await startTestServer();
    routingKey = await pagedService(server, 'checkout');
  });
  afterAll(() => server.close());

  const incidents = async () => (await server.api('GET', '/api/incidents')).body.incidents as any[];
  /** Sorted: incidents declared in the same millisecond list in either order. */
  const incidentIds = async () => (await incidents()).map((i) => i.id as string).sort();
  const exportOf = async (id: string) => (await server.api('GET', `/api/incidents/${id}/export.json`)).body;
  const incidentTitled = async (title: string) => {
    const found = (await incidents()).filter((i) => i.title === title);
    expect(found).toHaveLength(1);
    return found[0].id as string;
  };
  const trigger = (over: Record<string, unknown> = {}) => ({ ...fixture('pagerduty-trigger.json'), routing_key: routingKey, ...over });
  const followUp = (action: 'acknowledge' | 'resolve', dedupKey: string) => ({ ...fixture(`pagerduty-${action}.json`), routing_key: routingKey, dedup_key: dedupKey });

  it('makes 32-character routing keys, lists them without secrets', async () => {
    expect(routingKey).toMatch(/^[a-z0-9]{32}$/);
    const listed = (await server.api('GET', '/api/alerts/routing-keys')).body.routingKeys;
    expect(listed).toEqual([{ id: expect.any(String), service: 'checkout', name: 'Sample Monitoring Service', createdBy: { id: expect.any(String), name: expect.any(String) }, createdAt: expect.any(String) }]);
    expect(JSON.stringify(listed)).not.toContain(routingKey);
  });

  it('a documented trigger opens an incident for the key\'s service and pages its on-call person', async () => {
    const res = await enqueue(server, trigger());
    expect(res).toEqual({ status: 202, body: { ...PROCESSED, dedup_key: 'samplekeyhere' } });

    const x = await exportOf(await incidentTitled('Example alert on host1.example.com'));
    expect(x.incident).toMatchObject({ title: 'Example alert on host1.example.com', severity: 'SEV4', service: 'checkout', acknowledgedAt: null });
    expect(x.incident.links).toEqual([
      { label: 'Link text', url: 'https://example.com/' },
      { label: 'Sample Monitoring Service', url: 'https://monitoring.example.com' },
    ]);
    expect(x.alerts).toEqual([
      {
        source: 'pagerduty',
        fingerprint: 'samplekeyhere',
        status: 'firing',
        name: 'Example alert on host1.example.com',
        labels: {
          'ping time': '1500ms',
          'load avg': '0.75',
          service: 'checkout',
          alertname: 'Example alert on host1.example.com',
          severity: 'info',
          source: 'monitoringtool:cloudvendor:central-region-dc-01:852559987:cluster/api-stats-prod-003',
          component: 'postgres',
          group: 'prod-datapipe',
          class: 'deploy',
        },
        annotations: { summary: 'Example alert on host1.example.com' },
        startsAt: '2015-07-17T08:42:58.315+0000',
        endsAt: null,
        receivedAt: expect.any(Number),
      },
    ]);
    const types = x.events.map((e: any) => e.type);
    expect(types).toContain('paged');
    expect(types.at(-1)).toBe('alert.firing');
    expect(x.events.at(-1)).toMatchObject({ source: 'pagerduty', names: ['Example alert on host1.example.com'], count: 1 });
  });

  it('the same trigger again is answered with its dedup_key and changes nothing', async () => {
    const id = await incidentTitled('Example alert on host1.example.com');
    const before = await exportOf(id);
    const again = await enqueue(server, trigger({ payload: { ...fixture('pagerduty-trigger.json').payload, timestamp: '2015-07-17T08:47:58.315+0000' } }));
    expect(again).toEqual({ status: 202, body: { ...PROCESSED, dedup_key: 'samplekeyhere' } });
    expect(await exportOf(id)).toEqual({ ...before, exportedAt: expect.any(Number) });
  });

  it('acknowledge is recorded on the timeline; the incident stays unacknowledged until a person acknowledges', async () => {
    const id = await incidentTitled('Example alert on host1.example.com');
    const res = await enqueue(server, followUp('acknowledge', 'samplekeyhere'));
    expect(res).toEqual({ status: 202, body: { ...PROCESSED, dedup_key: 'samplekeyhere' } });
    const x = await exportOf(id);
    expect(x.events.at(-1)).toMatchObject({ type: 'alert.acknowledged', source: 'pagerduty', names: ['Example alert on host1.example.com'], count: 1 });
    expect(x.incident.acknowledgedAt).toBeNull();
    expect(x.events.map((e: any) => e.type)).not.toContain('acknowledged');

    // Acknowledged again, or triggered while acknowledged: the alert is open, nothing changes.
    expect((await enqueue(server, followUp('acknowledge', 'samplekeyhere'))).status).toBe(202);
    expect((await enqueue(server, trigger())).status).toBe(202);
    expect((await exportOf(id)).events).toHaveLength(x.events.length);
  });

  it('resolve records the alert resolved and closes nothing; a later trigger fires it again in the same incident', async () => {
    const id = await incidentTitled('Example alert on host1.example.com');
    const res = await enqueue(server, followUp('resolve', 'samplekeyhere'));
    expect(res).toEqual({ status: 202, body: { ...PROCESSED, dedup_key: 'samplekeyhere' } });
    let x = await exportOf(id);
    expect(x.incident.status).toBe('investigating');
    expect(x.alerts).toMatchObject([{ fingerprint: 'samplekeyhere', status: 'resolved', labels: { component: 'postgres' }, endsAt: expect.any(String) }]);
    expect(x.events.at(-1)).toMatchObject({ type: 'alert.resolved', source: 'pagerduty', names: ['Example alert on host1.example.com'] });

    const count = x.events.length;
    expect((await enqueue(server, followUp('resolve', 'samplekeyhere'))).status).toBe(202);
    expect((await exportOf(id)).events).toHaveLength(count);

    expect((await enqueue(server, trigger())).body).toEqual({ ...PROCESSED, dedup_key: 'samplekeyhere' });
    x = await exportOf(id);
    expect(x.events.slice(count).map((e: any) => e.type)).toEqual(['alert.firing']);
    expect(x.alerts).toMatchObject([{ fingerprint: 'samplekeyhere', status: 'firing' }]);
    await incidentTitled('Example alert on host1.example.com');
  });

  it("severity follows the model's mapping of PagerDuty's four", async () => {
    const expected = { critical: 'SEV1', error: 'SEV2', warning: 'SEV3', info: 'SEV4' };
    for (const [severity, sev] of Object.entries(expected)) {
      const summary = `Severity ${severity} on host2`;
      const res = await enqueue(server, trigger({ dedup_key: `sev-${severity}`, payload: { summary, source: 'host2', severity } }));
      expect(res.status).toBe(202);
      expect((await exportOf(await incidentTitled(summary))).incident.severity).toBe(sev);
    }
  });

  it('nested custom_details become annotations, a detail may choose privacy, and fields sent as null are left out', async () => {
    const summary = 'Replication lag on db-7';
    const res = await enqueue(server, {
      routing_key: routingKey,
      event_action: 'trigger',
      dedup_key: 'lag-db-7',
      payload: { summary, source: 'db-7', severity: 'error', component: null, group: '', class: null, custom_details: { private: 'true', lag: { seconds: 42 } } },
      links: null,
      images: null,
      client: null,
      client_url: null,
    });
    expect(res.status).toBe(202);
    const id = (await server.api('GET', '/api/incidents')).body.incidents.find((i: any) => i.title === summary).id;
    const x = await exportOf(id);
    expect(x.incident).toMatchObject({ private: true, links: [] });
    expect(x.alerts[0].labels).toEqual({ private: 'true', service: 'checkout', alertname: summary, severity: 'error', source: 'db-7' });
    expect(x.alerts[0].annotations).toEqual({ lag: '{"seconds":42}', summary });
  });

  it('a trigger without a dedup_key gets one made, returned in the answer; follow-ups for unknown keys are dropped', async () => {
    const body = trigger({ payload: { summary: 'Disk full on host3', source: 'host3', severity: 'warning' } });
    delete body.dedup_key;
    const res = await enqueue(server, body);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ ...PROCESSED, dedup_key: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const id = await incidentTitled('Disk full on host3');
    expect((await exportOf(id)).alerts[0].fingerprint).toBe(res.body.dedup_key);

    const before = (await incidentIds()).length;
    for (const action of ['acknowledge', 'resolve'] as const) {
      expect(await enqueue(server, followUp(action, 'never-triggered'))).toEqual({ status: 202, body: { ...PROCESSED, dedup_key: 'never-triggered' } });
    }
    expect(await incidents()).toHaveLength(before);
  });

  it("invalid events get PagerDuty's 400 with the reasons and change nothing", async () => {
    const before = await incidentIds();
    const refused = async (body: unknown, reason: RegExp) => {
      const res = await enqueue(server, body);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ status: 'invalid event', message: 'Event object is invalid', errors: expect.any(Array) });
      expect(res.body.errors.join('\n')).toMatch(reason);
    };
    await refused(trigger({ payload: undefined }), /payload is required to trigger/);
    await refused(trigger({ payload: { ...fixture('pagerduty-trigger.json').payload, severity: 'fatal' } }), /payload.severity must be "critical", "error", "warning" or "info"/);
    await refused(trigger({ payload: { source: 'x', severity: 'info' } }), /payload.summary is required/);
    await refused(trigger({ event_action: 'snooze' }), /event_action must be "trigger", "acknowledge" or "resolve"/);
    await refused({ routing_key: routingKey, event_action: 'resolve' }, /dedup_key is required to resolve/);
    await refused({ event_action: 'trigger', payload: fixture('pagerduty-trigger.json').payload }, /routing_key is required/);
    await refused(trigger({ dedup_key: 'k'.repeat(256) }), /dedup_key must be at most 255 characters/);
    await refused('{"routing_key": ', /not valid JSON/);
    expect(await incidentIds()).toEqual(before);
  });

  it('an unknown or revoked routing key is refused as PagerDuty refuses it, and creates nothing', async () => {
    const before = await incidentIds();
    const invalidKey = { status: 400, body: { status: 'invalid event', message: 'Event object is invalid', errors: ['Invalid routing key'] } };
    expect(await enqueue(server, trigger({ routing_key: 'samplekeyhere', dedup_key: 'unknown-key' }))).toEqual(invalidKey);
    expect(await enqueue(server, trigger({ routing_key: 'a'.repeat(32), dedup_key: 'unknown-key' }))).toEqual(invalidKey);

    const second = (await server.api('POST', '/api/alerts/routing-keys', { service: 'checkout' })).body;
    expect(second).toMatchObject({ service: 'checkout', name: 'checkout', routingKey: expect.stringMatching(/^[a-z0-9]{32}$/) });
    expect((await server.api('DELETE', `/api/alerts/routing-keys/${second.id}`)).status).toBe(204);
    expect(await enqueue(server, trigger({ routing_key: second.routingKey, dedup_key: 'revoked-key' }))).toEqual(invalidKey);
    expect((await server.api('GET', '/api/alerts/routing-keys')).body.routingKeys.map((k: any) => k.id)).not.toContain(second.id);
    expect((await server.api('DELETE', `/api/alerts/routing-keys/${second.id}`)).status).toBe(404);
    expect(await incidentIds()).toEqual(before);
  });

  it('routing keys are made by admins and the API token, for a service of the roster', async () => {
    const unknown = await server.api('POST', '/api/alerts/routing-keys', { service: 'nosuch' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/no roster for service nosuch/);
    expect((await server.api('POST', '/api/alerts/routing-keys', { service: 'Not A Service' })).status).toBe(400);

    const bob = await signIn(server, 'Bob');
    expect((await bob.api('POST', '/api/alerts/routing-keys', { service: 'checkout' })).status).toBe(403);
    expect((await bob.api('GET', '/api/alerts/routing-keys')).status).toBe(403);
    const id = await incidentTitled('Example alert on host1.example.com');
    const link = await tokenFor(server, id, 'A link', 'responder');
    expect((await server.api('POST', '/api/alerts/routing-keys', { service: 'checkout' }, link)).status).toBe(403);
    const keys = (await server.api('GET', '/api/alerts/routing-keys')).body.routingKeys;
    expect((await server.api('DELETE', `/api/alerts/routing-keys/${keys[0].id}`, undefined, link)).status).toBe(403);
    expect((await server.api('GET', '/api/alerts/routing-keys')).body.routingKeys).toHaveLength(1);
  });
});

describe('PagerDuty Events API v2 rate', () => {
  it('limits each routing key to COMMANDS_PER_MINUTE, answering 429 as PagerDuty does', async () => {
    // A stopped clock: the bucket never refills during the test.
    const server = await startTestServer({}, { COMMANDS_PER_MINUTE: '2' }, { clock: new TestClock() });
    try {
      const routingKey = await pagedService(server, 'checkout');
      const event = (n: number) => ({ routing_key: routingKey, dedup_key: `rate-${n}`, event_action: 'resolve' });
      expect((await enqueue(server, event(1))).status).toBe(202);
      expect((await enqueue(server, event(2))).status).toBe(202);
      const limited = await enqueue(server, event(3));
      expect(limited.status).toBe(429);
      expect(limited.body).toMatchObject({ status: 'throttle event' });
    } finally {
      await server.close();
    }
  });
});
