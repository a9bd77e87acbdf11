/**
 * Who may do what with the status page (issue 21): a stakeholder link cannot publish on it, a
 * token for one incident cannot change components, only comms or the commander publish and only
 * the commander (or anyone while there is none) puts an incident on it; a private page is for
 * signed-in people and the API token; an off page is not there; subscribing is rate-limited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { tokenFor } from '../helpers/incidents.ts';
import { signIn } from '../helpers/sessions.ts';
import type { SignedIn } from '../helpers/sessions.ts';

const fetchAs = (server: TestServer, path: string, init: RequestInit & { token?: string; cookie?: string } = {}) => {
  const { token, cookie, ...rest } = init;
  const headers: Record<string, string> = { ...(rest.body ? { 'content-type': 'application/json' } : {}) };
  if (token) headers.authorization = `Bearer ${token}`;
  if (cookie) Object.assign(headers, { cookie, origin: server.url });
  return fetch(server.url + path, { ...rest, headers });
};

describe('status page commands and components', () => {
  let server: TestServer;
  let ana: SignedIn;
  let ben: SignedIn;
  let incidentId: string;
  beforeAll(async () => {
    server = await startTestServer({}, { STATUS_PAGE: 'public' });
    ana = await signIn(server, 'Ana');
    ben = await signIn(server, 'Ben');
    expect((await server.api('PUT', '/api/services/checkout', {})).status).toBe(200);
    incidentId = (await ana.api('POST', '/api/incidents', { title: 'Checkout errors', severity: 'SEV2', service: 'checkout' })).body.id;
  });
  afterAll(() => server.close());
  const commandAs = (who: SignedIn, body: Record<string, unknown>) => who.api('POST', `/api/incidents/${incidentId}/commands`, body);

  it('puts an incident on the page by anyone while nobody commands, then only by the commander', async () => {
    expect((await commandAs(ben, { type: 'setStatusPage', statusPage: true })).status).toBe(200);
    expect((await commandAs(ana, { type: 'claimRole', role: 'commander' })).status).toBe(200);
    const refused = await commandAs(ben, { type: 'setStatusPage', statusPage: false });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('Ana is incident commander');
    expect((await commandAs(ana, { type: 'setStatusPage', statusPage: true, title: 'Checkout is slow' })).status).toBe(200);
  });

  it('lets only comms or the commander publish, and never a stakeholder link', async () => {
    const byBen = await commandAs(ben, { type: 'publishStatusUpdate', text: 'hello world' });
    expect(byBen.status).toBe(403);
    expect(byBen.body.error.message).toContain('only Ana (commander)');
    const stakeholder = await tokenFor(server, incidentId, 'Exec', 'stakeholder');
    const viaLink = await fetchAs(server, `/api/incidents/${incidentId}/commands`, {
      method: 'POST',
      token: stakeholder,
      body: JSON.stringify({ type: 'publishStatusUpdate', text: 'We are fine' }),
    });
    expect(viaLink.status).toBe(403);
    expect((await commandAs(ben, { type: 'claimRole', role: 'comms' })).status).toBe(200);
    expect((await commandAs(ben, { type: 'publishStatusUpdate', text: 'Checkout is slow for some customers.', status: 'identified' })).status).toBe(200);
    expect((await commandAs(ben, { type: 'publishStatusUpdate', text: '' })).status).toBe(400);
    expect((await commandAs(ben, { type: 'publishStatusUpdate', text: 'x', status: 'postmortem' })).status).toBe(400);
    const summary = await (await fetch(`${server.url}/status/api/v2/summary.json`)).json();
    expect(summary.incidents[0].incident_updates.map((u: { body: string }) => u.body)).toEqual(['Checkout is slow for some customers.']);
    expect(JSON.stringify(summary)).not.toContain('We are fine');
  });

  it('changes components for responders and the API token, never for a token of one incident or anonymously', async () => {
    const put = (init: { token?: string; cookie?: string }) =>
      fetchAs(server, '/api/status-page/components/checkout', { method: 'PUT', body: JSON.stringify({ override: 'major_outage' }), ...init });
    for (const access of ['responder', 'stakeholder'] as const) {
      const res = await put({ token: await tokenFor(server, incidentId, `Link ${access}`, access) });
      expect(res.status, access).toBe(403);
    }
    expect((await put({})).status).toBe(401);
    const component = async () => (await (await fetch(`${server.url}/status/api/v2/summary.json`)).json()).components[0].status;
    expect(await component()).toBe('partial_outage');
    expect((await put({ cookie: ana.cookie })).status).toBe(200);
    expect(await component()).toBe('major_outage');
    const audit = await server.api('GET', '/api/audit?action=statusPage.override');
    expect(audit.body.entries).toEqual(expect.arrayContaining([expect.objectContaining({ target: 'checkout' })]));
  });

  it('limits subscriptions from one address', async () => {
    const limited = await startTestServer({}, { STATUS_PAGE: 'public', STATUS_PAGE_SUBSCRIBES_PER_HOUR: '2' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await fetch(`${limited.url}/status/api/subscribe`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ webhookUrl: `https://hooks.example.com/${i}` }) });
        statuses.push(res.status);
      }
      expect(statuses).toEqual([201, 201, 429]);
    } finally {
      await limited.close();
    }
  });
});

describe('a private status page', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({}, { STATUS_PAGE: 'private' });
    expect((await server.api('PUT', '/api/services/checkout', {})).status).toBe(200);
  });
  afterAll(() => server.close());

  it('is read by signed-in people and the API token only', async () => {
    const incidentId = (await server.api('POST', '/api/incidents', { title: 'Checkout errors', severity: 'SEV2' })).body.id;
    const link = await tokenFor(server, incidentId, 'Exec', 'stakeholder');
    const ana = await signIn(server, 'Ana');
    for (const path of ['/status/api/v2/summary.json', '/status/api/page.json', '/status/feed.atom']) {
      expect((await fetchAs(server, path)).status, path).toBe(401);
      expect((await fetchAs(server, path, { token: link })).status, path).toBe(403);
      expect((await fetchAs(server, path, { cookie: ana.cookie })).status, path).toBe(200);
      const byToken = await fetchAs(server, path, { token: server.adminToken });
      expect(byToken.status, path).toBe(200);
      expect(byToken.headers.get('access-control-allow-origin')).toBeNull();
    }
    const anonymous = await fetchAs(server, '/status/api/subscribe', { method: 'POST', body: JSON.stringify({ webhookUrl: 'https://hooks.example.com/x' }) });
    expect(anonymous.status).toBe(401);
  });
});

describe('with STATUS_PAGE off (the default)', () => {
  it('has no status page', async () => {
    const server = await startTestServer();
    try {
      for (const path of ['/status/api/v2/summary.json', '/status/feed.atom', '/status']) {
        expect((await fetch(server.url + path)).status, path).toBe(404);
      }
      expect((await fetch(`${server.url}/status/api/subscribe`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"webhookUrl":"https://x.example.com"}' })).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
