/**
 * A page's email, received by a real SMTP server, and its one-time acknowledge link (issue 18):
 * opening the link acknowledges nothing (mail scanners open links); the button's POST acknowledges
 * as the person paged, once; replayed, forged and expired links are refused and change nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startTestServer, tempDataDir } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { TestClock } from '../helpers/testClock.ts';
import { signIn } from '../helpers/sessions.ts';
import type { SignedIn } from '../helpers/sessions.ts';
import { ackLinkOf, startSmtpServer, tokenOf } from '../helpers/smtpServer.ts';
import type { TestSmtpServer } from '../helpers/smtpServer.ts';

const DAY = 24 * 60 * 60_000;
const wait = { timeout: 10_000, interval: 20 };

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of cleanup.reverse()) await close();
  cleanup = [];
});

/** A server that emails through a real SMTP server, serving a stand-in of the built client. */
async function setUp(): Promise<{ server: TestServer; smtp: TestSmtpServer; clock: TestClock; pat: SignedIn }> {
  const smtp = await startSmtpServer();
  const clientDir = tempDataDir();
  fs.writeFileSync(path.join(clientDir, 'index.html'), '<!doctype html><div id="root"></div>');
  const clock = new TestClock();
  const server = await startTestServer({ clientDir }, { SMTP_URL: smtp.url, SMTP_FROM: 'Incident Room <incidents@example.test>' }, { clock });
  cleanup.push(() => smtp.close(), () => server.close());
  const pat = await signIn(server, 'Pat Primary');
  expect((await pat.api('POST', `/api/users/${pat.session.userId}/contact-methods`, { type: 'email', address: 'pat@example.test' })).status).toBe(201);
  expect((await server.api('PUT', '/api/services/api', { primary: { userId: pat.session.userId, name: 'Pat Primary' } })).status).toBe(200);
  return { server, smtp, clock, pat };
}

const exported = async (server: TestServer, id: string) => (await server.api('GET', `/api/incidents/${id}/export.json`)).body;
/** Declared by the API token, as automation does: nobody has acknowledged it. */
const declare = async (server: TestServer, title: string) => (await server.api('POST', '/api/incidents', { title, severity: 'SEV2', service: 'api' })).body.id as string;
const post = (server: TestServer, pathname: string, body: unknown) =>
  fetch(server.url + pathname, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(async (r) => ({
    status: r.status,
    body: (await r.json()) as any,
  }));

describe('email and its acknowledge link', () => {
  it('emails the person paged; the link shows the incident, and only the button acknowledges, as them, once', async () => {
    const { server, smtp, pat } = await setUp();
    const id = await declare(server, 'API 5xx');
    await vi.waitFor(() => expect(smtp.received).toHaveLength(1), wait);
    const [mail] = smtp.received;
    expect(mail!.to).toEqual(['pat@example.test']);
    expect(mail!.from).toBe('incidents@example.test');
    expect(mail!.subject).toBe('[SEV2] Paged: API 5xx');
    const link = ackLinkOf(mail!);
    const token = tokenOf(link);
    expect(token).toMatch(/^irp_/);
    await vi.waitFor(async () => {
      const outcomes = (await exported(server, id)).events.filter((e: any) => e.type === 'notification').map((e: any) => e.outcome);
      expect(outcomes).toEqual(['queued', 'sent']);
    }, wait);

    // What a mail scanner does: fetch the link. It is the client's page; the secret stays in the fragment.
    const opened = await fetch(server.url + link.pathname + link.hash);
    expect(opened.status).toBe(200);
    expect(await opened.text()).toContain('<div id="root">');
    const shown = await post(server, '/api/page-links/inspect', { token });
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({ incident: { id, title: 'API 5xx', severity: 'SEV2' }, person: { id: pat.session.userId, name: 'Pat Primary' }, acknowledged: null });
    expect((await exported(server, id)).incident.acknowledgedAt).toBeNull();

    const pressed = await post(server, '/api/page-links/ack', { token });
    expect(pressed.status).toBe(200);
    expect(pressed.body).toMatchObject({ incidentId: id, byYou: true, acknowledgedBy: 'Pat Primary' });
    const after = await exported(server, id);
    expect(after.incident.acknowledgedBy).toEqual({ id: pat.session.userId, name: 'Pat Primary' });
    expect(after.events.filter((e: any) => e.type === 'acknowledged').map((e: any) => e.actor.id)).toEqual([pat.session.userId]);

    const replayed = await post(server, '/api/page-links/ack', { token });
    expect(replayed.status).toBe(409);
    expect(replayed.body.error.message).toMatch(/used already/);
    expect((await post(server, '/api/page-links/inspect', { token })).status).toBe(409);
    expect((await exported(server, id)).events.filter((e: any) => e.type === 'acknowledged')).toHaveLength(1);
  });

  it('refuses forged and expired links, changing nothing', async () => {
    const { server, smtp, clock } = await setUp();
    const id = await declare(server, 'Queue stuck');
    await vi.waitFor(() => expect(smtp.received).toHaveLength(1), wait);
    const token = tokenOf(ackLinkOf(smtp.received[0]!));

    const forged = await post(server, '/api/page-links/ack', { token: token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA') });
    expect(forged.status).toBe(404);
    expect((await post(server, '/api/page-links/ack', {})).status).toBe(400);
    expect((await post(server, '/api/page-links/ack', { token, incidentId: id })).status).toBe(400);

    clock.advance(DAY);
    const expired = await post(server, '/api/page-links/ack', { token });
    expect(expired.status).toBe(409);
    expect(expired.body.error.message).toMatch(/expired/);
    const after = await exported(server, id);
    expect(after.incident.acknowledgedAt).toBeNull();
    expect(after.events.filter((e: any) => e.type === 'acknowledged')).toEqual([]);
  });

  it('a link of someone no longer in a private incident shows and does nothing', async () => {
    const { server, smtp, pat } = await setUp();
    const id = (await server.api('POST', '/api/incidents', { title: 'Payroll leak', severity: 'SEV2', private: true })).body.id as string;
    const command = (body: object) => server.api('POST', `/api/incidents/${id}/commands`, body);
    expect((await command({ type: 'addSme', name: 'Pat Primary', domain: 'database', userId: pat.session.userId })).status).toBe(200);
    expect((await command({ type: 'pageSme', domain: 'database' })).status).toBe(200);
    await vi.waitFor(() => expect(smtp.received).toHaveLength(1), wait);
    // The person paged became a member, so their email names the incident.
    expect(smtp.received[0]!.subject).toBe('[SEV2] Paged: Payroll leak');
    expect(smtp.received[0]!.text).toContain('database expert');
    const token = tokenOf(ackLinkOf(smtp.received[0]!));
    expect((await command({ type: 'removeMember', userId: pat.session.userId })).status).toBe(200);

    const shown = await post(server, '/api/page-links/inspect', { token });
    expect(shown.status).toBe(404);
    expect(JSON.stringify(shown.body)).not.toContain('Payroll');
    expect((await post(server, '/api/page-links/ack', { token })).status).toBe(404);
    expect((await exported(server, id)).incident.acknowledgedAt).toBeNull();
  });
});
