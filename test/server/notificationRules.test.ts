/**
 * Paging a person follows their notification rules (issue 18), on a test clock: the first rule at
 * once, later ones when their minutes have passed, none after an acknowledgement; a channel that
 * fails, or cannot deliver yet, records why and hands over to the next rule at once.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { TestClock } from '../helpers/testClock.ts';
import { pagedPerson } from '../helpers/pagedPerson.ts';
import type { SignedIn } from '../helpers/sessions.ts';
import { startSmtpServer } from '../helpers/smtpServer.ts';
import type { TestSmtpServer } from '../helpers/smtpServer.ts';

const MINUTE = 60_000;
const wait = { timeout: 10_000, interval: 20 };

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of cleanup.reverse()) await close();
  cleanup = [];
});

interface Setup {
  server: TestServer;
  smtp: TestSmtpServer;
  clock: TestClock;
  pat: SignedIn;
  /** Adds a contact method for Pat; answers its id. */
  method(type: 'email' | 'sms' | 'voice', address: string): Promise<string>;
  rules(rules: Array<{ afterMinutes: number; contactMethodIds: string[] }>): Promise<void>;
}

async function setUp(options: { email: boolean } = { email: true }): Promise<Setup> {
  const smtp = await startSmtpServer();
  const clock = new TestClock();
  const email = options.email ? { SMTP_URL: smtp.url, SMTP_FROM: 'incidents@example.test' } : {};
  // Escalation to the secondary is a separate matter: far away here.
  const server = await startTestServer({}, { ...email, ESCALATE_AFTER_SEC: '86400' }, { clock });
  cleanup.push(() => smtp.close(), () => server.close());
  const paged = await pagedPerson(server, 'Pat Primary');
  return {
    server,
    smtp,
    clock,
    pat: paged.person,
    method: paged.method,
    rules: paged.rules,
  };
}

const declare = async (server: TestServer, title: string) => (await server.api('POST', '/api/incidents', { title, severity: 'SEV2', service: 'api' })).body.id as string;
const notifications = async (server: TestServer, id: string) =>
  ((await server.api('GET', `/api/incidents/${id}/export.json`)).body.events as any[])
    .filter((e) => e.type === 'notification')
    .map((e) => ({ step: e.step, method: e.method, address: e.address, outcome: e.outcome, detail: e.detail }));
const mailTo = (smtp: TestSmtpServer, address: string) => smtp.received.filter((m) => m.to.includes(address));

