/**
 * Contact methods, notification rules and test notifications over REST (issue 18): the person
 * themself or the API token; never another person, a per-incident token or a stakeholder link.
 * Bad input is refused with the reason and stores nothing.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { TestClock } from '../helpers/testClock.ts';
import { signIn } from '../helpers/sessions.ts';
import type { SignedIn } from '../helpers/sessions.ts';
import { declareIncident, tokenFor } from '../helpers/incidents.ts';
import { startSmtpServer } from '../helpers/smtpServer.ts';
import type { TestSmtpServer } from '../helpers/smtpServer.ts';

describe('contact methods and notification rules over REST', () => {
  let server: TestServer;
  let smtp: TestSmtpServer;
  let pat: SignedIn;
  let sam: SignedIn;
  let base: string;
  beforeAll(async () => {
    smtp = await startSmtpServer();
    server = await startTestServer({}, { SMTP_URL: smtp.url, SMTP_FROM: 'incidents@example.test' }, { clock: new TestClock() });
    pat = await signIn(server, 'Pat');
    sam = await signIn(server, 'Sam');
    base = `/api/users/${pat.session.userId}`;
  });
  afterAll(async () => {
    await server.close();
    await smtp.close();
  });

  const methodsOfPat = async () => (await server.api('GET', `${base}/contact-methods`)).body.contactMethods as any[];

  it('lets the person and the API token add, list and remove; refuses everyone else', async () => {
    const own = await pat.api('POST', `${base}/contact-methods`, { type: 'email', address: 'Pat@Example.test' });
    expect(own.status).toBe(201);
    expect(own.body).toMatchObject({ id: expect.stringMatching(/^cm-/), userId: pat.session.userId, type: 'email', address: 'pat@example.test', createdBy: pat.session.userId });
    const byToken = await server.api('POST', `${base}/contact-methods`, { type: 'voice', address: '+442071838750' });
    expect(byToken.status).toBe(201);
    expect((await pat.api('GET', `${base}/contact-methods`)).body.contactMethods.map((m: any) => m.id)).toEqual([own.body.id, byToken.body.id]);

    const incident = await declareIncident(server, 'Scratch');
    const responderLink = await tokenFor(server, incident, 'Robin');
    const stakeholderLink = await tokenFor(server, incident, 'Stella', 'stakeholder');
    const attempts: Array<[string, { status: number }]> = [
      ['another person', await sam.api('POST', `${base}/contact-methods`, { type: 'email', address: 'sam@evil.test' })],
      ['another person reading', await sam.api('GET', `${base}/contact-methods`)],
      ['another person removing', await sam.api('DELETE', `${base}/contact-methods/${own.body.id}`)],
      ['another person setting rules', await sam.api('PUT', `${base}/notification-rules`, { rules: [{ afterMinutes: 0, contactMethodIds: [own.body.id] }] })],
      ['another person testing', await sam.api('POST', `${base}/test-notification`)],
      ['a per-incident token', await server.api('POST', `${base}/contact-methods`, { type: 'email', address: 'x@evil.test' }, responderLink)],
      ['a stakeholder link', await server.api('GET', `${base}/contact-methods`, undefined, stakeholderLink)],
      ['a per-incident token for itself', await server.api('GET', `/api/users/${(await server.api('GET', '/api/session', undefined, responderLink)).body.userId}/contact-methods`, undefined, responderLink)],
    ];
    for (const [who, res] of attempts) expect(res.status, who).toBe(403);
    const anonymous = await fetch(`${server.url}${base}/contact-methods`);
    expect(anonymous.status).toBe(401);
    expect((await methodsOfPat()).map((m) => m.address)).toEqual(['pat@example.test', '+442071838750']);

    expect((await pat.api('DELETE', `${base}/contact-methods/${byToken.body.id}`)).status).toBe(204);
    expect((await pat.api('DELETE', `${base}/contact-methods/${byToken.body.id}`)).status).toBe(404);
    const samsOwn = await sam.api('POST', `/api/users/${sam.session.userId}/contact-methods`, { type: 'email', address: 'sam@example.test' });
    expect(samsOwn.status).toBe(201);
    // A method id of someone else's, under this person's address: no such method here.
    expect((await pat.api('DELETE', `${base}/contact-methods/${samsOwn.body.id}`)).status).toBe(404);
    expect((await sam.api('GET', `/api/users/${sam.session.userId}/contact-methods`)).body.contactMethods).toHaveLength(1);
  });

  it('refuses bad contact methods with the reason, storing nothing', async () => {
    const before = await methodsOfPat();
    const refused = [
      [{ type: 'email', address: 'not an address' }, /address must be an email address/],
      [{ type: 'sms', address: '07700 900123' }, /E\.164/],
      [{ type: 'pager', address: 'x' }, /type must be one of email, sms, voice/],
      [{ type: 'email', address: 'pat2@example.test', verified: true }, /unknown field/],
      [{ type: 'email', address: 'PAT@example.test' }, /has that email address already/],
    ] as const;
    for (const [body, reason] of refused) {
      const res = await pat.api('POST', `${base}/contact-methods`, body);
      expect(res.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(res.body.error.message).toMatch(reason);
    }
    expect(await methodsOfPat()).toEqual(before);
  });

  it('stores rules naming only the person’s own methods; removing a method takes it out of them', async () => {
    const [email] = await methodsOfPat();
    const sms = (await pat.api('POST', `${base}/contact-methods`, { type: 'sms', address: '+15550100000' })).body;
    const samsMethod = (await sam.api('GET', `/api/users/${sam.session.userId}/contact-methods`)).body.contactMethods[0];

    const defaults = await pat.api('GET', `${base}/notification-rules`);
    expect(defaults.body).toEqual({ rules: [{ afterMinutes: 0, contactMethodIds: [email.id] }], isDefault: true, updatedAt: null });

    const foreign = await pat.api('PUT', `${base}/notification-rules`, { rules: [{ afterMinutes: 0, contactMethodIds: [samsMethod.id] }] });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.message).toMatch(/not one of this person's contact methods/);
    for (const bad of [{ rules: [] }, { rules: [{ afterMinutes: -1, contactMethodIds: [email.id] }] }, { rules: [{ afterMinutes: 0, contactMethodIds: [email.id, email.id] }] }]) {
      expect((await pat.api('PUT', `${base}/notification-rules`, bad)).status).toBe(400);
    }
    expect((await pat.api('GET', `${base}/notification-rules`)).body.isDefault).toBe(true);

    const rules = { rules: [{ afterMinutes: 0, contactMethodIds: [email.id] }, { afterMinutes: 5, contactMethodIds: [sms.id, email.id] }], highUrgencyRules: [{ afterMinutes: 0, contactMethodIds: [sms.id, email.id] }] };
    const created = await pat.api('PUT', `${base}/notification-rules`, rules);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...rules, isDefault: false });
    expect((await server.api('PUT', `${base}/notification-rules`, rules)).status).toBe(200);

    expect((await pat.api('DELETE', `${base}/contact-methods/${sms.id}`)).status).toBe(204);
    expect((await pat.api('GET', `${base}/notification-rules`)).body).toMatchObject({
      rules: [{ afterMinutes: 0, contactMethodIds: [email.id] }, { afterMinutes: 5, contactMethodIds: [email.id] }],
      highUrgencyRules: [{ afterMinutes: 0, contactMethodIds: [email.id] }],
    });
  });

  it('sends a test notification through each method, a few times and then not for a while', async () => {
    const res = await pat.api('POST', `${base}/test-notification`);
    expect(res.status).toBe(202);
    expect(res.body.results).toEqual([expect.objectContaining({ type: 'email', address: 'p***@example.test', outcome: 'queued' })]);
    await vi.waitFor(() => expect(smtp.received.filter((m) => m.subject === 'Incident Room: test notification')).toHaveLength(1), { timeout: 10_000, interval: 20 });
    expect(smtp.received[0]!.to).toEqual(['pat@example.test']);
    expect((await pat.api('POST', `${base}/test-notification`)).status).toBe(202);
    expect((await server.api('POST', `${base}/test-notification`)).status).toBe(202);
    const limited = await pat.api('POST', `${base}/test-notification`);
    expect(limited.status).toBe(429);
    expect(limited.body.error.message).toMatch(/wait a few minutes/);
  });

  it('answers acknowledge-link requests without a session, refusing what is not a live link', async () => {
    const post = (pathname: string, body: unknown) =>
      fetch(server.url + pathname, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post('/api/page-links/inspect', { token: 'irp_' + 'A'.repeat(43) })).status).toBe(404);
    expect((await post('/api/page-links/inspect', { token: 'x'.repeat(201) })).status).toBe(400);
    expect((await post('/api/page-links/ack', 'not json')).status).toBe(400);
  });
});
