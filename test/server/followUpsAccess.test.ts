/**
 * Issue 21: follow-ups made by an incident's responders and listed across incidents, filtered by
 * service, owner and due date. A private incident's follow-ups reach only its members (and
 * admins), a link for one incident sees that incident's only, and stakeholder links none.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FollowUp } from '../../shared/followUps.ts';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { declareIncident, tokenFor } from '../helpers/incidents.ts';
import { signIn } from '../helpers/sessions.ts';
import type { SignedIn } from '../helpers/sessions.ts';
import { TestClock } from '../helpers/testClock.ts';

const clock = new TestClock({ start: Date.parse('2026-03-10T12:00:00Z') });
let server: TestServer;
let alice: SignedIn;
let bob: SignedIn;
let checkout: string;
let payments: string;
let secret: string;

const titles = (body: { followUps: FollowUp[] }) => body.followUps.map((f) => f.title).sort();

beforeAll(async () => {
  server = await startTestServer({}, {}, { clock });
  for (const service of ['checkout', 'payments']) expect((await server.api('PUT', `/api/services/${service}`, {})).status).toBe(200);
  alice = await signIn(server, 'Alice');
  bob = await signIn(server, 'Bob');
  checkout = (await alice.api('POST', '/api/incidents', { title: 'Checkout errors', severity: 'SEV2', service: 'checkout' })).body.id;
  payments = (await alice.api('POST', '/api/incidents', { title: 'Payments slow', severity: 'SEV3', service: 'payments' })).body.id;
  secret = (await alice.api('POST', '/api/incidents', { title: 'Payroll leak', severity: 'SEV1', service: 'payments', private: true })).body.id;
  const add = async (who: SignedIn, incidentId: string, body: Record<string, unknown>) => {
    const res = await who.api('POST', `/api/incidents/${incidentId}/follow-ups`, body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.followUp as FollowUp;
  };
  await add(alice, checkout, { title: 'Overdue retry budget', dueDate: '2026-03-01', ownerId: bob.session.userId, priority: 'p1' });
  await add(bob, checkout, { title: 'Due this week dashboards', dueDate: '2026-03-12', ownerId: alice.session.userId });
  await add(alice, payments, { title: 'Later capacity plan', dueDate: '2026-05-01' });
  await add(alice, secret, { title: 'Rotate payroll keys', dueDate: '2026-03-02', ownerId: alice.session.userId });
});

afterAll(async () => {
  await server?.close();
});

describe('making and changing follow-ups', () => {
  it('defaults to p3, after the incident, open; and records who made it', async () => {
    const res = await alice.api('POST', `/api/incidents/${checkout}/follow-ups`, { title: 'Defaults', actionId: 'act-1' });
    expect(res.body.followUp).toMatchObject({ priority: 'p3', afterIncident: true, status: 'open', createdBy: alice.session.userId, actionId: 'act-1', service: 'checkout' });
    // On the incident's timeline, by who added it; its title stays out of the document stakeholder links sync.
    const events = (await server.api('GET', `/api/incidents/${checkout}/export.json`)).body.events as Array<{ type: string; followUpId?: string; actor: { id: string } }>;
    const added = events.filter((e) => e.type === 'followUp.added');
    expect(added.map((e) => e.followUpId)).toContain(res.body.followUp.id);
    expect(added.find((e) => e.followUpId === res.body.followUp.id)!.actor.id).toBe(alice.session.userId);
    expect(JSON.stringify(added)).not.toContain('Defaults');
    const patched = await bob.api('PATCH', `/api/follow-ups/${res.body.followUp.id}`, { status: 'done', priority: 'p2', dueDate: null });
    expect(patched.status).toBe(200);
    expect(patched.body.followUp).toMatchObject({ status: 'done', priority: 'p2', dueDate: null });
  });

  it('refuses bad input with a reason and changes nothing', async () => {
    const before = (await alice.api('GET', `/api/incidents/${checkout}/follow-ups`)).body.followUps.length;
    for (const body of [{ title: '' }, { title: 'x', dueDate: '2026-02-30' }, { title: 'x', priority: 'p9' }, { title: 'x', ownerId: 'usr-nobody' }, { title: 'x', extra: 1 }]) {
      const res = await alice.api('POST', `/api/incidents/${checkout}/follow-ups`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.message).toBeTruthy();
    }
    expect((await alice.api('GET', `/api/incidents/${checkout}/follow-ups`)).body.followUps.length).toBe(before);
    const events = (await server.api('GET', `/api/incidents/${checkout}/export.json`)).body.events as Array<{ type: string }>;
    expect(events.filter((e) => e.type === 'followUp.added')).toHaveLength(before);
  });
});

describe('the list across incidents', () => {
  it('filters by service, owner and due date', async () => {
    const open = await alice.api('GET', '/api/follow-ups?status=open');
    expect(open.body.today).toBe('2026-03-10');
    expect(titles(open.body)).toEqual(['Due this week dashboards', 'Later capacity plan', 'Overdue retry budget', 'Rotate payroll keys']);
    expect(titles((await alice.api('GET', '/api/follow-ups?service=payments&status=open')).body)).toEqual(['Later capacity plan', 'Rotate payroll keys']);
    expect(titles((await alice.api('GET', '/api/follow-ups?owner=me&status=open')).body)).toEqual(['Due this week dashboards', 'Rotate payroll keys']);
    expect(titles((await alice.api('GET', `/api/follow-ups?owner=${bob.session.userId}`)).body)).toEqual(['Overdue retry budget']);
    expect(titles((await alice.api('GET', '/api/follow-ups?due=overdue')).body)).toEqual(['Overdue retry budget', 'Rotate payroll keys']);
    expect(titles((await alice.api('GET', '/api/follow-ups?due=week')).body)).toEqual(['Due this week dashboards']);
    expect((await alice.api('GET', '/api/follow-ups?due=someday')).status).toBe(400);
  });

  it('shows a private incident’s follow-ups to its members and admins only', async () => {
    expect(titles((await bob.api('GET', '/api/follow-ups?status=open')).body)).not.toContain('Rotate payroll keys');
    expect(titles((await server.api('GET', '/api/follow-ups?status=open')).body)).toContain('Rotate payroll keys');
    const mine = (await alice.api('GET', `/api/incidents/${secret}/follow-ups`)).body.followUps as FollowUp[];
    // To a non-member every door answers as for an incident or follow-up that does not exist.
    expect((await bob.api('GET', `/api/incidents/${secret}/follow-ups`)).status).toBe(404);
    expect((await bob.api('POST', `/api/incidents/${secret}/follow-ups`, { title: 'sneak' })).status).toBe(404);
    expect((await bob.api('PATCH', `/api/follow-ups/${mine[0]!.id}`, { status: 'done' })).status).toBe(404);
    expect((await bob.api('POST', `/api/follow-ups/${mine[0]!.id}/export`, { tracker: 'github' })).status).toBe(404);
    expect((await alice.api('GET', `/api/incidents/${secret}/follow-ups`)).body.followUps[0].status).toBe('open');
  });

  it('a responder link sees its own incident’s follow-ups only', async () => {
    const token = await tokenFor(server, payments, 'pager bot');
    expect(titles((await server.api('GET', '/api/follow-ups', undefined, token)).body)).toEqual(['Later capacity plan']);
    expect((await server.api('GET', `/api/incidents/${checkout}/follow-ups`, undefined, token)).status).toBe(403);
    expect((await server.api('POST', `/api/incidents/${payments}/follow-ups`, { title: 'From the bot' }, token)).status).toBe(201);
  });

  it('refuses stakeholder links everywhere', async () => {
    const token = await tokenFor(server, checkout, 'execs', 'stakeholder');
    const one = (await alice.api('GET', `/api/incidents/${checkout}/follow-ups`)).body.followUps[0] as FollowUp;
    const calls: Array<[string, string, unknown?]> = [
      ['GET', '/api/follow-ups'],
      ['GET', `/api/incidents/${checkout}/follow-ups`],
      ['POST', `/api/incidents/${checkout}/follow-ups`, { title: 'from a stakeholder' }],
      ['PATCH', `/api/follow-ups/${one.id}`, { status: 'done' }],
      ['POST', `/api/follow-ups/${one.id}/export`, { tracker: 'jira' }],
    ];
    for (const [method, path, body] of calls) expect((await server.api(method, path, body, token)).status, `${method} ${path}`).toBe(403);
    expect(((await alice.api('GET', `/api/incidents/${checkout}/follow-ups`)).body.followUps as FollowUp[]).find((f) => f.id === one.id)!.status).toBe(one.status);
  });
});
