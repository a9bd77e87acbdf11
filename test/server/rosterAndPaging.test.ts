import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { command, connectSocket, eventually } from '../helpers/clients.ts';
import { tokenFor } from '../helpers/incidents.ts';
import { startWebhookReceiver } from '../helpers/webhookReceiver.ts';
import type { WebhookReceiver } from '../helpers/webhookReceiver.ts';

describe('on-call roster, paging and acknowledgement', () => {
  let server: TestServer;
  let hooks: WebhookReceiver;
  beforeAll(async () => {
    server = await startTestServer({}, { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' });
    hooks = await startWebhookReceiver();
  });
  afterAll(async () => {
    await server.close();
    await hooks.close();
  });

  async function person(name: string): Promise<{ token: string; userId: string }> {
    const scratch = (await server.api('POST', '/api/incidents', { title: `login of ${name}`, severity: 'SEV4' })).body.id;
    const token = await tokenFor(server, scratch, name);
    // A responder token is scoped to one incident; the roster and pages only need the user id.
    return { token, userId: (await server.api('GET', '/api/session', undefined, token)).body.userId };
  }

  it('refuses a malformed roster with the reason', async () => {
    const res = await server.api('PUT', '/api/services/payments', { primary: { userId: 'u-nobody' }, webhooks: ['ftp://x'] });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/primary.name is required/);
    expect(res.body.error.message).toMatch(/webhooks.0 must be an http\(s\) URL/);
    expect((await server.api('PUT', '/api/services/Not A Name', {})).status).toBe(400);
    expect((await server.api('PUT', '/api/services/payments', { primary: { userId: 'u-nobody', name: 'X' } })).status).toBe(404);
  });

  it('declaring for a service fills primary, secondary and SMEs, pages the primary in-app and by webhook; one click acknowledges', async () => {
    const alice = await person('Alice');
    const bob = await person('Bob');
    const put = await server.api('PUT', '/api/services/payments', {
      primary: { userId: alice.userId, name: 'Alice' },
      secondary: { userId: bob.userId, name: 'Bob' },
      smes: [{ name: 'Dana', domain: 'database' }],
      webhooks: [`${hooks.url}/generic`],
      slackWebhooks: [`${hooks.url}/slack`],
    });
    expect(put.status).toBe(200);
    expect((await server.api('GET', '/api/services')).body.services).toHaveLength(1);

    const aliceSocket = await connectSocket(server.url, alice.token);
    const pages: any[] = [];
    aliceSocket.on('page', (p) => pages.push(p));

    const declared = await server.api('POST', '/api/incidents', { title: 'Card payments failing', severity: 'SEV1', service: 'payments' });
    const id = declared.body.id;
    const detail = (await server.api('GET', `/api/incidents/${id}`)).body;
    expect(detail.roles.primary.name).toBe('Alice');
    expect(detail.roles.secondary.name).toBe('Bob');
    expect(detail.smes).toMatchObject([{ name: 'Dana', domain: 'database' }]);

    await eventually(() => pages.length === 1, 'the primary is paged in-app');
    expect(pages[0]).toMatchObject({ incidentId: id, reason: 'declared', title: 'Card payments failing', target: { name: 'Alice' } });
    await eventually(() => hooks.received.length >= 2, 'both webhooks delivered');
    const generic = hooks.received.find((r) => r.path === '/generic')!.body;
    expect(generic).toMatchObject({ type: 'page', reason: 'declared', target: { name: 'Alice' }, incident: { id, severity: 'SEV1', service: 'payments' } });
    expect(generic.incident.url).toContain(`/incidents/${id}`);
    expect(hooks.received.find((r) => r.path === '/slack')!.body.text).toMatch(/SEV1.*Card payments failing.*Alice/);

    // Acknowledge in one call over the API; it is recorded with the time to acknowledge.
    const ack = await server.api('POST', `/api/incidents/${id}/commands`, { type: 'acknowledge' }, await tokenFor(server, id, 'Alice again'));
    expect(ack.status).toBe(200);
    const x = (await server.api('GET', `/api/incidents/${id}/export.json`)).body;
    expect(x.incident.acknowledgedAt).toBeGreaterThanOrEqual(x.incident.createdAt);
    expect(x.pages).toHaveLength(1);
    expect(x.pages[0].acknowledgedAt).toBeTypeOf('number');
    expect(x.checklists.commander.map((c: any) => c.text)).toContain('Confirm severity');
    const types = x.events.map((e: any) => e.type);
    expect(types).toEqual(expect.arrayContaining(['declared', 'role.assigned', 'sme.added', 'paged', 'acknowledged']));
    aliceSocket.disconnect();
  });

  it('anyone can page an SME of a domain from the room', async () => {
    const dana = await person('Dana');
    const res = await server.api('POST', '/api/incidents', { title: 'Slow queries', severity: 'SEV2' });
    const id = res.body.id;
    const socket = await connectSocket(server.url, await tokenFor(server, id, 'Responder'));
    expect((await command(socket, { type: 'addSme', incidentId: id, name: 'Dana', domain: 'database', userId: dana.userId })).ok).toBe(true);
    const danaSocket = await connectSocket(server.url, dana.token);
    const paged = new Promise<any>((resolve) => danaSocket.once('page', resolve));
    const reply = await command<{ page: { reason: string } }>(socket, { type: 'pageSme', incidentId: id, domain: 'Database' });
    expect(reply.ok && reply.data.page.reason).toBe('sme');
    expect(await paged).toMatchObject({ incidentId: id, reason: 'sme', domain: 'database' });
    const missing = await command(socket, { type: 'pageSme', incidentId: id, domain: 'network' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found', message: 'no SME for domain "network" in this incident' } });
    socket.disconnect();
    danaSocket.disconnect();
  });
});
