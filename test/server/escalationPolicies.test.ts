/**
 * Escalation policies (issue 18) on a real server with a test clock: a service's policy fills the
 * primary and secondary from its schedules, pages step 1 at once and walks through the later steps
 * while nobody acknowledges, repeats, stops at an acknowledgement, and follows the severity's
 * urgency; "on call now" per service; and the REST refusals. Runs on both engines.
 *
 * "Nothing more happened" is shown with a witness: an incident whose step falls due at the same
 * time or later. The scheduler fires due timers in order, so once the witness's step paged, every
 * step of the other incident that could have fallen due by then has fired.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestServer, tempDataDir } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { TestClock } from '../helpers/testClock.ts';
import { signIn } from '../helpers/sessions.ts';
import type { SignedIn } from '../helpers/sessions.ts';
import { tokenFor } from '../helpers/incidents.ts';

const MINUTE = 60_000;

/** The README's example model, with its never-paging severity made low-urgency: P1 is high. */
function modelFile(): string {
  const text = fs.readFileSync(path.resolve('ops/incident-model.example.yaml'), 'utf8');
  if (!/urgency: none/.test(text)) throw new Error('the example model has no severity of urgency none any more');
  const file = path.join(tempDataDir(), 'model.yaml');
  fs.writeFileSync(file, text.replace('urgency: none', 'urgency: low'));
  return file;
}

