/**
 * iCalendar in and out (issue 18), checked with a real parser (ical.js): a schedule's calendar holds
 * its final shifts with overrides; long names fold and escape correctly; an exported calendar
 * imports into another schedule as the same people's overrides, once however often; each person's
 * private link shows their own shifts only, without a session, until revoked. The server's clock
 * is a test clock at Wednesday 25 March 2026, 12:00Z.
 */
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { TestClock } from '../helpers/testClock.ts';
import { signIn } from '../helpers/sessions.ts';
import type { SignedIn } from '../helpers/sessions.ts';
import { declareIncident, tokenFor } from '../helpers/incidents.ts';

interface Parsed {
  start: string;
  end: string;
  summary: string;
}

function parseCalendar(text: string): { name: unknown; events: Parsed[] } {
  const root = new ICAL.Component(ICAL.parse(text));
  const events = root.getAllSubcomponents('vevent').map((v) => {
    const e = new ICAL.Event(v);
    return { start: e.startDate.toJSDate().toISOString(), end: e.endDate.toJSDate().toISOString(), summary: e.summary };
  });
  return { name: root.getFirstPropertyValue('x-wr-calname'), events };
}

describe('schedules as iCalendar', () => {
  const clock = new TestClock({ start: Date.parse('2026-03-25T12:00:00Z') });
  let server: TestServer;
  let alice: SignedIn;
  let bob: SignedIn;
  let carol: SignedIn;
  let payments: string;
  const id = (who: SignedIn) => who.session.userId;
  const weekly = (users: string[]) => ({ name: 'Primary', start: '2026-03-23T09:00:00', rotation: { type: 'weekly' }, users });
  const create = async (name: string, users: string[]) => {
    const res = await server.api('POST', '/api/schedules', { name, timeZone: 'Europe/Berlin', layers: [weekly(users)] });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  };
  const getText = async (path: string, token = server.adminToken) => {
    const res = await fetch(server.url + path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
  };
  const finalShifts = async (scheduleId: string, from: string, to: string) =>
    (await server.api('GET', `/api/schedules/${scheduleId}/shifts?from=${from}&to=${to}`)).body.final.map((s: any) => ({ start: s.start, end: s.end, summary: `On call: ${s.user.name}` }));

  beforeAll(async () => {
    server = await startTestServer({}, {}, { clock });
    alice = await signIn(server, 'Alice');
    bob = await signIn(server, 'Bob');
    carol = await signIn(server, 'Carol');
    payments = await create('Payments', [id(alice), id(bob)]);
    const cover = await server.api('POST', `/api/schedules/${payments}/overrides`, { userId: id(carol), start: '2026-03-26T10:00:00Z', end: '2026-03-26T14:00:00Z' });
    expect(cover.status).toBe(201);
  });
  afterAll(() => server.close());

  it("holds the final shifts, overrides included, from a week back to eight weeks ahead", async () => {
    const res = await getText(`/api/schedules/${payments}/calendar.ics`);
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^text\/calendar/);
    const { name, events } = parseCalendar(res.text);
    expect(name).toBe('On call: Payments');
    expect(events.slice(0, 4)).toEqual([
      { start: '2026-03-23T08:00:00.000Z', end: '2026-03-26T10:00:00.000Z', summary: 'On call: Alice' },
      { start: '2026-03-26T10:00:00.000Z', end: '2026-03-26T14:00:00.000Z', summary: 'On call: Carol' },
      { start: '2026-03-26T14:00:00.000Z', end: '2026-03-30T07:00:00.000Z', summary: 'On call: Alice' },
      { start: '2026-03-30T07:00:00.000Z', end: '2026-04-06T07:00:00.000Z', summary: 'On call: Bob' },
    ]);
    // Eight weeks ahead of 25 March 12:00Z is 20 May 12:00Z, inside the ninth week (Alice's) from 18 May (CEST).
    expect(events.at(-1)).toEqual({ start: '2026-05-18T07:00:00.000Z', end: '2026-05-20T12:00:00.000Z', summary: 'On call: Alice' });
    expect(events).toEqual(await finalShifts(payments, '2026-03-18T12:00:00Z', '2026-05-20T12:00:00Z'));
  });

  it('escapes text and folds long lines at 75 octets without splitting a character', async () => {
    const name = 'Zahlungsverkehr; Störungen, Ärger – "Bereitschaft" \\ 🚨🚨 Nacht und Tag';
    const scheduleId = await create(name, [id(alice)]);
    const res = await getText(`/api/schedules/${scheduleId}/calendar.ics`);
    expect(res.text.endsWith('\r\n')).toBe(true);
    const lines = res.text.split('\r\n').slice(0, -1);
    expect(lines.some((line) => line.startsWith(' '))).toBe(true);
    for (const line of lines) expect(new TextEncoder().encode(line).length, line).toBeLessThanOrEqual(75);
    expect(res.text).not.toMatch(/[^\r]\n/);
    const first = new ICAL.Component(ICAL.parse(res.text)).getFirstSubcomponent('vevent')!;
    expect(new ICAL.Event(first).description).toBe(`${name} (layer Primary)`);
  });

  it('an exported calendar imports into another schedule as the same people, once however often', async () => {
    const exported = (await getText(`/api/schedules/${payments}/calendar.ics`)).text;
    const copy = await create('Payments copy', [id(carol)]);
    const first = await fetch(`${server.url}/api/schedules/${copy}/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'text/calendar' },
      body: exported,
    });
    expect(first.status).toBe(200);
    const report = (await first.json()) as any;
    expect(report.unmatched).toEqual([]);
    expect(report.skippedPast).toBe(0);
    expect(report.imported.length).toBeGreaterThan(4);
    expect(report.imported.every((o: any) => o.source === 'import')).toBe(true);
    const window = ['2026-03-25T12:00:00Z', '2026-05-20T12:00:00Z'] as const;
    expect(await finalShifts(copy, ...window)).toEqual(await finalShifts(payments, ...window));

    const again = await server.api('POST', `/api/schedules/${copy}/import`, { ics: exported });
    expect(again.status).toBe(200);
    const overrides = (await server.api('GET', `/api/schedules/${copy}/shifts?from=${window[0]}&to=${window[1]}`)).body.overrides;
    expect(overrides).toHaveLength(report.imported.length);
  });

  it('imports events in their own time zone, and reports those it cannot use', async () => {
    const target = await create('Imported', [id(carol)]);
    const ics = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Elsewhere//EN',
      'BEGIN:VEVENT',
      'UID:ny-1',
      'DTSTART;TZID=America/New_York:20260401T090000',
      'DTEND;TZID=America/New_York:20260401T170000',
      'SUMMARY:On Call - Primary - Bob',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:mail-1',
      'DTSTART:20260402T080000Z',
      'DTEND:20260402T120000Z',
      'SUMMARY:Shift',
      'ATTENDEE;CN=Someone:mailto:nobody@example.com',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:rule-1',
      'DTSTART:20260403T080000Z',
      'DTEND:20260403T120000Z',
      'RRULE:FREQ=WEEKLY;COUNT=4',
      'SUMMARY:Alice',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:old-1',
      'DTSTART:20260301T080000Z',
      'DTEND:20260301T120000Z',
      'SUMMARY:Alice',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n');
    const res = await server.api('POST', `/api/schedules/${target}/import`, { ics });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    // 09:00 in New York on 1 April is EDT (-04:00).
    expect(res.body.imported).toMatchObject([{ user: { name: 'Bob' }, start: '2026-04-01T13:00:00.000Z', end: '2026-04-01T21:00:00.000Z' }]);
    expect(res.body.unmatched.map((u: any) => [u.uid, u.reason])).toEqual([
      ['mail-1', expect.stringMatching(/nobody here/)],
      ['rule-1', expect.stringMatching(/repeating events/)],
    ]);
    expect(res.body.skippedPast).toBe(1);

    const garbage = await server.api('POST', `/api/schedules/${target}/import`, { ics: 'hello, world' });
    expect(garbage.status).toBe(400);
    expect(garbage.body.error.message).toMatch(/not an iCalendar file/);
    const empty = await fetch(`${server.url}/api/schedules/${target}/import`, { method: 'POST', headers: { authorization: `Bearer ${server.adminToken}` } });
    expect(empty.status).toBe(400);
  });

  it("a person's private link shows their own shifts only, without a session, until revoked", async () => {
    const made = await alice.api('POST', '/api/schedules/my-calendar');
    expect(made.status).toBe(201);
    const path = new URL(made.body.url as string).pathname;
    expect(path).toMatch(/^\/api\/calendars\/irc_[\w-]+\.ics$/);

    const feed = await getText(path, '');
    expect(feed.status).toBe(200);
    const { events } = parseCalendar(feed.text);
    expect(events.length).toBeGreaterThan(2);
    expect(new Set(events.map((e) => e.summary))).toEqual(new Set(['On call: Alice']));
    const everywhere = [];
    for (const s of (await server.api('GET', '/api/schedules')).body.schedules) {
      everywhere.push(...(await finalShifts(s.id, '2026-03-18T12:00:00Z', '2026-05-20T12:00:00Z')).filter((e: Parsed) => e.summary === 'On call: Alice'));
    }
    expect(events).toEqual(everywhere.sort((a, b) => a.start.localeCompare(b.start)));
    expect(feed.text).not.toMatch(/Bob|Carol/);

    // The secret is shown once; others cannot see or revoke it.
    expect((await alice.api('GET', '/api/schedules/my-calendar')).body.link).toEqual({ id: made.body.id, userId: id(alice), createdAt: made.body.createdAt });
    expect((await bob.api('DELETE', `/api/schedules/my-calendar?userId=${id(alice)}`)).status).toBe(403);
    expect((await bob.api('GET', `/api/schedules/my-calendar?userId=${id(alice)}`)).status).toBe(403);
    expect((await getText(path, '')).status).toBe(200);

    expect((await alice.api('DELETE', '/api/schedules/my-calendar')).status).toBe(204);
    expect((await getText(path, '')).status).toBe(404);
    const renewed = await alice.api('POST', '/api/schedules/my-calendar');
    expect((await getText(new URL(renewed.body.url as string).pathname, '')).status).toBe(200);
    expect((await getText(path, '')).status).toBe(404);
    expect((await getText('/api/calendars/irc_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics', '')).status).toBe(404);
  });

  it('a stakeholder link, a per-incident token and an anonymous caller get no calendar', async () => {
    const incident = await declareIncident(server, 'Something');
    for (const token of [await tokenFor(server, incident, 'Board', 'stakeholder'), await tokenFor(server, incident, 'Contractor')]) {
      const res = await getText(`/api/schedules/${payments}/calendar.ics`, token);
      expect(res.status).toBe(403);
      expect(res.text).not.toContain('Alice');
      expect((await server.api('POST', `/api/schedules/${payments}/import`, { ics: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n' }, token)).status).toBe(403);
    }
    expect((await getText(`/api/schedules/${payments}/calendar.ics`, '')).status).toBe(401);
  });
});
