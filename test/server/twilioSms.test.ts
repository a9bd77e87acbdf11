/**
 * Pages by text through Twilio (issue 19), against a stand-in that checks Twilio's documented
 * request: the text names the incident and asks for a reply; a reply of "ack" signed as Twilio
 * signs acknowledges as the person whose number it is; forged and unsigned replies, and numbers
 * nobody has, change nothing; a number Twilio refuses is recorded as failed and the next rule runs.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { TestClock } from '../helpers/testClock.ts';
import { pagedPerson } from '../helpers/pagedPerson.ts';
import type { SignedIn } from '../helpers/sessions.ts';
import { incomingText, postWebhook, startTwilioStandIn, twilioSignature } from '../helpers/twilioStandIn.ts';
import type { TwilioStandIn } from '../helpers/twilioStandIn.ts';

const wait = { timeout: 10_000, interval: 20 };
const PAT_PHONE = '+442071838750';

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of cleanup.reverse()) await close();
  cleanup = [];
});

interface Setup {
  server: TestServer;
  twilio: TwilioStandIn;
  pat: SignedIn;
  /** What Twilio was told to call: PUBLIC_URL, here the server's default. */
  publicUrl: string;
  method(type: 'email' | 'sms' | 'voice', address: string): Promise<string>;
  rules(rules: Array<{ afterMinutes: number; contactMethodIds: string[] }>): Promise<void>;
  /** A text from `from`, as Twilio posts it to the SMS webhook. */
  text(from: string, body: string, signature?: string | null): ReturnType<typeof postWebhook>;
}

async function setUp(): Promise<Setup> {
  const twilio = await startTwilioStandIn();
  const clock = new TestClock();
  const server = await startTestServer({}, { ...twilio.env, ESCALATE_AFTER_SEC: '86400' }, { clock });
  cleanup.push(() => twilio.close(), () => server.close());
  const publicUrl = `http://localhost:${new URL(server.url).port}`;
  const paged = await pagedPerson(server, 'Pat Primary');
  return {
    server,
    twilio,
    pat: paged.person,
    publicUrl,
    method: paged.method,
    rules: paged.rules,
    text: (from, body, signature) =>
      postWebhook({ appUrl: server.url, signedUrl: publicUrl, authToken: twilio.authToken }, '/api/integrations/twilio/sms', incomingText(twilio, from, body), signature),
  };
}

const declare = async (server: TestServer, title: string) => (await server.api('POST', '/api/incidents', { title, severity: 'SEV2', service: 'api' })).body.id as string;
const exported = async (server: TestServer, id: string) => (await server.api('GET', `/api/incidents/${id}/export.json`)).body;
const notifications = async (server: TestServer, id: string) =>
  ((await exported(server, id)).events as any[])
    .filter((e) => e.type === 'notification')
    .map((e) => ({ step: e.step, method: e.method, address: e.address, outcome: e.outcome, detail: e.detail }));
const message = (twiml: string) => /<Response><Message>([^<]*)<\/Message><\/Response>$/.exec(twiml)?.[1] ?? null;

