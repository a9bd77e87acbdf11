/**
 * Issue 11: roster webhooks were a blind SSRF (any responder could aim 20 URLs × 3 tries per page
 * at the server's own loopback). Only the API token may set targets outside
 * WEBHOOK_ALLOWED_HOSTS, and non-public addresses are refused unless listed, when saved and when
 * delivered to.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { signIn } from '../helpers/sessions.ts';
import { startWebhookReceiver } from '../helpers/webhookReceiver.ts';
import type { WebhookReceiver } from '../helpers/webhookReceiver.ts';
import { WebhookTargets, isNonPublicAddress } from '../../server/lifecycle/webhookTargets.ts';
import { httpPost } from '../../server/outbox/httpPost.ts';
import { AUTOMATION } from '../../server/auth/authenticator.ts';

describe('webhook targets set through the API', () => {
  let server: TestServer;
  let hooks: WebhookReceiver;
  beforeAll(async () => {
    server = await startTestServer({}, { WEBHOOK_ALLOWED_HOSTS: 'hooks.example.com' });
    hooks = await startWebhookReceiver();
  });
  afterAll(async () => {
    await server.close();
    await hooks.close();
  });

  it('a signed-in responder may only name allowed hosts', async () => {
    const ana = await signIn(server, 'Ana');
    const refused = await ana.api('PUT', '/api/services/api', { webhooks: ['https://elsewhere.example.org/hook'] });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/not in WEBHOOK_ALLOWED_HOSTS; only the API token/);
    const loop = await ana.api('PUT', '/api/services/api', { slackWebhooks: [`${hooks.url}/x`] });
    expect(loop.status).toBe(403);
    expect((await ana.api('PUT', '/api/services/api', { webhooks: ['https://hooks.example.com/team'] })).status).toBe(200);
  });

  it('the API token may name public hosts, but no loopback, private or link-local address unless listed', async () => {
    for (const url of [
      `${hooks.url}/generic`,
      'http://localhost:3000/api/incidents',
      'http://10.1.2.3/',
      'http://192.168.0.10/',
      'http://169.254.169.254/latest/meta-data/',
      'http://[::1]:3000/',
      'http://[::ffff:127.0.0.1]/',
      'http://0.0.0.0/',
    ]) {
      const res = await server.api('PUT', '/api/services/api', { webhooks: [url] });
      expect(res.status, url).toBe(403);
    }
    expect((await server.api('PUT', '/api/services/api', { webhooks: ['https://alerts.example.org/in'] })).status).toBe(200);
  });

  it('a delivery connects only to public addresses unless the host is listed, whatever the name resolves to', async () => {
    const unlisted = new WebhookTargets([]);
    // "localhost" resolves to loopback: refused on the connection, not only by name.
    const port = new URL(hooks.url).port;
    const post = (url: string, targets: WebhookTargets) => httpPost(url, Buffer.from('{"a":1}'), {}, targets, 2000, Date.now);
    expect(await post(`http://localhost:${port}/x`, unlisted)).toMatchObject({ outcome: 'retry', error: expect.stringMatching(/non-public address/) });
    expect(await post(`${hooks.url}/x`, unlisted)).toMatchObject({ outcome: 'retry', error: expect.stringMatching(/non-public address/) });
    expect(hooks.received).toHaveLength(0);
    const listed = new WebhookTargets(['localhost', '127.0.0.1']);
    expect(await post(`http://localhost:${port}/named`, listed)).toEqual({ outcome: 'delivered', status: 200 });
    expect(await post(`${hooks.url}/literal`, listed)).toEqual({ outcome: 'delivered', status: 200 });
    expect(hooks.received.map((r) => r.path)).toEqual(['/named', '/literal']);
    expect(listed.refusal(`${hooks.url}/x`, AUTOMATION)).toBeNull();
  });

  it('classifies addresses', () => {
    for (const a of ['127.0.0.1', '10.0.0.1', '172.16.5.4', '192.168.1.1', '169.254.1.1', '::1', 'fe80::1', 'fd00::1', '::ffff:10.0.0.1', '100.64.0.1']) {
      expect(isNonPublicAddress(a), a).toBe(true);
    }
    for (const a of ['93.184.216.34', '2606:4700::1111', '8.8.8.8']) expect(isNonPublicAddress(a), a).toBe(false);
  });
});
