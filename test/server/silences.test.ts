/**
 * Silences (maintenance windows) per service: alerts inside are recorded, open no incident and
 * page nobody; before a scheduled start and after the end they open incidents as ever. Time is a
 * TestClock the server reads.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { tokenFor } from '../helpers/incidents.ts';
import { signIn } from '../helpers/sessions.ts';
import type { SignedIn } from '../helpers/sessions.ts';
import { TestClock } from '../helpers/testClock.ts';

const fixture = (name: string) => JSON.parse(fs.readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8'));
const HOUR = 60 * 60 * 1000;
const iso = (ms: number) => new Date(ms).toISOString();

describe('silences', () => {
  const clock = new TestClock({ start: Date.UTC(2026, 2, 2, 9, 0) });
  let server: TestServer;
  let alice: SignedIn;
  beforeAll(async () => {
    server = await startTestServer({}, {}, { clock });
    alice = await signIn(server, 'Alice');
    expect((await server.api('PUT', '/api/services/checkout', { primary: { userId: alice.session.userId, name: 'Alice' } })).status).toBe(200);
    expect((await server.api('PUT', '/api/services/search', {})).status).toBe(200);
  });
  afterAll(() => server.close());

  /** The documented Alertmanager notification (service="checkout"), as its own group. */
  const page = (groupKey: string, labels: Record<string, string> = {}) => {
    const n = fixture('alertmanager-v4.json');
    n.groupKey = groupKey;
    Object.assign(n.commonLabels, labels);
    Object.assign(n.alerts[0].labels, labels);
    return n;
  };
  const incidents = async () => (await server.api('GET', '/api/incidents')).body.incidents as any[];
  /** Sorted: incidents declared in the same millisecond list in either order. */
  const incidentIds = async () => (await incidents()).map((i) => i.id as string).sort();
  const exportOf = async (id: string) => (await server.api('GET', `/api/incidents/${id}/export.json`)).body;
  const silence = async (service: string, body: Record<string, unknown>, as: SignedIn = alice) => {
    const res = await as.api('POST', `/api/services/${service}/silences`, body);
    expect(res.status).toBe(201);
    return res.body;
  };

  it('holds an Alertmanager page back, records it, and lets the same group open an incident once it ends', async () => {
    const start = clock.now();
    const s = await silence('checkout', { end: iso(start + HOUR), reason: 'database upgrade' });
    expect(s).toMatchObject({ service: 'checkout', startsAt: iso(start), endsAt: iso(start + HOUR), reason: 'database upgrade', createdBy: { name: 'Alice' }, state: 'active', alertsHeld: 0 });

    const before = await incidentIds();
    const held = await server.api('POST', '/api/alerts/alertmanager', page('maintenance-group'));
    expect(held).toEqual({ status: 200, body: { incidentId: null, created: false, duplicate: false, silenced: true, silenceId: s.id } });
    const again = await server.api('POST', '/api/alerts/alertmanager', page('maintenance-group'));
    expect(again.body).toMatchObject({ incidentId: null, duplicate: true, silenced: true, silenceId: s.id });
    expect(await incidentIds()).toEqual(before);

    const listed = (await alice.api('GET', '/api/services/checkout/silences')).body.silences;
    expect(listed).toMatchObject([{ id: s.id, state: 'active', alertsHeld: 1 }]);
    const kept = (await alice.api('GET', `/api/services/checkout/silences/${s.id}/alerts`)).body;
    expect(kept.alerts).toEqual([
      {
        receivedAt: iso(start),
        source: 'alertmanager',
        status: 'firing',
        private: false,
        title: 'BlackBox Probe Failure: https://server.example.org',
        severity: 'SEV1',
        alerts: [expect.objectContaining({ fingerprint: '1a30ba71cca2921f', name: 'ProbeFailure', labels: expect.objectContaining({ service: 'checkout' }) })],
      },
    ]);

    clock.advance(HOUR);
    expect((await alice.api('GET', `/api/services/checkout/silences/${s.id}`)).body.state).toBe('ended');
    const opened = await server.api('POST', '/api/alerts/alertmanager', page('maintenance-group'));
    expect(opened.body).toMatchObject({ created: true, duplicate: false });
    expect(opened.body.silenced).toBeUndefined();
    const x = await exportOf(opened.body.incidentId);
    expect(x.events.map((e: any) => e.type)).toContain('paged');
  });

  it('a scheduled silence holds nothing before its start, and holds from it', async () => {
    const start = clock.now() + HOUR;
    const s = await silence('checkout', { start: iso(start), end: iso(start + HOUR), reason: 'planned failover' });
    expect(s).toMatchObject({ state: 'scheduled', startsAt: iso(start) });

    const before = await server.api('POST', '/api/alerts/alertmanager', page('before-window'));
    expect(before.body).toMatchObject({ created: true });
    expect(before.body.silenced).toBeUndefined();

    clock.set(start);
    const inside = await server.api('POST', '/api/alerts/alertmanager', page('inside-window'));
    expect(inside.body).toMatchObject({ incidentId: null, silenced: true, silenceId: s.id });
    expect((await alice.api('GET', `/api/services/checkout/silences/${s.id}`)).body).toMatchObject({ state: 'active', alertsHeld: 1 });
  });

  it('holds PagerDuty and Grafana alerts for the service too; other services still page', async () => {
    const key = (await server.api('POST', '/api/alerts/routing-keys', { service: 'checkout' })).body.routingKey;
    const active = (await alice.api('GET', '/api/services/checkout/silences')).body.silences.find((x: any) => x.state === 'active');
    const before = await incidentIds();

    const event = { ...fixture('pagerduty-trigger.json'), routing_key: key };
    const res = await fetch(`${server.url}/api/alerts/pagerduty/v2/enqueue`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ status: 'success', message: 'Event processed', dedup_key: 'samplekeyhere', silenced: true, silenceId: active.id });

    const grafana = fixture('grafana.json');
    grafana.commonLabels.service = 'checkout';
    expect((await server.api('POST', '/api/alerts/grafana', grafana)).body).toMatchObject({ silenced: true, silenceId: active.id });
    expect(await incidentIds()).toEqual(before);

    const elsewhere = await server.api('POST', '/api/alerts/alertmanager', page('other-service', { service: 'search' }));
    expect(elsewhere.body).toMatchObject({ created: true });
    const sources = (await alice.api('GET', `/api/services/checkout/silences/${active.id}/alerts`)).body.alerts.map((a: any) => a.source);
    expect(sources).toEqual(['grafana', 'pagerduty', 'alertmanager']);
  });

  it('an alert that would open a private incident shows its details only to admins', async () => {
    const active = (await alice.api('GET', '/api/services/checkout/silences')).body.silences.find((x: any) => x.state === 'active');
    expect((await server.api('POST', '/api/alerts/alertmanager', page('private-group', { private: 'true' }))).body.silenced).toBe(true);
    const [seenByAlice] = (await alice.api('GET', `/api/services/checkout/silences/${active.id}/alerts`)).body.alerts;
    expect(seenByAlice).toEqual({ receivedAt: expect.any(String), source: 'alertmanager', status: 'firing', private: true, title: null, severity: null, alerts: null });
    const [seenByAdmin] = (await server.api('GET', `/api/services/checkout/silences/${active.id}/alerts`)).body.alerts;
    expect(seenByAdmin).toMatchObject({ private: true, title: 'BlackBox Probe Failure: https://server.example.org' });
  });

  it('ending a silence early lets alerts through; a scheduled one can be called off', async () => {
    const active = (await alice.api('GET', '/api/services/checkout/silences')).body.silences.find((x: any) => x.state === 'active');
    expect((await alice.api('DELETE', `/api/services/checkout/silences/${active.id}`)).status).toBe(204);
    const ended = (await alice.api('GET', `/api/services/checkout/silences/${active.id}`)).body;
    expect(ended).toMatchObject({ state: 'ended', endedEarlyAt: iso(clock.now()), endedEarlyBy: { name: 'Alice' } });
    expect((await alice.api('DELETE', `/api/services/checkout/silences/${active.id}`)).status).toBe(409);
    expect((await server.api('POST', '/api/alerts/alertmanager', page('after-early-end'))).body).toMatchObject({ created: true });

    const later = await silence('checkout', { start: iso(clock.now() + HOUR), end: iso(clock.now() + 2 * HOUR), reason: 'called off' });
    expect((await server.api('DELETE', `/api/services/checkout/silences/${later.id}`)).status).toBe(204);
    clock.advance(HOUR);
    expect((await alice.api('GET', `/api/services/checkout/silences/${later.id}`)).body.state).toBe('ended');
    expect((await server.api('POST', '/api/alerts/alertmanager', page('after-called-off'))).body).toMatchObject({ created: true });
  });

  it('refuses bad silences with the reason', async () => {
    const now = clock.now();
    const refused = async (service: string, body: unknown, status: number, reason: RegExp) => {
      const res = await alice.api('POST', `/api/services/${service}/silences`, body);
      expect(res.status).toBe(status);
      expect(res.body.error.message).toMatch(reason);
    };
    await refused('checkout', { end: iso(now + HOUR) }, 400, /reason is required/);
    await refused('checkout', { end: iso(now - HOUR), reason: 'x' }, 400, /end must be after now/);
    await refused('checkout', { start: iso(now + 2 * HOUR), end: iso(now + HOUR), reason: 'x' }, 400, /end must be after start/);
    await refused('checkout', { end: iso(now + 32 * 24 * HOUR), reason: 'x' }, 400, /at most 31 days/);
    await refused('checkout', { end: 'tomorrow', reason: 'x' }, 400, /end must be an ISO 8601 instant/);
    await refused('checkout', { end: iso(now + HOUR), reason: 'x', services: ['all'] }, 400, /unknown field/);
    await refused('nosuch', { end: iso(now + HOUR), reason: 'x' }, 404, /no roster for service nosuch/);
    await refused('Not A Service', { end: iso(now + HOUR), reason: 'x' }, 400, /service names/);
    expect((await alice.api('GET', '/api/services/checkout/silences/silence-nosuch/alerts')).status).toBe(404);
  });

  it('refuses links for one incident and stakeholder links', async () => {
    const some = (await incidents())[0].id;
    const links = [await tokenFor(server, some, 'Responder link', 'responder'), await tokenFor(server, some, 'Stakeholder link', 'stakeholder')];
    const any = (await alice.api('GET', '/api/services/checkout/silences')).body.silences[0].id;
    const count = (await alice.api('GET', '/api/services/checkout/silences')).body.silences.length;
    for (const link of links) {
      const made = await server.api('POST', '/api/services/checkout/silences', { end: iso(clock.now() + HOUR), reason: 'x' }, link);
      expect(made.status).toBe(403);
      expect((await server.api('GET', '/api/services/checkout/silences', undefined, link)).status).toBe(403);
      expect((await server.api('GET', `/api/services/checkout/silences/${any}/alerts`, undefined, link)).status).toBe(403);
      expect((await server.api('DELETE', `/api/services/checkout/silences/${any}`, undefined, link)).status).toBe(403);
    }
    expect((await alice.api('GET', '/api/services/checkout/silences')).body.silences).toHaveLength(count);
  });
});
