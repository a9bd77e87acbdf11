/**
 * Signed event webhooks (issue 14): a subscription receives the timeline events it asked for,
 * signed with its secret; only admins and the API token manage subscriptions; loopback targets
 * need WEBHOOK_ALLOWED_HOSTS; a private incident's title never leaves in a delivery.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { eventually } from '../helpers/clients.ts';
import { declareIncident, tokenFor } from '../helpers/incidents.ts';
import { startScriptedReceiver } from '../helpers/scriptedReceiver.ts';
import type { ReceivedRequest, ScriptedReceiver } from '../helpers/scriptedReceiver.ts';

/** What a receiver does: recompute the signature over the raw body and compare in constant time. */
function verified(request: ReceivedRequest, secret: string): boolean {
  const timestamp = String(request.headers['webhook-timestamp']);
  const expected = Buffer.from('sha256=' + createHmac('sha256', secret).update(`${timestamp}.${request.raw}`).digest('hex'));
  const given = Buffer.from(String(request.headers['webhook-signature']));
  return given.length === expected.length && timingSafeEqual(given, expected);
}

describe('signed event webhooks', () => {
  let server: TestServer;
  let receiver: ScriptedReceiver;
  beforeAll(async () => {
    server = await startTestServer({}, { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' });
    receiver = await startScriptedReceiver();
  });
  afterAll(async () => {
    await receiver.close();
    await server.close();
  });

  it('delivers a subscribed event signed with the secret, and lists the delivery with its outcome', async () => {
    const secret = 'a-secret-of-this-test-0123456789';
    const created = await server.api('POST', '/api/webhooks', { url: `${receiver.url}/signed`, events: ['severity.changed'], secret });
    expect(created.status).toBe(201);
    expect(created.body.secret).toBe(secret);
    const id = await declareIncident(server, 'Checkout errors', 'SEV3');
    expect((await server.api('POST', `/api/incidents/${id}/commands`, { type: 'setSeverity', severity: 'SEV1' })).status).toBe(200);

    await eventually(() => receiver.requests.some((r) => r.path === '/signed'), 'the event delivered');
    const delivered = receiver.requests.filter((r) => r.path === '/signed');
    // Only the subscribed type: the declaration went before it and was not sent.
    expect(delivered).toHaveLength(1);
    const [request] = delivered;
    expect(verified(request!, secret)).toBe(true);
    expect(verified(request!, 'another-secret-entirely-000000')).toBe(false);
    expect(Math.abs(Number(request!.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
    expect(request!.headers['webhook-id']).toBe(request!.body.id);
    expect(request!.body).toMatchObject({
      type: 'severity.changed',
      incident: { id, title: 'Checkout errors', severity: 'SEV1', status: 'investigating' },
      event: { type: 'severity.changed', from: 'SEV3', to: 'SEV1' },
    });

    const listed = await server.api('GET', '/api/webhooks');
    expect(listed.body.webhooks).toEqual([expect.objectContaining({ id: created.body.id, url: `${receiver.url}/signed`, events: ['severity.changed'] })]);
    expect(JSON.stringify(listed.body)).not.toContain(secret);
    const log = await server.api('GET', `/api/webhooks/${created.body.id}/deliveries`);
    expect(log.body.deliveries).toEqual([
      expect.objectContaining({ id: Number(request!.body.id), eventType: 'severity.changed', incidentId: id, outcome: 'delivered', attempts: 1, lastStatus: 200, lastError: null }),
    ]);

    expect((await server.api('DELETE', `/api/webhooks/${created.body.id}`)).status).toBe(204);
    expect((await server.api('GET', '/api/webhooks')).body.webhooks).toEqual([]);
    expect((await server.api('GET', `/api/webhooks/${created.body.id}/deliveries`)).status).toBe(404);
  });

  it('generates a secret when none is given and shows it once', async () => {
    const created = await server.api('POST', '/api/webhooks', { url: `${receiver.url}/generated`, events: ['*'] });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/.{24,}/);
    expect(JSON.stringify((await server.api('GET', '/api/webhooks')).body)).not.toContain(created.body.secret);
    await server.api('DELETE', `/api/webhooks/${created.body.id}`);
  });

  it('refuses unknown event types and non-admins', async () => {
    const bad = await server.api('POST', '/api/webhooks', { url: `${receiver.url}/x`, events: ['nonsense'] });
    expect(bad.status).toBe(400);
    const incidentId = await declareIncident(server);
    const responder = await tokenFor(server, incidentId, 'Rita');
    const made = await server.api('POST', '/api/webhooks', { url: `${receiver.url}/admin`, events: ['*'] });
    for (const [method, path, body] of [
      ['POST', '/api/webhooks', { url: `${receiver.url}/x`, events: ['*'] }],
      ['GET', '/api/webhooks', undefined],
      ['DELETE', `/api/webhooks/${made.body.id}`, undefined],
      ['GET', `/api/webhooks/${made.body.id}/deliveries`, undefined],
    ] as const) {
      const res = await server.api(method, path, body, responder);
      expect(res.status, `${method} ${path}`).toBe(403);
    }
    expect((await server.api('GET', '/api/webhooks')).body.webhooks).toHaveLength(1);
    await server.api('DELETE', `/api/webhooks/${made.body.id}`);
  });

  it("never sends a private incident's title", async () => {
    const made = await server.api('POST', '/api/webhooks', { url: `${receiver.url}/private`, events: ['*'] });
    const title = 'Payroll export leaked to contractor';
    const declared = await server.api('POST', '/api/incidents', { title, severity: 'SEV2', private: true });
    expect(declared.status).toBe(201);
    const id = declared.body.id;
    await server.api('POST', `/api/incidents/${id}/commands`, { type: 'setSeverity', severity: 'SEV1' });
    await eventually(() => receiver.requests.some((r) => r.path === '/private' && r.body.type === 'severity.changed'), 'the private incident\'s events delivered');
    const sent = receiver.requests.filter((r) => r.path === '/private');
    expect(sent.map((r) => r.body.type)).toContain('declared');
    for (const r of sent) {
      expect(r.raw).not.toContain('Payroll');
      expect(r.body.incident.title).toBe('a private incident');
    }
    await server.api('DELETE', `/api/webhooks/${made.body.id}`);
  });
});

describe('event webhook targets (issue 11)', () => {
  it('refuses a loopback target unless WEBHOOK_ALLOWED_HOSTS lists it', async () => {
    const server = await startTestServer();
    try {
      const refused = await server.api('POST', '/api/webhooks', { url: 'http://127.0.0.1:9/hook', events: ['*'] });
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toMatch(/WEBHOOK_ALLOWED_HOSTS/);
      expect((await server.api('POST', '/api/webhooks', { url: 'http://localhost:9/hook', events: ['*'] })).status).toBe(403);
    } finally {
      await server.close();
    }
    const allowing = await startTestServer({}, { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' });
    try {
      expect((await allowing.api('POST', '/api/webhooks', { url: 'http://127.0.0.1:9/hook', events: ['*'] })).status).toBe(201);
    } finally {
      await allowing.close();
    }
  });
});
