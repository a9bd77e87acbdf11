/**
 * Status page subscribers (issue 21): a webhook receives each public update in the shape of
 * Statuspage's subscriber webhooks; an email address receives nothing until it confirms through
 * the link it was sent, then every update, through a real SMTP server; both leave through their
 * secret unsubscribe link, which cannot be forged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { eventually } from '../helpers/clients.ts';
import { startWebhookReceiver } from '../helpers/webhookReceiver.ts';
import type { WebhookReceiver } from '../helpers/webhookReceiver.ts';
import { startSmtpServer } from '../helpers/smtpServer.ts';
import type { TestSmtpServer } from '../helpers/smtpServer.ts';

describe('status page subscribers', () => {
  let server: TestServer;
  let receiver: WebhookReceiver;
  let smtp: TestSmtpServer;
  let incidentId: string;

  const subscribe = async (body: unknown) => {
    const res = await fetch(`${server.url}/status/api/subscribe`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: await res.json() };
  };
  const publish = (text: string) => server.api('POST', `/api/incidents/${incidentId}/commands`, { type: 'publishStatusUpdate', text });
  const linkIn = (text: string, action: string) => {
    const match = new RegExp(`https?://\\S+/status/api/subscribers/\\S+/${action}`).exec(text);
    if (!match) throw new Error(`no ${action} link in: ${text}`);
    return match[0].replace('https://status.example.com', server.url);
  };

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    smtp = await startSmtpServer();
    server = await startTestServer(
      {},
      { STATUS_PAGE: 'public', STATUS_PAGE_NAME: 'Acme Status', STATUS_PAGE_SUBSCRIBES_PER_HOUR: '100', PUBLIC_URL: 'https://status.example.com', WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', SMTP_URL: smtp.url, SMTP_FROM: 'Acme Status <status@example.com>' },
    );
    expect((await server.api('PUT', '/api/services/checkout', {})).status).toBe(200);
    const declared = await server.api('POST', '/api/incidents', { title: 'Checkout errors', severity: 'SEV2', service: 'checkout', statusPage: true });
    incidentId = declared.body.id;
  });
  afterAll(async () => {
    await server.close();
    await receiver.close();
    await smtp.close();
  });

  it('delivers a public update to a webhook and to a confirmed email address, and to nobody after they unsubscribe', async () => {
    const hook = await subscribe({ webhookUrl: `${receiver.url}/status-hook` });
    expect(hook.status).toBe(201);
    expect(hook.body.unsubscribeUrl).toMatch(/^https:\/\/status\.example\.com\/status\/api\/subscribers\/.+\/unsubscribe$/);
    expect((await subscribe({ webhookUrl: `${receiver.url}/status-hook` })).status).toBe(409);

    expect(await subscribe({ email: 'Ana@Example.com' })).toMatchObject({ status: 202, body: { confirmation: 'sent' } });
    await eventually(() => smtp.received.length === 1, 'the confirmation email');
    const confirmation = smtp.received[0]!;
    expect(confirmation.to).toEqual(['ana@example.com']);
    expect(confirmation.subject).toBe('Confirm your subscription to Acme Status');

    // Not confirmed yet: the first update reaches only the webhook.
    expect((await publish('We are investigating failed checkouts.')).status).toBe(200);
    await eventually(() => receiver.received.length === 1, 'the first update at the webhook');
    const [first] = receiver.received;
    expect(first!.path).toBe('/status-hook');
    expect(first!.body).toMatchObject({
      meta: { unsubscribe: hook.body.unsubscribeUrl },
      page: { id: expect.any(String), status_indicator: 'major', status_description: 'Partial System Outage' },
      incident: {
        id: incidentId,
        name: 'Checkout errors',
        status: 'investigating',
        impact: 'major',
        incident_updates: [expect.objectContaining({ body: 'We are investigating failed checkouts.', status: 'investigating' })],
      },
    });

    // Opening the link only shows a button: a mail scanner following it confirms nothing.
    const confirmUrl = linkIn(confirmation.text, 'confirm');
    const opened = await fetch(confirmUrl);
    expect(opened.status).toBe(200);
    expect(await opened.text()).toContain('<form method="post">');
    expect((await fetch(confirmUrl, { method: 'POST' })).status).toBe(200);

    expect((await publish('A fix is being deployed.')).status).toBe(200);
    await eventually(() => smtp.received.length === 2 && receiver.received.length === 2, 'the second update by email and webhook');
    const mail = smtp.received[1]!;
    expect(mail.to).toEqual(['ana@example.com']);
    expect(mail.subject).toBe('[Acme Status] Checkout errors: Investigating');
    expect(mail.text).toContain('A fix is being deployed.');
    expect(mail.text).not.toContain('We are investigating failed checkouts.');
    expect(receiver.received[1]!.body.incident.incident_updates.map((u: { body: string }) => u.body)).toEqual(['A fix is being deployed.', 'We are investigating failed checkouts.']);

    // A forged or altered token is no subscription.
    const token = hook.body.unsubscribeUrl.split('/').at(-2) as string;
    expect((await fetch(`${server.url}/status/api/subscribers/${token.slice(0, -2)}xx`, { method: 'DELETE' })).status).toBe(404);
    expect((await fetch(`${server.url}/status/api/subscribers/sub-nothing.abc`, { method: 'DELETE' })).status).toBe(404);
    expect((await fetch(`${server.url}/status/api/subscribers/${token}`, { method: 'DELETE' })).status).toBe(204);
    const unsubscribe = linkIn(mail.text, 'unsubscribe');
    expect((await fetch(unsubscribe, { method: 'POST' })).status).toBe(200);

    // Only a witness subscribed since hears of the next update.
    expect((await subscribe({ webhookUrl: `${receiver.url}/witness` })).status).toBe(201);
    expect((await publish('Resolved.')).status).toBe(200);
    await eventually(() => receiver.received.some((r) => r.path === '/witness'), 'the witness told of the update');
    expect(receiver.received.filter((r) => r.path === '/status-hook')).toHaveLength(2);
    expect(smtp.received).toHaveLength(2);
  });

  it('refuses bad subscriptions, and webhook targets on private addresses', async () => {
    for (const body of [{}, { email: 'not an address' }, { webhookUrl: 'ftp://example.com/x' }, { email: 'a@example.com', webhookUrl: 'https://example.com/x' }, { email: 'a@example.com', extra: 1 }]) {
      expect((await subscribe(body)).status, JSON.stringify(body)).toBe(400);
    }
    for (const url of ['http://10.0.0.7/hook', 'http://localhost:8080/hook', 'http://[::1]/hook', 'http://169.254.169.254/latest']) {
      const res = await subscribe({ webhookUrl: url });
      expect(res.status, url).toBe(400);
      expect(res.body.error.message).toContain('private');
    }
  });
});

describe('status page email subscriptions without SMTP', () => {
  it('says email is not available, and takes webhooks', async () => {
    const server = await startTestServer({}, { STATUS_PAGE: 'public' });
    try {
      const res = await fetch(`${server.url}/status/api/subscribe`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'ana@example.com' }) });
      expect(res.status).toBe(503);
      expect((await res.json()).error.message).toContain('SMTP_URL');
      const page = await fetch(`${server.url}/status/api/page.json`);
      expect((await page.json()).emailSubscriptions).toBe(false);
    } finally {
      await server.close();
    }
  });
});
