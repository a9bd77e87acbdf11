/**
 * Test pages (issue 19), against a Twilio stand-in and a real SMTP server: an admin's test page to
 * a schedule's people reaches each of them through every method they have, recorded per person;
 * a person's weekly test page goes to their phone numbers at its time on the test clock, once, and
 * again a week later.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { signIn } from '../helpers/sessions.ts';
import { startSmtpServer } from '../helpers/smtpServer.ts';
import type { TestSmtpServer } from '../helpers/smtpServer.ts';
import { TestClock } from '../helpers/testClock.ts';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { startTwilioStandIn } from '../helpers/twilioStandIn.ts';
import type { TwilioStandIn } from '../helpers/twilioStandIn.ts';

const wait = { timeout: 10_000, interval: 20 };
/** Sunday 8 March 2026, 10:00 UTC (GMT in London until 29 March). */
const clock = new TestClock({ start: Date.parse('2026-03-08T10:00:00Z') });

let server: TestServer;
let twilio: TwilioStandIn;
let smtp: TestSmtpServer;

beforeAll(async () => {
  twilio = await startTwilioStandIn();
  smtp = await startSmtpServer();
  server = await startTestServer({}, { ...twilio.env, SMTP_URL: smtp.url, SMTP_FROM: 'incidents@example.test' }, { clock });
});
afterAll(async () => {
  await server.close();
  await twilio.close();
  await smtp.close();
});

async function person(name: string, email: string, methods: Array<{ type: string; address: string }>): Promise<string> {
  const created = await server.api('POST', '/api/people', { name, email });
  expect(created.status).toBe(201);
  for (const m of methods) expect((await server.api('POST', `/api/users/${created.body.id}/contact-methods`, m)).status).toBe(201);
  return created.body.id;
}

describe('a team test page', () => {
  it('reaches every person of the schedule through every method they have, recorded per person', async () => {
    const ana = await person('Ana Lopez', 'ana@example.test', [
      { type: 'email', address: 'ana@example.test' },
      { type: 'sms', address: '+442071838750' },
    ]);
    const ben = await person('Ben Okafor', 'ben@example.test', [{ type: 'voice', address: '+442071838751' }]);
    const schedule = await server.api('POST', '/api/schedules', {
      name: 'Checkout',
      timeZone: 'Europe/London',
      layers: [{ name: 'Weekly', start: '2026-03-02T09:00', rotation: { type: 'weekly' }, users: [ana, ben] }],
    });
    expect(schedule.status).toBe(201);

    const responder = await signIn(server, 'Rita Responder');
    expect((await responder.api('POST', `/api/schedules/${schedule.body.id}/test-page`)).status).toBe(403);
    expect((await server.api('POST', '/api/schedules/sch-nope/test-page')).status).toBe(404);

    const sent = await server.api('POST', `/api/schedules/${schedule.body.id}/test-page`);
    expect(sent.status).toBe(202);
    expect(sent.body.people.map((p: any) => [p.name, p.results.map((r: any) => `${r.type} ${r.outcome}`)])).toEqual([
      ['Ana Lopez', ['email queued', 'sms queued']],
      ['Ben Okafor', ['voice queued']],
    ]);
    await vi.waitFor(() => expect(twilio.texts.map((t) => t.to)).toEqual(['+442071838750']), wait);
    await vi.waitFor(() => expect(twilio.calls.map((c) => c.to)).toEqual(['+442071838751']), wait);
    await vi.waitFor(() => expect(smtp.received.map((m) => m.to)).toEqual([['ana@example.test']]), wait);
    expect(twilio.violations).toEqual([]);

    await vi.waitFor(async () => {
      const log = (await server.api('GET', `/api/users/${ana}/test-pages`)).body.testPages;
      expect(log).toEqual([
        expect.objectContaining({ kind: 'team', scheduleId: schedule.body.id, results: [expect.objectContaining({ type: 'email', outcome: 'sent' }), expect.objectContaining({ type: 'sms', outcome: 'sent' })] }),
      ]);
    }, wait);
    await vi.waitFor(async () => {
      const log = (await server.api('GET', `/api/users/${ben}/test-pages`)).body.testPages;
      expect(log.map((e: any) => e.results.map((r: any) => `${r.type} ${r.outcome}`))).toEqual([['voice sent']]);
    }, wait);
    // A person's log is theirs, an admin's and the API token's.
    expect((await responder.api('GET', `/api/users/${ana}/test-pages`)).status).toBe(403);
  });
});

describe('a weekly test page', () => {
  it('goes to the phone numbers at its time, once, and again a week later', async () => {
    const cy = await person('Cy Park', 'cy@example.test', [{ type: 'email', address: 'cy@example.test' }]);
    const setting = { day: 'mon', time: '09:00', timeZone: 'Europe/London' };
    const refused = await server.api('PUT', `/api/users/${cy}/weekly-test-page`, setting);
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/add an SMS or voice number first/);
    expect((await server.api('PUT', `/api/users/${cy}/weekly-test-page`, { ...setting, day: 'someday' })).status).toBe(400);
    expect((await server.api('POST', `/api/users/${cy}/contact-methods`, { type: 'sms', address: '+12025550143' })).status).toBe(201);

    const put = await server.api('PUT', `/api/users/${cy}/weekly-test-page`, setting);
    expect(put.status).toBe(200);
    expect(put.body.weeklyTestPage).toEqual({ ...setting, nextAt: '2026-03-09T09:00:00.000Z', lastSentAt: null });
    const textsToCy = () => twilio.texts.filter((t) => t.to === '+12025550143');

    clock.set(Date.parse('2026-03-09T09:00:00Z'));
    await vi.waitFor(() => expect(textsToCy()).toHaveLength(1), wait);
    const after = (await server.api('GET', `/api/users/${cy}/weekly-test-page`)).body.weeklyTestPage;
    expect(after).toEqual({ ...setting, nextAt: '2026-03-16T09:00:00.000Z', lastSentAt: '2026-03-09T09:00:00.000Z' });

    clock.set(Date.parse('2026-03-16T09:00:00Z'));
    await vi.waitFor(() => expect(textsToCy()).toHaveLength(2), wait);
    // Only the phone path: the email address got nothing.
    expect(smtp.received.filter((m) => m.to.includes('cy@example.test'))).toEqual([]);
    await vi.waitFor(async () => {
      const log = (await server.api('GET', `/api/users/${cy}/test-pages`)).body.testPages;
      expect(log.map((e: any) => [e.kind, e.sentAt, e.results.map((r: any) => `${r.type} ${r.outcome}`)])).toEqual([
        ['weekly', '2026-03-16T09:00:00.000Z', ['sms sent']],
        ['weekly', '2026-03-09T09:00:00.000Z', ['sms sent']],
      ]);
    }, wait);

    expect((await server.api('DELETE', `/api/users/${cy}/weekly-test-page`)).status).toBe(204);
    expect((await server.api('GET', `/api/users/${cy}/weekly-test-page`)).body.weeklyTestPage).toBeNull();
  });
});
