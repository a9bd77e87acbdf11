/**
 * Pages without a room (issue 19) on a real server with a real SMTP server and a test clock: a
 * low-urgency alert pages the service's on-call person by their low-urgency rules and opens no
 * incident; its resolve ends the page and its later rules; the email's acknowledge link
 * acknowledges it; "Open a room" declares one incident however often it is pressed; a high-urgency
 * alert opens a room as before; an urgency of none pages nobody; links for one incident are
 * refused. Runs on both engines.
 *
 * "A later rule did not fire" is shown with a witness: a page of the same person whose rule falls
 * due a minute later. Due rules are fired in order of their time, and the person's messages go
 * out in order, so once the witness's rule ran, the other's would have run before it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestServer, tempDataDir } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { TestClock } from '../helpers/testClock.ts';
import { signIn } from '../helpers/sessions.ts';
import type { SignedIn } from '../helpers/sessions.ts';
import { pagedPerson } from '../helpers/pagedPerson.ts';
import { ackLinkOf, startSmtpServer, tokenOf } from '../helpers/smtpServer.ts';
import type { TestSmtpServer } from '../helpers/smtpServer.ts';
import { tokenFor } from '../helpers/incidents.ts';

const MINUTE = 60_000;
const wait = { timeout: 10_000, interval: 20 };

/** The README's example model with its never-paging `minor` made low-urgency, and an `info` severity that never pages. */
function modelFile(): string {
  const text = fs.readFileSync(path.resolve('ops/incident-model.example.yaml'), 'utf8');
  if (!/urgency: none/.test(text) || !/\nstatuses:/.test(text)) throw new Error('the example model changed shape');
  const info = '  - key: info\n    name: Info\n    description: Recorded, never pages\n    urgency: none\n\nstatuses:';
  const file = path.join(tempDataDir(), 'model.yaml');
  fs.writeFileSync(file, text.replace('urgency: none', 'urgency: low').replace('\nstatuses:', `\n${info}`));
  return file;
}

/**
 * An Alertmanager webhook (version 4) of one alert for service "api". Its `region` label fills the
 * model's field required at declaration, which a person promoting the page must have.
 */
function alert(group: string, status: 'firing' | 'resolved', severity: string, summary = `Disk filling on ${group}`) {
  const labels = { alertname: 'DiskFilling', severity, service: 'api', instance: group, region: 'eu' };
  return {
    receiver: 'incident-room',
    status,
    alerts: [{ status, labels, annotations: { summary }, startsAt: '2026-03-25T11:58:00Z', fingerprint: `fp-${group}` }],
    groupLabels: { alertname: 'DiskFilling' },
    commonLabels: labels,
    commonAnnotations: { summary },
    externalURL: 'http://alertmanager.example.org:9093',
    version: '4',
    groupKey: `{}:{instance="${group}"}`,
  };
}