describe('paging by SMS', () => {
  it('texts the person paged, and their signed ACK reply acknowledges as them, once', async () => {
    const { server, twilio, pat, method, rules, text } = await setUp();
    await rules([{ afterMinutes: 0, contactMethodIds: [await method('sms', PAT_PHONE)] }]);
    const id = await declare(server, 'API 5xx');
    await vi.waitFor(() => expect(twilio.texts).toHaveLength(1), wait);
    const [sent] = twilio.texts;
    expect(sent).toMatchObject({ to: PAT_PHONE, from: twilio.fromNumber });
    expect(sent!.body).toContain('[SEV2]');
    expect(sent!.body).toContain('API 5xx');
    expect(sent!.body).toContain('Reply ACK to acknowledge');
    expect(sent!.body.length).toBeLessThanOrEqual(320);
    await vi.waitFor(async () => expect((await notifications(server, id)).map((n) => n.outcome)).toEqual(['queued', 'sent']), wait);
    expect((await notifications(server, id))[1]).toEqual({ step: 0, method: 'sms', address: '*********8750', outcome: 'sent', detail: null });
    expect((await exported(server, id)).incident.acknowledgedAt).toBeNull();

    const params = incomingText(twilio, PAT_PHONE, ' Ack ');
    const target = { appUrl: server.url, signedUrl: `http://localhost:${new URL(server.url).port}`, authToken: twilio.authToken };
    const reply = await postWebhook(target, '/api/integrations/twilio/sms', params);
    expect(reply.status).toBe(200);
    expect(reply.contentType).toMatch(/^text\/xml/);
    expect(message(reply.text)).toBe('Acknowledged [SEV2] API 5xx.');
    const after = await exported(server, id);
    expect(after.incident.acknowledgedBy).toEqual({ id: pat.session.userId, name: 'Pat Primary' });
    expect(after.events.filter((e: any) => e.type === 'acknowledged').map((e: any) => e.actor.id)).toEqual([pat.session.userId]);

    // The same request again (Twilio retrying, or a replay) does nothing more.
    const again = await postWebhook(target, '/api/integrations/twilio/sms', params);
    expect(again.status).toBe(200);
    expect(message(again.text)).toBeNull();
    // A new reply finds nothing open.
    expect(message((await text(PAT_PHONE, 'ACK')).text)).toBe('Nothing to acknowledge: no open page was sent to this number.');
    expect(message((await text(PAT_PHONE, 'what is this?')).text)).toBe('Reply ACK to acknowledge your latest open page.');
    expect((await exported(server, id)).events.filter((e: any) => e.type === 'acknowledged')).toHaveLength(1);
    expect(twilio.violations).toEqual([]);
  });

  it('a reply of 1 acknowledges the latest open page texted to that number', async () => {
    const { server, twilio, method, rules, text } = await setUp();
    await rules([{ afterMinutes: 0, contactMethodIds: [await method('sms', PAT_PHONE)] }]);
    const older = await declare(server, 'Disk full');
    await vi.waitFor(() => expect(twilio.texts).toHaveLength(1), wait);
    const latest = await declare(server, 'Queue stuck');
    await vi.waitFor(async () => expect((await notifications(server, latest)).map((n) => n.outcome)).toEqual(['queued', 'sent']), wait);
    expect(message((await text(PAT_PHONE, '1')).text)).toBe('Acknowledged [SEV2] Queue stuck.');
    expect((await exported(server, latest)).incident.acknowledgedAt).not.toBeNull();
    expect((await exported(server, older)).incident.acknowledgedAt).toBeNull();
    expect(message((await text(PAT_PHONE, 'ack')).text)).toBe('Acknowledged [SEV2] Disk full.');
    expect((await exported(server, older)).incident.acknowledgedAt).not.toBeNull();
  });

  it('forged and unsigned replies acknowledge nothing: 403, and an audit line', async () => {
    const { server, twilio, publicUrl, method, rules, text } = await setUp();
    await rules([{ afterMinutes: 0, contactMethodIds: [await method('sms', PAT_PHONE)] }]);
    const id = await declare(server, 'Checkout down');
    await vi.waitFor(async () => expect((await notifications(server, id)).map((n) => n.outcome)).toEqual(['queued', 'sent']), wait);

    const path = '/api/integrations/twilio/sms';
    const params = incomingText(twilio, PAT_PHONE, 'ACK');
    const target = { appUrl: server.url, signedUrl: publicUrl, authToken: twilio.authToken };
    const refusals = [
      await text(PAT_PHONE, 'ACK', null),
      // Signed with another account's token.
      await postWebhook({ ...target, authToken: 'f'.repeat(32) }, path, params),
      // Signed over another URL.
      await postWebhook(target, path, params, twilioSignature(twilio.authToken, `https://elsewhere.example${path}`, params)),
      // A genuine signature of other parameters: the sender changed.
      await postWebhook(target, path, params, twilioSignature(twilio.authToken, publicUrl + path, { ...params, From: '+15550001111' })),
      await postWebhook(target, path, params, 'not base64 at all'),
    ];
    expect(refusals.map((r) => r.status)).toEqual([403, 403, 403, 403, 403]);
    const after = await exported(server, id);
    expect(after.incident.acknowledgedAt).toBeNull();
    expect(after.events.filter((e: any) => e.type === 'acknowledged')).toEqual([]);
    const audit = (await server.api('GET', '/api/audit?action=twilio.refused')).body;
    expect(audit.entries.map((e: any) => e.detail)).toEqual(expect.arrayContaining(['missing X-Twilio-Signature', 'forged X-Twilio-Signature', 'malformed X-Twilio-Signature']));
    // The genuine request still works: the refusals spent nothing.
    expect(message((await postWebhook(target, path, params)).text)).toBe('Acknowledged [SEV2] Checkout down.');
  });

  it('an unknown number is told so, and nothing changes', async () => {
    const { server, twilio, method, rules, text } = await setUp();
    await rules([{ afterMinutes: 0, contactMethodIds: [await method('sms', PAT_PHONE)] }]);
    const id = await declare(server, 'Login errors');
    await vi.waitFor(() => expect(twilio.texts).toHaveLength(1), wait);
    const reply = await text('+15550001111', 'ACK');
    expect(reply.status).toBe(200);
    expect(message(reply.text)).toBe('This number is not known here: acknowledge in the incident room.');
    expect((await exported(server, id)).incident.acknowledgedAt).toBeNull();
  });

  it('the test button texts and calls, through the same outbox', async () => {
    const { twilio, pat, method } = await setUp();
    await method('sms', PAT_PHONE);
    await method('voice', PAT_PHONE);
    const res = await pat.api('POST', `/api/users/${pat.session.userId}/test-notification`);
    expect(res.status).toBe(202);
    expect(res.body.results.map((r: any) => `${r.type} ${r.outcome}`)).toEqual(['sms queued', 'voice queued']);
    await vi.waitFor(() => expect([twilio.texts.length, twilio.calls.length]).toEqual([1, 1]), wait);
    expect(twilio.texts[0]!.body).toContain('test text');
    expect(twilio.calls[0]!.twiml).toContain('test call');
    expect(twilio.violations).toEqual([]);
  });

  it('a number Twilio refuses is recorded as failed, with Twilio\'s error, and the next rule runs at once', async () => {
    const { server, twilio, method, rules } = await setUp();
    twilio.refuse(PAT_PHONE, { code: 21211, message: `The 'To' number ${PAT_PHONE} is not a valid phone number.` });
    const sms = await method('sms', PAT_PHONE);
    const voice = await method('voice', '+442071838751');
    await rules([
      { afterMinutes: 0, contactMethodIds: [sms] },
      { afterMinutes: 30, contactMethodIds: [voice] },
    ]);
    const id = await declare(server, 'Payments slow');
    // Without moving the clock: the refusal brought the 30-minute rule forward.
    await vi.waitFor(() => expect(twilio.calls).toHaveLength(1), wait);
    expect(twilio.calls[0]!.to).toBe('+442071838751');
    await vi.waitFor(async () => expect((await notifications(server, id)).filter((n) => n.outcome === 'sent')).toHaveLength(1), wait);
    const recorded = await notifications(server, id);
    expect(recorded.map((n) => `${n.step} ${n.method} ${n.outcome}`)).toEqual(['0 sms queued', '0 sms failed', '1 voice queued', '1 voice sent']);
    expect(recorded[1]!.detail).toBe("Twilio error 21211: The 'To' number *********8750 is not a valid phone number.");
    expect(JSON.stringify(recorded)).not.toContain(PAT_PHONE);
    expect(twilio.texts).toEqual([]);
    expect(twilio.violations).toEqual([]);
  });
});
