/**
 * ALERT_GROUPING=service (issue 22): the same outage reported by Alertmanager and by a
 * PagerDuty-speaking tool is one room. A new alert group of a service joins the service's open
 * incident that alerts opened, whatever sent it, including when both senders' first alerts
 * arrive at once; a resolved incident, a practice incident or an incident declared by hand is
 * never joined; with the default (`group`) each sender's group opens its own.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../helpers/sessions.ts';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';

const fixture = (name: string) => JSON.parse(fs.readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8'));

/** Two senders for `service`: an Alertmanager group and a PagerDuty routing key. */
async function senders(server: TestServer, service: string) {
  const alice = await signIn(server, 'Alice');
  expect((await server.api('PUT', `/api/services/${service}`, { primary: { userId: alice.session.userId, name: 'Alice' } })).status).toBe(200);
  const routingKey = (await server.api('POST', '/api/alerts/routing-keys', { service, name: 'Probes' })).body.routingKey as string;
  const alertmanager = (groupKey: string) => {
    const body = fixture('alertmanager-v4.json');
    body.groupKey = groupKey;
    body.commonLabels.service = service;
    body.alerts[0].labels.service = service;
    body.alerts[0].fingerprint = `fp-${groupKey}`;
    return server.api('POST', '/api/alerts/alertmanager', body);
  };
  const pagerDuty = async (dedupKey: string) => {
    const res = await fetch(`${server.url}/api/alerts/pagerduty/v2/enqueue`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...fixture('pagerduty-trigger.json'), routing_key: routingKey, dedup_key: dedupKey }),
    });
    return { status: res.status, body: await res.json() };
  };
  return { alertmanager, pagerDuty };
}

const openIncidentsOf = async (server: TestServer, service: string) =>
  ((await server.api('GET', '/api/incidents')).body.incidents as Array<{ id: string; service: string | null; statusCategory: string }>).filter(
    (i) => i.service === service && i.statusCategory !== 'resolved',
  );

describe('ALERT_GROUPING=service', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({}, { ALERT_GROUPING: 'service' });
  });
  afterAll(() => server.close());

  it('makes one incident of both senders’ alerts for one service, even arriving at once', async () => {
    const send = await senders(server, 'checkout');
    const [am, pd] = await Promise.all([send.alertmanager('am-1'), send.pagerDuty('pd-1')]);
    expect(am.status).toBe(200);
    expect(pd.status).toBe(202);
    const open = await openIncidentsOf(server, 'checkout');
    expect(open).toHaveLength(1);
    const x = (await server.api('GET', `/api/incidents/${open[0]!.id}/export.json`)).body;
    expect(x.alerts.map((a: { source: string }) => a.source).sort()).toEqual(['alertmanager', 'pagerduty']);

    // A later group of either sender joins it too.
    await send.alertmanager('am-2');
    await send.pagerDuty('pd-2');
    expect(await openIncidentsOf(server, 'checkout')).toHaveLength(1);
  });

  it('never joins a resolved incident or one declared by hand', async () => {
    const send = await senders(server, 'search');
    const byHand = (await server.api('POST', '/api/incidents', { title: 'Search slow, seen by a person', severity: 'SEV3', service: 'search' })).body.id as string;
    await send.alertmanager('search-am-1');
    const opened = (await openIncidentsOf(server, 'search')).map((i) => i.id).filter((id) => id !== byHand);
    expect(opened).toHaveLength(1);
    expect((await server.api('POST', `/api/incidents/${opened[0]}/commands`, { type: 'setStatus', status: 'resolved' })).status).toBe(200);

    await send.pagerDuty('search-pd-1');
    const fresh = (await openIncidentsOf(server, 'search')).map((i) => i.id).filter((id) => id !== byHand);
    expect(fresh).toHaveLength(1);
    expect(fresh[0]).not.toBe(opened[0]);
    const x = (await server.api('GET', `/api/incidents/${fresh[0]}/export.json`)).body;
    expect(x.alerts.map((a: { source: string }) => a.source)).toEqual(['pagerduty']);
    expect((await server.api('GET', `/api/incidents/${byHand}/export.json`)).body.alerts).toEqual([]);
  });
});

describe('ALERT_GROUPING=group (the default)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('gives each sender’s group its own incident', async () => {
    const send = await senders(server, 'checkout');
    await send.alertmanager('am-1');
    await send.pagerDuty('pd-1');
    expect(await openIncidentsOf(server, 'checkout')).toHaveLength(2);
  });

  it('refuses a value it does not know, naming it', async () => {
    await expect(startTestServer({}, { ALERT_GROUPING: 'team' })).rejects.toThrow(/ALERT_GROUPING/);
  });
});
