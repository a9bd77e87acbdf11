/**
 * Schedules over REST on a real server (issue 18): creating, who is on call, overrides and swaps,
 * the timeline, and every refusal: bad input says why and stores nothing; a stakeholder link, a
 * per-incident token and an anonymous caller reach nothing. The server's clock is a test clock at
 * Wednesday 25 March 2026, 12:00Z (13:00 in Berlin, CET).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { TestClock } from '../helpers/testClock.ts';
import { signIn } from '../helpers/sessions.ts';
import type { SignedIn } from '../helpers/sessions.ts';
import { declareIncident, tokenFor } from '../helpers/incidents.ts';

describe('schedules over REST', () => {
  const clock = new TestClock({ start: Date.parse('2026-03-25T12:00:00Z') });
  let server: TestServer;
  let alice: SignedIn;
  let bob: SignedIn;
  let carol: SignedIn;
  const id = (who: SignedIn) => who.session.userId;
  const weekly = (users: string[]) => ({ name: 'Primary', start: '2026-03-23T09:00:00', rotation: { type: 'weekly' }, users });
  const create = async (body: unknown) => {
    const res = await server.api('POST', '/api/schedules', body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  };
  const onCall = async (scheduleId: string, at?: string) =>
    (await server.api('GET', `/api/schedules/${scheduleId}/oncall${at ? `?at=${encodeURIComponent(at)}` : ''}`)).body.users.map((u: { name: string }) => u.name);

  beforeAll(async () => {
    server = await startTestServer({}, {}, { clock });
    alice = await signIn(server, 'Alice');
    bob = await signIn(server, 'Bob');
    carol = await signIn(server, 'Carol');
  });
  afterAll(() => server.close());

  it('creates a schedule with layers and answers who is on call, now and at a given time', async () => {
    const res = await server.api('POST', '/api/schedules', {
      name: 'Payments',
      timeZone: 'Europe/Berlin',
      layers: [weekly([id(alice), id(bob)]), { name: 'Office', start: '2026-03-23T09:00:00', rotation: { type: 'daily' }, users: [id(carol)], restrictions: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00' }] }],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: expect.stringMatching(/^sch-/),
      name: 'Payments',
      timeZone: 'Europe/Berlin',
      layers: [
        { name: 'Primary', start: '2026-03-23T08:00:00.000Z', handoffTime: '09:00', users: [{ id: id(alice), name: 'Alice' }, { id: id(bob), name: 'Bob' }] },
        { name: 'Office', restrictions: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00' }] },
      ],
    });
    const scheduleId = res.body.id as string;
    expect((await server.api('GET', `/api/schedules/${scheduleId}`)).body.name).toBe('Payments');
    expect((await server.api('GET', '/api/schedules')).body.schedules.map((s: { id: string }) => s.id)).toContain(scheduleId);

    const now = await server.api('GET', `/api/schedules/${scheduleId}/oncall`);
    expect(now.body).toMatchObject({ at: '2026-03-25T12:00:00.000Z', users: [{ id: id(carol), name: 'Carol' }], shift: { start: '2026-03-25T08:00:00.000Z', end: '2026-03-25T16:00:00.000Z', source: { kind: 'layer', layer: 'Office' } } });
    expect(await onCall(scheduleId, '2026-03-25T18:00:00Z')).toEqual(['Alice']);
    expect(await onCall(scheduleId, '2026-03-30T18:00:00+02:00')).toEqual(['Bob']);
    expect(await onCall(scheduleId, '2026-03-01T00:00:00Z')).toEqual([]);
  });

  it('a signed-in responder creates and edits schedules too; the API token deletes one', async () => {
    const made = await alice.api('POST', '/api/schedules', { name: 'Mine', timeZone: 'europe/berlin', layers: [weekly([id(alice)])] });
    expect(made.status).toBe(201);
    expect(made.body.timeZone).toBe('Europe/Berlin');
    const edited = await bob.api('PUT', `/api/schedules/${made.body.id}`, { name: 'Ours', timeZone: 'UTC', layers: [weekly([id(bob)])] });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ name: 'Ours', timeZone: 'UTC', layers: [{ users: [{ name: 'Bob' }] }] });
    expect((await server.api('DELETE', `/api/schedules/${made.body.id}`)).status).toBe(204);
    expect((await server.api('GET', `/api/schedules/${made.body.id}`)).status).toBe(404);

    // Who changed who is woken at night is on record, each write by its author.
    const trail = (await server.api('GET', '/api/audit?limit=200')).body.entries as Array<{ action: string; target: string; userId: string; detail: string | null }>;
    const ofSchedule = trail.filter((e) => e.target === made.body.id).map((e) => [e.action, e.userId, e.detail]);
    expect(ofSchedule).toEqual(
      expect.arrayContaining([
        ['schedule.created', id(alice), 'Mine'],
        ['schedule.updated', id(bob), 'Ours'],
        ['schedule.deleted', expect.any(String), null],
      ]),
    );
    expect(ofSchedule).toHaveLength(3);
  });

  it('an override covers someone for a while and can be removed', async () => {
    const scheduleId = await create({ name: 'Overrides', timeZone: 'Europe/Berlin', layers: [weekly([id(alice), id(bob)])] });
    const made = await alice.api('POST', `/api/schedules/${scheduleId}/overrides`, { userId: id(carol), start: '2026-03-25T17:00:00Z', end: '2026-03-25T20:00:00Z' });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ user: { name: 'Carol' }, start: '2026-03-25T17:00:00.000Z', end: '2026-03-25T20:00:00.000Z', source: 'override', createdBy: { name: 'Alice' } });
    expect(await onCall(scheduleId, '2026-03-25T18:00:00Z')).toEqual(['Carol']);
    expect(await onCall(scheduleId, '2026-03-25T20:00:00Z')).toEqual(['Alice']);

    const shifts = (await server.api('GET', `/api/schedules/${scheduleId}/shifts?from=2026-03-25T12:00:00Z&to=2026-03-26T00:00:00Z`)).body;
    expect(shifts.final.map((s: any) => [s.start, s.end, s.user.name, s.source.kind])).toEqual([
      ['2026-03-25T12:00:00.000Z', '2026-03-25T17:00:00.000Z', 'Alice', 'layer'],
      ['2026-03-25T17:00:00.000Z', '2026-03-25T20:00:00.000Z', 'Carol', 'override'],
      ['2026-03-25T20:00:00.000Z', '2026-03-26T00:00:00.000Z', 'Alice', 'layer'],
    ]);
    expect(shifts.layers[0].shifts).toHaveLength(1);
    expect(shifts.overrides.map((o: any) => o.id)).toEqual([made.body.id]);

    expect((await server.api('DELETE', `/api/schedules/${scheduleId}/overrides/${made.body.id}`)).status).toBe(204);
    expect(await onCall(scheduleId, '2026-03-25T18:00:00Z')).toEqual(['Alice']);
    expect((await server.api('DELETE', `/api/schedules/${scheduleId}/overrides/${made.body.id}`)).status).toBe(404);
  });

  it('a swap is two overrides naming both people, and is undone whole', async () => {
    const scheduleId = await create({ name: 'Swaps', timeZone: 'Europe/Berlin', layers: [weekly([id(alice), id(bob)])] });
    const first = { userId: id(alice), start: '2026-03-26T00:00:00Z', end: '2026-03-27T00:00:00Z' };
    const second = { userId: id(bob), start: '2026-03-31T00:00:00Z', end: '2026-04-01T00:00:00Z' };
    const swap = await server.api('POST', `/api/schedules/${scheduleId}/swaps`, { first, second });
    expect(swap.status).toBe(201);
    expect(swap.body.overrides).toMatchObject([
      { user: { name: 'Bob' }, source: 'swap', swap: { id: swap.body.swapId, covers: { name: 'Alice' } }, start: '2026-03-26T00:00:00.000Z' },
      { user: { name: 'Alice' }, source: 'swap', swap: { id: swap.body.swapId, covers: { name: 'Bob' } }, start: '2026-03-31T00:00:00.000Z' },
    ]);
    expect(await onCall(scheduleId, '2026-03-26T12:00:00Z')).toEqual(['Bob']);
    expect(await onCall(scheduleId, '2026-03-31T12:00:00Z')).toEqual(['Alice']);

    // 2 April is in Bob's week: Alice has nothing there to give away.
    const notHers = await server.api('POST', `/api/schedules/${scheduleId}/swaps`, {
      first: { ...first, start: '2026-04-02T01:00:00Z', end: '2026-04-02T02:00:00Z' },
      second: { ...second, start: '2026-04-03T01:00:00Z', end: '2026-04-03T02:00:00Z' },
    });
    expect(notHers.status).toBe(400);
    expect(notHers.body.error.message).toMatch(/first: .* is not the one on call/);
    expect((await server.api('POST', `/api/schedules/${scheduleId}/swaps`, { first, second: { ...second, userId: id(alice) } })).body.error.message).toMatch(/two different people/);

    expect((await server.api('DELETE', `/api/schedules/${scheduleId}/overrides/${swap.body.overrides[1].id}`)).status).toBe(204);
    expect(await onCall(scheduleId, '2026-03-26T12:00:00Z')).toEqual(['Alice']);
    expect((await server.api('GET', `/api/schedules/${scheduleId}/shifts`)).body.overrides).toEqual([]);
    const trail = (await server.api('GET', '/api/audit?limit=200')).body.entries as Array<{ action: string; target: string; detail: string | null }>;
    // The refused swaps left no trace; the one made and its undoing did.
    expect(trail.filter((e) => e.target === scheduleId).map((e) => e.action).sort()).toEqual(['schedule.created', 'schedule.override-removed', 'schedule.swap']);
  });

  it('refuses bad input with the reason, storing nothing', async () => {
    const before = (await server.api('GET', '/api/schedules')).body.schedules.length;
    const refused = async (body: unknown, reason: RegExp) => {
      const res = await server.api('POST', '/api/schedules', body);
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.error.message).toMatch(reason);
    };
    const ok = { name: 'X', timeZone: 'Europe/Berlin', layers: [weekly([id(alice)])] };
    await refused({ ...ok, layers: [weekly(['u-nobody'])] }, /layers\.0\.users\.0: no person with id u-nobody/);
    await refused({ ...ok, timeZone: 'Mars/Olympus_Mons' }, /timeZone must be an IANA time zone/);
    await refused({ ...ok, layers: Array.from({ length: 11 }, (_, i) => ({ ...weekly([id(alice)]), name: `L${i}` })) }, /layers/);
    await refused({ ...ok, layers: [weekly([id(alice)]), weekly([id(bob)])] }, /layers names must differ/);
    await refused({ ...ok, layers: [{ ...weekly([id(alice)]), rotation: { type: 'hours', hours: 8 }, handoffTime: '09:00' }] }, /handoffTime applies to daily and weekly/);
    await refused({ ...ok, layers: [{ ...weekly([id(alice)]), rotation: { type: 'hours', hours: 0 } }] }, /hours/);
    await refused({ ...ok, layers: [{ ...weekly([id(alice)]), rotation: { type: 'monthly' } }] }, /type must be "daily", "weekly" or "hours"/);
    await refused({ ...ok, layers: [{ ...weekly([id(alice)]), handoffTime: '25:00' }] }, /handoffTime must be a time of day/);
    await refused({ ...ok, layers: [{ ...weekly([id(alice)]), start: 'next tuesday' }] }, /start must be an ISO 8601/);
    await refused({ ...ok, layers: [{ ...weekly([id(alice)]), start: '1999-12-31T00:00:00Z' }] }, /between 2000 and 2200/);
    await refused({ ...ok, layers: [{ ...weekly([id(alice)]), restrictions: [{ from: '09:00', to: '09:00' }] }] }, /from and to must differ/);
    await refused({ ...ok, layers: [{ ...weekly([id(alice)]), restrictions: [{ days: ['someday'], from: '09:00', to: '17:00' }] }] }, /must be one of mon/);
    await refused({ ...ok, layers: [weekly(Array.from({ length: 51 }, () => id(alice)))] }, /users/);
    await refused({ ...ok, extra: true }, /unknown field/);
    // A per-incident token's identity is not a person to put on call.
    const incident = await declareIncident(server, 'Scratch');
    const tokenUser = (await server.api('GET', '/api/session', undefined, await tokenFor(server, incident, 'Link holder'))).body.userId;
    await refused({ ...ok, layers: [weekly([tokenUser])] }, /no person with id/);
    expect((await server.api('GET', '/api/schedules')).body.schedules.length).toBe(before);

    const scheduleId = await create(ok);
    const override = async (body: unknown, reason: RegExp) => {
      const res = await server.api('POST', `/api/schedules/${scheduleId}/overrides`, body);
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.error.message).toMatch(reason);
    };
    await override({ userId: id(bob), start: '2026-03-26T10:00:00Z', end: '2026-03-26T10:00:00Z' }, /end must be after start/);
    await override({ userId: id(bob), start: '2026-03-20T10:00:00Z', end: '2026-03-21T10:00:00Z' }, /in the past/);
    await override({ userId: 'u-nobody', start: '2026-03-26T10:00:00Z', end: '2026-03-26T11:00:00Z' }, /no person/);
    await override({ userId: id(bob), start: '2026-03-26T10:00:00Z', end: '2026-09-26T10:00:00Z' }, /at most 92 days/);
    expect((await server.api('GET', `/api/schedules/${scheduleId}/shifts`)).body.overrides).toEqual([]);

    const range = await server.api('GET', `/api/schedules/${scheduleId}/shifts?from=2026-03-01T00:00:00Z&to=2026-07-01T00:00:00Z`);
    expect(range.status).toBe(400);
    expect((await server.api('GET', `/api/schedules/${scheduleId}/shifts?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z`)).status).toBe(400);
    expect((await server.api('GET', `/api/schedules/${scheduleId}/oncall?at=yesterday`)).status).toBe(400);
    expect((await server.api('GET', '/api/schedules/sch-nothing/oncall')).status).toBe(404);
  });

  it('a stakeholder link, a per-incident token and an anonymous caller reach no schedule', async () => {
    const scheduleId = await create({ name: 'Private matters', timeZone: 'UTC', layers: [weekly([id(alice)])] });
    const incident = await declareIncident(server, 'Something');
    const stakeholder = await tokenFor(server, incident, 'Board', 'stakeholder');
    const responderLink = await tokenFor(server, incident, 'Contractor');
    for (const token of [stakeholder, responderLink]) {
      for (const path of ['/api/schedules', `/api/schedules/${scheduleId}`, `/api/schedules/${scheduleId}/oncall`, `/api/schedules/${scheduleId}/shifts`, '/api/schedules/my-calendar']) {
        const res = await server.api('GET', path, undefined, token);
        expect(res.status, path).toBe(403);
        expect(JSON.stringify(res.body)).not.toContain('Alice');
      }
      expect((await server.api('POST', '/api/schedules', { name: 'X', timeZone: 'UTC', layers: [weekly([id(alice)])] }, token)).status).toBe(403);
      expect((await server.api('POST', `/api/schedules/${scheduleId}/overrides`, { userId: id(alice), start: '2026-03-26T00:00:00Z', end: '2026-03-27T00:00:00Z' }, token)).status).toBe(403);
    }
    for (const path of ['/api/schedules', `/api/schedules/${scheduleId}/oncall`, `/api/schedules/${scheduleId}/calendar.ics`]) {
      expect((await fetch(server.url + path)).status, path).toBe(401);
    }
  });
});
