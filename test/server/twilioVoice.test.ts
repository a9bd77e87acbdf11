/**
 * Pages by phone call through Twilio (issue 19): the call's TwiML says the incident (escaped: a
 * title cannot add verbs to the call) and gathers one key, posted to the voice webhook; 1 pressed
 * on that call, signed as Twilio signs, acknowledges as the person called. Unsigned presses, other
 * keys and presses claiming another number change nothing.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { TestClock } from '../helpers/testClock.ts';
import { signIn } from '../helpers/sessions.ts';
import { keyPressed, postWebhook, startTwilioStandIn } from '../helpers/twilioStandIn.ts';

const wait = { timeout: 10_000, interval: 20 };
const PAT_PHONE = '+442071838750';
const VOICE_PATH = '/api/integrations/twilio/voice';

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of cleanup.reverse()) await close();
  cleanup = [];
});

const exported = async (server: TestServer, id: string) => (await server.api('GET', `/api/incidents/${id}/export.json`)).body;
const said = (twiml: string) => /<Response><Say>([^<]*)<\/Say><\/Response>$/.exec(twiml)?.[1] ?? null;

describe('paging by voice call', () => {
  it('calls the person paged; 1 pressed on that call acknowledges as them', async () => {
    const twilio = await startTwilioStandIn();
    const server = await startTestServer({}, { ...twilio.env, ESCALATE_AFTER_SEC: '86400' }, { clock: new TestClock() });
    cleanup.push(() => twilio.close(), () => server.close());
    const publicUrl = `http://localhost:${new URL(server.url).port}`;
    const pat = await signIn(server, 'Pat Primary');
    expect((await server.api('PUT', '/api/services/api', { primary: { userId: pat.session.userId, name: 'Pat Primary' } })).status).toBe(200);
    const base = `/api/users/${pat.session.userId}`;
    const voice = (await pat.api('POST', `${base}/contact-methods`, { type: 'voice', address: PAT_PHONE })).body.id as string;
    expect((await pat.api('PUT', `${base}/notification-rules`, { rules: [{ afterMinutes: 0, contactMethodIds: [voice] }] })).status).toBe(201);

    const id = (await server.api('POST', '/api/incidents', { title: 'Disk <Dial>+15550009999</Dial> & "full"', severity: 'SEV1', service: 'api' })).body.id as string;
    await vi.waitFor(() => expect(twilio.calls).toHaveLength(1), wait);
    const [call] = twilio.calls;
    expect(call).toMatchObject({ to: PAT_PHONE, from: twilio.fromNumber });
    expect(call!.twiml).toMatch(new RegExp(`^<Response><Gather numDigits="1" action="${publicUrl}${VOICE_PATH}" method="POST"><Say>[^<]*</Say></Gather>`));
    expect(call!.twiml).toContain('SEV1: Disk &lt;Dial&gt;+15550009999&lt;/Dial&gt; &amp; &quot;full&quot;. Press 1 to acknowledge.');
    expect(call!.twiml).not.toContain('<Dial>');
    await vi.waitFor(async () => {
      const outcomes = (await exported(server, id)).events.filter((e: any) => e.type === 'notification').map((e: any) => `${e.method} ${e.outcome}`);
      expect(outcomes).toEqual(['voice queued', 'voice sent']);
    }, wait);

    const target = { appUrl: server.url, signedUrl: publicUrl, authToken: twilio.authToken };
    const press = (digits: string, to = PAT_PHONE, signature?: string | null) => postWebhook(target, VOICE_PATH, keyPressed(twilio, { sid: call!.sid, to }, digits), signature);

    expect((await press('1', PAT_PHONE, null)).status).toBe(403);
    // Another key asks again; a press claiming another number is not this call's.
    const other = await press('2');
    expect(other.status).toBe(200);
    expect(other.text).toContain(`<Gather numDigits="1" action="${publicUrl}${VOICE_PATH}" method="POST">`);
    expect(said((await press('1', '+15550001111')).text)).toBe('This call is not known here. Acknowledge in the incident room.');
    expect((await exported(server, id)).incident.acknowledgedAt).toBeNull();

    const pressed = await press('1');
    expect(pressed.status).toBe(200);
    expect(pressed.contentType).toMatch(/^text\/xml/);
    expect(said(pressed.text)).toBe('Acknowledged');
    const after = await exported(server, id);
    expect(after.incident.acknowledgedBy).toEqual({ id: pat.session.userId, name: 'Pat Primary' });
    expect(said((await press('1')).text)).toBe('This incident was acknowledged already by Pat Primary.');
    expect((await exported(server, id)).events.filter((e: any) => e.type === 'acknowledged')).toHaveLength(1);
    expect(twilio.violations).toEqual([]);
  });
});