describe('pages without a room', () => {
  const clock = new TestClock({ start: Date.parse('2026-03-25T12:00:00Z') });
  let server: TestServer;
  let smtp: TestSmtpServer;
  let pat: SignedIn;
  let bob: SignedIn;

  const send = async (body: unknown) => {
    const res = await server.api('POST', '/api/alerts/alertmanager', body);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };
  const incidentCount = async () => (await server.api('GET', '/api/incidents')).body.incidents.length as number;
  const pageOf = async (id: string) => (await server.api('GET', '/api/pages')).body.pages.find((p: any) => p.id === id);
  const mailsAbout = (summary: string) => smtp.received.filter((m) => m.subject.endsWith(summary));

  beforeAll(async () => {
    smtp = await startSmtpServer();
    server = await startTestServer({}, { INCIDENT_MODEL_FILE: modelFile(), SMTP_URL: smtp.url, SMTP_FROM: 'Incident Room <incidents@example.test>' }, { clock });
    const paged = await pagedPerson(server, 'Pat Primary');
    pat = paged.person;
    const email = await paged.method('email', 'pat@example.test');
    // Low urgency: an email now and another ten minutes on; high urgency would go by other rules.
    const res = await pat.api('PUT', `/api/users/${pat.session.userId}/notification-rules`, {
      rules: [
        { afterMinutes: 0, contactMethodIds: [email] },
        { afterMinutes: 10, contactMethodIds: [email] },
      ],
      highUrgencyRules: [{ afterMinutes: 30, contactMethodIds: [email] }],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    bob = await signIn(server, 'Bob');
  });
  afterAll(async () => {
    await server?.close();
    await smtp?.close();
  });

  it('pages the on-call person by their low-urgency rules, opens no incident, and resolves with its alert', async () => {
    const before = await incidentCount();
    const answer = await send(alert('disk-a', 'firing', 'minor', 'Disk filling on db-1'));
    expect(answer).toMatchObject({ incidentId: null, created: false });
    const pageId = answer.pageId as string;
    expect(pageId).toBeTruthy();
    expect(await incidentCount()).toBe(before);

    await vi.waitFor(() => expect(mailsAbout('Disk filling on db-1')).toHaveLength(1), wait);
    const [mail] = mailsAbout('Disk filling on db-1');
    expect(mail!.to).toEqual(['pat@example.test']);
    expect(mail!.subject).toBe('[minor] Paged: Disk filling on db-1');
    const open = (await bob.api('GET', '/api/pages?status=open')).body.pages.find((p: any) => p.id === pageId);
    expect(open).toMatchObject({ title: 'Disk filling on db-1', severity: 'minor', service: 'api', urgency: 'low', status: 'open', target: { name: 'Pat Primary' } });
    await vi.waitFor(async () => expect((await pageOf(pageId)).attempts.map((a: any) => `${a.step}:${a.outcome}`)).toEqual(['0:queued', '0:sent']), wait);
    expect((await pageOf(pageId)).attempts[0].address).toBe('p***@example.test');

    // The same alert again pages nobody twice.
    expect((await send(alert('disk-a', 'firing', 'minor', 'Disk filling on db-1'))).pageId).toBe(pageId);

    clock.advance(MINUTE);
    const witness = (await send(alert('disk-w', 'firing', 'minor', 'Witness disk'))).pageId as string;
    await vi.waitFor(() => expect(mailsAbout('Witness disk')).toHaveLength(1), wait);

    const resolved = await send(alert('disk-a', 'resolved', 'minor', 'Disk filling on db-1'));
    expect(resolved).toMatchObject({ incidentId: null, pageId });
    expect(await pageOf(pageId)).toMatchObject({ status: 'resolved', resolvedAt: clock.now() });
    expect((await server.api('GET', '/api/pages?status=open')).body.pages.map((p: any) => p.id)).not.toContain(pageId);

    // Ten minutes after the witness: the resolved page's second rule (a minute earlier) would have gone first.
    clock.advance(10 * MINUTE);
    await vi.waitFor(() => expect(mailsAbout('Witness disk')).toHaveLength(2), wait);
    expect((await pageOf(witness)).attempts.filter((a: any) => a.step === 1).length).toBeGreaterThan(0);
    expect((await pageOf(pageId)).attempts.filter((a: any) => a.step === 1)).toEqual([]);
    expect(mailsAbout('Disk filling on db-1')).toHaveLength(1);
    expect(await incidentCount()).toBe(before);
    await send(alert('disk-w', 'resolved', 'minor', 'Witness disk'));
  });

  it('is acknowledged through its email link, as the person paged, once', async () => {
    const pageId = (await send(alert('disk-b', 'firing', 'minor', 'Inode pressure'))).pageId as string;
    await vi.waitFor(() => expect(mailsAbout('Inode pressure')).toHaveLength(1), wait);
    const token = tokenOf(ackLinkOf(mailsAbout('Inode pressure')[0]!));
    const post = (pathname: string) =>
      fetch(server.url + pathname, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));

    const shown = await post('/api/page-links/inspect');
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({ incident: { id: pageId, title: 'Inode pressure', severity: 'minor', status: 'open' }, roomless: true, person: { name: 'Pat Primary' }, acknowledged: null });
    const pressed = await post('/api/page-links/ack');
    expect(pressed.status, JSON.stringify(pressed.body)).toBe(200);
    expect(pressed.body).toMatchObject({ incidentId: null, pageId, byYou: true, acknowledgedBy: 'Pat Primary' });
    // No room to open: the lobby, where open pages are listed.
    expect(new URL(pressed.body.roomUrl).pathname).toBe('/');
    expect(await pageOf(pageId)).toMatchObject({ status: 'acknowledged', acknowledgedBy: { id: pat.session.userId, name: 'Pat Primary' } });
    expect((await post('/api/page-links/ack')).status).toBe(409);
    // Acknowledged already: the REST door says by whom, and changes nothing.
    const again = await bob.api('POST', `/api/pages/${pageId}/acknowledge`);
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain('Pat Primary');
    await send(alert('disk-b', 'resolved', 'minor', 'Inode pressure'));
  });

  it('opens a room once when promoted, however often it is pressed; the alert then feeds the incident', async () => {
    const before = await incidentCount();
    const pageId = (await send(alert('disk-c', 'firing', 'minor', 'Slow replica'))).pageId as string;
    const first = await bob.api('POST', `/api/pages/${pageId}/promote`);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const incidentId = first.body.incidentId as string;
    const second = await bob.api('POST', `/api/pages/${pageId}/promote`);
    expect(second.status).toBe(200);
    expect(second.body).toEqual({ incidentId });
    expect(await incidentCount()).toBe(before + 1);

    const incident = (await server.api('GET', `/api/incidents/${incidentId}`)).body;
    expect(incident).toMatchObject({ title: 'Slow replica', severity: 'minor', service: 'api', fields: { region: 'eu' } });
    expect(await pageOf(pageId)).toMatchObject({ status: 'promoted', incidentId });
    const exported = async () => (await server.api('GET', `/api/incidents/${incidentId}/export.json`)).body;
    const declared = (await exported()).events.find((e: any) => e.type === 'declared');
    expect(declared.actor).toMatchObject({ id: bob.session.userId });
    expect((await exported()).alerts.map((a: any) => a.fingerprint)).toEqual(['fp-disk-c']);

    expect(await send(alert('disk-c', 'resolved', 'minor', 'Slow replica'))).toMatchObject({ incidentId });
    expect((await exported()).events.filter((e: any) => e.type === 'alert.resolved')).toHaveLength(1);
    expect((await bob.api('POST', `/api/pages/${pageId}/acknowledge`)).status).toBe(409);
  });

  it('still opens a room for a high-urgency alert', async () => {
    const answer = await send(alert('disk-d', 'firing', 'P1', 'Disk full'));
    expect(answer).toMatchObject({ created: true });
    expect(answer.pageId).toBeUndefined();
    expect((await server.api('GET', `/api/incidents/${answer.incidentId}`)).body).toMatchObject({ title: 'Disk full', severity: 'P1' });
    expect((await server.api('GET', '/api/pages')).body.pages.map((p: any) => p.title)).not.toContain('Disk full');
  });

  it('keeps a PagerDuty event of a severity that does not open a room as a page, and its resolve ends it', async () => {
    const key = await server.api('POST', '/api/alerts/routing-keys', { service: 'api', name: 'Datadog' });
    expect(key.status, JSON.stringify(key.body)).toBe(201);
    const event = (action: 'trigger' | 'resolve') => ({
      routing_key: key.body.routingKey,
      event_action: action,
      dedup_key: 'queue-depth-1',
      // PagerDuty's "info" names this model's `info` severity, which never pages.
      payload: { summary: 'Queue depth rising', source: 'worker-1', severity: 'info' },
    });
    const before = await incidentCount();
    const triggered = await server.api('POST', '/api/alerts/pagerduty/v2/enqueue', event('trigger'));
    expect(triggered.status, JSON.stringify(triggered.body)).toBe(202);
    expect(triggered.body).toMatchObject({ status: 'success', dedup_key: 'queue-depth-1' });
    const page = (await server.api('GET', '/api/pages?status=open')).body.pages.find((p: any) => p.title === 'Queue depth rising');
    expect(page).toMatchObject({ severity: 'info', urgency: 'none', service: 'api', attempts: [] });
    expect(await incidentCount()).toBe(before);

    expect((await server.api('POST', '/api/alerts/pagerduty/v2/enqueue', event('resolve'))).status).toBe(202);
    expect(await pageOf(page.id)).toMatchObject({ status: 'resolved' });
    expect(await incidentCount()).toBe(before);
    expect(mailsAbout('Queue depth rising')).toEqual([]);
  });

  it('records an alert of urgency none and pages nobody', async () => {
    const before = await incidentCount();
    const pageId = (await send(alert('disk-e', 'firing', 'info', 'Cache warming'))).pageId as string;
    // Sent after it to the same address: had the first emailed, that email would have come first.
    const witness = (await send(alert('disk-x', 'firing', 'minor', 'Witness two'))).pageId as string;
    expect(await pageOf(pageId)).toMatchObject({ urgency: 'none', status: 'open', attempts: [], target: { name: 'Pat Primary' } });
    await vi.waitFor(() => expect(mailsAbout('Witness two')).toHaveLength(1), wait);
    expect(mailsAbout('Cache warming')).toEqual([]);
    expect(await incidentCount()).toBe(before);
    await send(alert('disk-e', 'resolved', 'info', 'Cache warming'));
    await send(alert('disk-x', 'resolved', 'minor', 'Witness two'));
    expect((await pageOf(witness)).status).toBe('resolved');
  });

  it('refuses stakeholder links, links for one incident, anonymous callers and bad input', async () => {
    const pageId = (await send(alert('disk-f', 'firing', 'minor', 'Swap storm'))).pageId as string;
    const some = (await server.api('POST', '/api/incidents', { title: 'scratch', severity: 'P2' })).body.id as string;
    for (const link of [await tokenFor(server, some, 'Viewer', 'stakeholder'), await tokenFor(server, some, 'Helper')]) {
      expect((await server.api('GET', '/api/pages', undefined, link)).status).toBe(403);
      expect((await server.api('POST', `/api/pages/${pageId}/acknowledge`, undefined, link)).status).toBe(403);
      expect((await server.api('POST', `/api/pages/${pageId}/promote`, undefined, link)).status).toBe(403);
    }
    expect((await fetch(`${server.url}/api/pages`)).status).toBe(401);
    expect((await server.api('GET', '/api/pages?status=sleeping')).status).toBe(400);
    expect((await server.api('POST', '/api/pages/rpg-nosuch/promote')).status).toBe(404);
    expect((await server.api('POST', '/api/pages/rpg-nosuch/acknowledge')).status).toBe(404);
    expect(await pageOf(pageId)).toMatchObject({ status: 'open', incidentId: null });

    const acked = await bob.api('POST', `/api/pages/${pageId}/acknowledge`);
    expect(acked.status).toBe(200);
    expect(acked.body).toMatchObject({ status: 'acknowledged', acknowledgedBy: { name: 'Bob' } });
  });
});