describe('notification rules', () => {
  it('walks the rules: the first at once, the next after its minutes, none once acknowledged', async () => {
    const { server, smtp, clock, pat, method, rules } = await setUp();
    const first = await method('email', 'pat@example.test');
    const second = await method('email', 'pat.home@example.test');
    await rules([
      { afterMinutes: 0, contactMethodIds: [first] },
      { afterMinutes: 5, contactMethodIds: [second] },
      { afterMinutes: 10, contactMethodIds: [first, second] },
    ]);
    const started = clock.now();
    const id = await declare(server, 'API 5xx');
    await vi.waitFor(() => expect(mailTo(smtp, 'pat@example.test')).toHaveLength(1), wait);
    // The second rule's timer is not due on this clock: nothing else can have been sent.
    expect(mailTo(smtp, 'pat.home@example.test')).toEqual([]);

    clock.set(started + 5 * MINUTE);
    await vi.waitFor(() => expect(mailTo(smtp, 'pat.home@example.test')).toHaveLength(1), wait);
    await vi.waitFor(async () => expect((await notifications(server, id)).filter((n) => n.outcome === 'sent')).toHaveLength(2), wait);
    expect(await notifications(server, id)).toEqual(
      expect.arrayContaining([
        { step: 0, method: 'email', address: 'p***@example.test', outcome: 'queued', detail: null },
        { step: 1, method: 'email', address: 'p***@example.test', outcome: 'sent', detail: null },
      ]),
    );

    expect((await pat.api('POST', `/api/incidents/${id}/commands`, { type: 'acknowledge' })).status).toBe(200);
    // A witness paged a second later: its second rule falls due after the first page's third,
    // so once its email is in, the scheduler has been through the acknowledged page's last rule.
    clock.advance(1000);
    const witness = await declare(server, 'Disk full');
    await vi.waitFor(() => expect(mailTo(smtp, 'pat@example.test')).toHaveLength(2), wait);
    clock.set(started + 1000 + 5 * MINUTE + 5 * MINUTE);
    await vi.waitFor(() => expect(mailTo(smtp, 'pat.home@example.test')).toHaveLength(2), wait);
    expect((await notifications(server, witness)).map((n) => n.step)).toContain(1);
    expect((await notifications(server, id)).map((n) => n.step)).not.toContain(2);
    expect(smtp.received.filter((m) => m.subject === '[SEV2] Paged: API 5xx')).toHaveLength(2);
  });

  it('a refused email is recorded as failed, with the address masked, and the next rule runs at once', async () => {
    const { server, smtp, method, rules } = await setUp();
    smtp.refuse('gone@example.test');
    const gone = await method('email', 'gone@example.test');
    const good = await method('email', 'pat@example.test');
    await rules([
      { afterMinutes: 0, contactMethodIds: [gone] },
      { afterMinutes: 30, contactMethodIds: [good] },
    ]);
    const id = await declare(server, 'Checkout down');
    // Without moving the clock: the failure brought the 30-minute rule forward.
    await vi.waitFor(() => expect(mailTo(smtp, 'pat@example.test')).toHaveLength(1), wait);
    await vi.waitFor(async () => expect((await notifications(server, id)).filter((n) => n.outcome === 'sent')).toHaveLength(1), wait);
    const recorded = await notifications(server, id);
    const failed = recorded.find((n) => n.outcome === 'failed');
    expect(failed).toMatchObject({ step: 0, method: 'email', address: 'g***@example.test' });
    expect(failed!.detail).toMatch(/550/);
    expect(JSON.stringify(recorded)).not.toContain('gone@example.test');
    expect(recorded.map((n) => `${n.step} ${n.outcome}`)).toEqual(['0 queued', '0 failed', '1 queued', '1 sent']);
  });

  it('SMS and voice are skipped while Twilio is not set up: the rule says so and hands over to the next at once', async () => {
    const { server, smtp, method, rules } = await setUp();
    const sms = await method('sms', '+442071838750');
    const email = await method('email', 'pat@example.test');
    await rules([
      { afterMinutes: 0, contactMethodIds: [sms] },
      { afterMinutes: 15, contactMethodIds: [email] },
    ]);
    const id = await declare(server, 'Login errors');
    await vi.waitFor(() => expect(mailTo(smtp, 'pat@example.test')).toHaveLength(1), wait);
    expect((await notifications(server, id))[0]).toEqual({ step: 0, method: 'sms', address: '*********8750', outcome: 'skipped', detail: 'SMS is not set up on this server (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM_NUMBER)' });
  });

  it('without rules, the first email address at once; without any method, only open tabs, as before there were rules', async () => {
    const { server, smtp, method } = await setUp();
    // Nothing is scheduled for a person without a contact method: the page's own events are all there is.
    const none = await declare(server, 'Nobody to email');
    const types = ((await server.api('GET', `/api/incidents/${none}/export.json`)).body.events as any[]).map((e) => e.type);
    expect(types).toContain('paged');
    expect(types).not.toContain('notification');

    await method('sms', '+15550100000');
    await method('email', 'pat@example.test');
    await method('email', 'pat.other@example.test');
    const id = await declare(server, 'Default rules');
    await vi.waitFor(() => expect(mailTo(smtp, 'pat@example.test')).toHaveLength(1), wait);
    await vi.waitFor(async () => expect((await notifications(server, id)).map((n) => n.outcome)).toEqual(['queued', 'sent']), wait);
    expect(smtp.received).toHaveLength(1);
  });

  it('without SMTP_URL an email rule fails, saying why, and the next rule runs', async () => {
    const { server, method, rules } = await setUp({ email: false });
    const email = await method('email', 'pat@example.test');
    const sms = await method('sms', '+442071838750');
    await rules([
      { afterMinutes: 0, contactMethodIds: [email] },
      { afterMinutes: 20, contactMethodIds: [sms] },
    ]);
    const id = await declare(server, 'No mail server');
    await vi.waitFor(async () => expect(await notifications(server, id)).toHaveLength(2), wait);
    expect(await notifications(server, id)).toEqual([
      { step: 0, method: 'email', address: 'p***@example.test', outcome: 'failed', detail: 'email is not set up on this server (SMTP_URL)' },
      { step: 1, method: 'sms', address: '*********8750', outcome: 'skipped', detail: 'SMS is not set up on this server (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM_NUMBER)' },
    ]);
  });
});