describe('escalation policies', () => {
  const clock = new TestClock({ start: Date.parse('2026-03-25T12:00:00Z') });
  let server: TestServer;
  let alice: SignedIn;
  let bob: SignedIn;
  let carol: SignedIn;
  let dave: SignedIn;
  /** Alice always on call in one schedule, Dave in another; Carol is named directly. */
  let primaryRota: string;
  let backupRota: string;
  let threeSteps: string;
  const id = (who: SignedIn) => who.session.userId;

  const created = async (pathname: string, body: unknown): Promise<string> => {
    const res = await server.api('POST', pathname, body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  };
  const rota = (name: string, who: SignedIn) =>
    created('/api/schedules', { name, timeZone: 'UTC', layers: [{ name: 'Weekly', start: '2026-03-02T09:00:00Z', rotation: { type: 'weekly' }, users: [id(who)] }] });
  const service = async (name: string, escalationPolicyId: string | null) => {
    const res = await server.api('PUT', `/api/services/${name}`, { escalationPolicyId });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  };
  const declare = (serviceName: string, title: string, severity = 'P1') => created('/api/incidents', { title, severity, service: serviceName });
  const exportOf = async (incidentId: string) => (await server.api('GET', `/api/incidents/${incidentId}/export.json`)).body;
  const pagedOf = async (incidentId: string): Promise<string[]> =>
    (await exportOf(incidentId)).events.filter((e: any) => e.type === 'paged').map((e: any) => `${e.target.name} (${e.reason})`);
  /** Until the incident has been paged `count` times (the scheduler fires at its next poll after the clock moved). */
  const pagedTimes = (incidentId: string, count: number) =>
    vi.waitFor(async () => expect(await pagedOf(incidentId)).toHaveLength(count), { timeout: 10_000, interval: 20 });
  const escalationsOf = async (incidentId: string): Promise<Array<{ from: string | null; to: string | null; afterMs: number }>> =>
    (await exportOf(incidentId)).events.filter((e: any) => e.type === 'escalated').map((e: any) => ({ from: e.from?.name ?? null, to: e.to?.name ?? null, afterMs: e.afterMs }));

  beforeAll(async () => {
    server = await startTestServer({}, { INCIDENT_MODEL_FILE: modelFile() }, { clock });
    [alice, bob, carol, dave] = await Promise.all([signIn(server, 'Alice'), signIn(server, 'Bob'), signIn(server, 'Carol'), signIn(server, 'Dave')]);
    primaryRota = await rota('Payments primary', alice);
    backupRota = await rota('Payments backup', dave);
    threeSteps = await created('/api/escalation-policies', {
      name: 'Payments',
      steps: [
        { delayMinutes: 5, targets: [{ type: 'schedule', scheduleId: primaryRota }] },
        { delayMinutes: 10, targets: [{ type: 'user', userId: id(carol) }] },
        { delayMinutes: 15, targets: [{ type: 'schedule', scheduleId: backupRota }] },
      ],
    });
    await service('payments', threeSteps);
  });
  afterAll(() => server?.close());

  it('fills the roles from the first two schedules, pages step 1, and walks through to the third step', async () => {
    const incident = await declare('payments', 'Card payments failing');
    const detail = (await server.api('GET', `/api/incidents/${incident}`)).body;
    expect(detail.roles.primary.name).toBe('Alice');
    expect(detail.roles.secondary.name).toBe('Dave');
    const assigned = (await exportOf(incident)).events.filter((e: any) => e.type === 'role.assigned');
    expect(assigned.map((e: any) => [e.role, e.holder.name, e.source])).toEqual([
      ['primary', 'Alice', 'schedule'],
      ['secondary', 'Dave', 'schedule'],
    ]);
    expect(await pagedOf(incident)).toEqual(['Alice (declared)']);

    clock.advance(5 * MINUTE);
    await pagedTimes(incident, 2);
    clock.advance(10 * MINUTE);
    await pagedTimes(incident, 3);
    expect(await pagedOf(incident)).toEqual(['Alice (declared)', 'Carol (escalation)', 'Dave (escalation)']);
    expect(await escalationsOf(incident)).toEqual([
      { from: 'Alice', to: 'Carol', afterMs: 5 * MINUTE },
      { from: 'Carol', to: 'Dave', afterMs: 10 * MINUTE },
    ]);
    const x = await exportOf(incident);
    expect(x.pages.map((p: any) => [p.target.name, p.acknowledgedAt])).toEqual([
      ['Alice', null],
      ['Carol', null],
      ['Dave', null],
    ]);

    // The policy does not repeat: once the last step's wait is over, nothing more pages.
    clock.advance(10 * MINUTE);
    const witness = await declare('payments', 'Witness');
    clock.advance(5 * MINUTE);
    await pagedTimes(witness, 2);
    expect(await pagedOf(incident)).toHaveLength(3);
    await server.api('POST', `/api/incidents/${witness}/commands`, { type: 'acknowledge' });
  });

  it('stops at an acknowledgement', async () => {
    const acknowledged = await declare('payments', 'API latency');
    const witness = await declare('payments', 'API errors');
    expect((await server.api('POST', `/api/incidents/${acknowledged}/commands`, { type: 'acknowledge' }, await tokenFor(server, acknowledged, 'Alice on her phone'))).status).toBe(200);
    clock.advance(5 * MINUTE);
    await pagedTimes(witness, 2);
    expect(await pagedOf(acknowledged)).toEqual(['Alice (declared)']);
    expect(await escalationsOf(acknowledged)).toEqual([]);
    expect((await exportOf(acknowledged)).pages[0].acknowledgedAt).toBeTypeOf('number');
    await server.api('POST', `/api/incidents/${witness}/commands`, { type: 'acknowledge' });
  });

  it('repeats the whole policy as many times as it says, then stops', async () => {
    const repeating = await created('/api/escalation-policies', {
      name: 'Checkout',
      steps: [
        { delayMinutes: 5, targets: [{ type: 'schedule', scheduleId: primaryRota }] },
        { delayMinutes: 5, targets: [{ type: 'user', userId: id(carol) }] },
      ],
      repeat: 1,
    });
    await service('checkout', repeating);
    const incident = await declare('checkout', 'Checkout down');
    for (const count of [2, 3, 4]) {
      clock.advance(5 * MINUTE);
      await pagedTimes(incident, count);
    }
    expect(await pagedOf(incident)).toEqual(['Alice (declared)', 'Carol (escalation)', 'Alice (escalation)', 'Carol (escalation)']);
    expect((await escalationsOf(incident)).map((e) => `${e.from} → ${e.to}`)).toEqual(['Alice → Carol', 'Carol → Alice', 'Alice → Carol']);

    const witness = await declare('checkout', 'Witness');
    clock.advance(5 * MINUTE);
    await pagedTimes(witness, 2);
    expect(await pagedOf(incident)).toHaveLength(4);
    await server.api('POST', `/api/incidents/${witness}/commands`, { type: 'acknowledge' });
  });

  it('pages step 1 only for a low-urgency severity', async () => {
    const low = await declare('payments', 'Slow reports', 'minor');
    const witness = await declare('payments', 'Reports down');
    expect((await server.api('GET', `/api/incidents/${low}`)).body.roles.primary.name).toBe('Alice');
    clock.advance(5 * MINUTE);
    await pagedTimes(witness, 2);
    expect(await pagedOf(low)).toEqual(['Alice (declared)']);
    expect(await escalationsOf(low)).toEqual([]);
    await server.api('POST', `/api/incidents/${witness}/commands`, { type: 'acknowledge' });
  });

  it('says who is on call now for each service with a policy, at the time it is asked', async () => {
    const listed = async () => (await server.api('GET', '/api/services')).body.services.find((s: any) => s.service === 'payments');
    expect((await listed()).onCallNow).toEqual([{ id: id(alice), name: 'Alice' }]);
    const start = new Date(clock.now()).toISOString();
    const end = new Date(clock.now() + 60 * MINUTE).toISOString();
    expect((await server.api('POST', `/api/schedules/${primaryRota}/overrides`, { userId: id(bob), start, end })).status).toBe(201);
    expect((await listed()).onCallNow).toEqual([{ id: id(bob), name: 'Bob' }]);
    expect((await bob.api('GET', '/api/services/payments')).body.onCallNow).toEqual([{ id: id(bob), name: 'Bob' }]);
  });

  it('lets signed-in responders and the API token manage policies, and refuses links, unknown ids and bad input', async () => {
    const body = { name: 'Search', steps: [{ delayMinutes: 3, targets: [{ type: 'user', userId: id(bob) }] }] };
    const mine = await alice.api('POST', '/api/escalation-policies', body);
    expect(mine.status, JSON.stringify(mine.body)).toBe(201);
    expect(mine.body).toMatchObject({ name: 'Search', repeat: 0, services: [], steps: [{ delayMinutes: 3, targets: [{ type: 'user', userId: id(bob), name: 'Bob' }] }] });
    const policyId = mine.body.id as string;
    expect((await server.api('GET', '/api/escalation-policies')).body.policies.map((p: any) => p.id)).toContain(policyId);
    const renamed = await server.api('PUT', `/api/escalation-policies/${policyId}`, { ...body, name: 'Search v2', repeat: 2 });
    expect(renamed.body).toMatchObject({ id: policyId, name: 'Search v2', repeat: 2 });
    expect((await server.api('GET', `/api/escalation-policies/${threeSteps}`)).body).toMatchObject({
      services: ['payments'],
      steps: [{ targets: [{ name: 'Payments primary' }] }, { targets: [{ name: 'Carol' }] }, { targets: [{ name: 'Payments backup' }] }],
    });

    // A link for one incident is no key to the organisation's policies.
    const scratch = await created('/api/incidents', { title: 'scratch', severity: 'P2' });
    for (const token of [await tokenFor(server, scratch, 'Viewer', 'stakeholder'), await tokenFor(server, scratch, 'Helper')]) {
      expect((await server.api('GET', '/api/escalation-policies', undefined, token)).status).toBe(403);
      expect((await server.api('POST', '/api/escalation-policies', body, token)).status).toBe(403);
      expect((await server.api('DELETE', `/api/escalation-policies/${policyId}`, undefined, token)).status).toBe(403);
    }
    expect((await fetch(`${server.url}/api/escalation-policies`)).status).toBe(401);

    const refused = async (input: unknown, pattern: RegExp) => {
      const res = await server.api('POST', '/api/escalation-policies', input);
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.error.message).toMatch(pattern);
    };
    const tokenIdentity = (await server.api('GET', '/api/session', undefined, await tokenFor(server, scratch, 'Not a person'))).body.userId;
    await refused({ name: 'x', steps: [{ delayMinutes: 5, targets: [{ type: 'schedule', scheduleId: 'sch-nope' }] }] }, /steps\.0\.targets\.0\.scheduleId: no schedule sch-nope/);
    await refused({ name: 'x', steps: [{ delayMinutes: 5, targets: [{ type: 'user', userId: 'u-nope' }] }] }, /steps\.0\.targets\.0\.userId: no person/);
    await refused({ name: 'x', steps: [{ delayMinutes: 5, targets: [{ type: 'user', userId: tokenIdentity }] }] }, /no person/);
    await refused({ name: 'x', steps: [{ delayMinutes: 0, targets: [{ type: 'user', userId: id(bob) }] }] }, /steps\.0\.delayMinutes must be at least 1/);
    await refused({ name: 'x', steps: [{ delayMinutes: 5, targets: [] }] }, /steps\.0\.targets must name at least one/);
    await refused({ name: 'x', steps: [{ delayMinutes: 5, targets: [{ type: 'team', id: 'x' }] }] }, /type must be "schedule" or "user"/);
    await refused({ name: 'x', steps: Array.from({ length: 11 }, () => ({ delayMinutes: 1, targets: [{ type: 'user', userId: id(bob) }] })) }, /at most 10 steps/);
    await refused({ name: 'x', steps: [{ delayMinutes: 5, targets: [{ type: 'user', userId: id(bob) }] }], repeat: 6 }, /repeat/);
    expect((await server.api('GET', '/api/escalation-policies')).body.policies.map((p: any) => p.name).sort()).toEqual(['Checkout', 'Payments', 'Search v2']);

    // A schedule a policy pages stays while the policy names it.
    const scheduleInUse = await server.api('DELETE', `/api/schedules/${backupRota}`);
    expect(scheduleInUse.status).toBe(409);
    expect(scheduleInUse.body.error.message).toContain('Payments');
    expect((await server.api('GET', `/api/schedules/${backupRota}`)).status).toBe(200);

    // A service names only a policy that exists; a policy a service names stays.
    const unknown = await server.api('PUT', '/api/services/search', { escalationPolicyId: 'esc-nope' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/escalationPolicyId: no escalation policy esc-nope/);
    await service('search', policyId);
    const named = await server.api('DELETE', `/api/escalation-policies/${policyId}`);
    expect(named.status).toBe(409);
    expect(named.body.error.message).toContain('search');
    await service('search', null);
    expect((await server.api('DELETE', `/api/escalation-policies/${policyId}`)).status).toBe(204);
    expect((await server.api('GET', `/api/escalation-policies/${policyId}`)).status).toBe(404);

    // Who changed the order people are woken in is on record; refused writes changed nothing to record.
    const trail = (await server.api('GET', '/api/audit?limit=200')).body.entries as Array<{ action: string; target: string; userId: string; detail: string | null }>;
    const ofPolicy = trail.filter((e) => e.target === policyId).map((e) => [e.action, e.userId, e.detail]);
    expect(ofPolicy.sort()).toEqual(
      [
        ['escalation-policy.created', id(alice), 'Search'],
        ['escalation-policy.deleted', expect.any(String), null],
        ['escalation-policy.updated', expect.any(String), 'Search v2'],
      ].sort(),
    );
  });
});
