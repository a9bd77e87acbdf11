/**
 * Role rescue (issue 12): the commander and the API token reassign any role; anyone takes over a
 * role whose holder has had no live connection to the incident for ROLE_AWAY_SEC (counted from
 * the assignment when they never connected), and never from someone who is connected. Time is a
 * test clock, moved past the window rather than waited through.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { TestClock } from '../helpers/testClock.ts';
import { connectDoc, connectSocket, eventually, synced } from '../helpers/clients.ts';
import { declareIncident, tokenFor } from '../helpers/incidents.ts';
import { signIn } from '../helpers/sessions.ts';
import type { SignedIn } from '../helpers/sessions.ts';

/** ROLE_AWAY_SEC's default. */
const AWAY_MS = 120_000;

describe('role rescue', () => {
  const clock = new TestClock();
  let server: TestServer;
  let carla: SignedIn;
  let ben: SignedIn;
  let eve: SignedIn;

  beforeAll(async () => {
    server = await startTestServer({}, {}, { clock });
    [carla, ben, eve] = await Promise.all([signIn(server, 'Carla Commander'), signIn(server, 'Ben Backup'), signIn(server, 'Eve Extra')]);
  });
  afterAll(() => server?.close());

  const run = (who: SignedIn, id: string, cmd: Record<string, unknown>) => who.api('POST', `/api/incidents/${id}/commands`, cmd);
  const holderOf = async (id: string, role: string) => (await server.api('GET', `/api/incidents/${id}`)).body.roles[role]?.name;
  const eventsOf = async (id: string) => (await server.api('GET', `/api/incidents/${id}/export.json`)).body.events as any[];

  it('lets anyone take over from a holder who never connected, once the away time has passed since the assignment', async () => {
    const id = await declareIncident(server, 'Commander laptop died');
    expect((await run(carla, id, { type: 'claimRole', role: 'commander' })).status).toBe(200);

    const early = await run(ben, id, { type: 'takeOverRole', role: 'commander' });
    expect(early.status).toBe(409);
    expect(early.body.error.message).toMatch(/Carla Commander has been away for less than 120 s; Incident commander can be taken over in 120 s/);
    // Carla is commander: only she changes the status, and Ben cannot.
    expect((await run(ben, id, { type: 'setStatus', status: 'identified' })).status).toBe(403);

    clock.advance(AWAY_MS);
    const taken = await run(ben, id, { type: 'takeOverRole', role: 'commander' });
    expect(taken.status).toBe(200);
    expect(await holderOf(id, 'commander')).toBe('Ben Backup');
    expect((await run(ben, id, { type: 'setStatus', status: 'identified' })).status).toBe(200);
    const event = (await eventsOf(id)).find((e) => e.type === 'role.takenOver');
    expect(event).toMatchObject({
      role: 'commander',
      actor: { name: 'Ben Backup' },
      from: { id: carla.session.userId, name: 'Carla Commander' },
      to: { id: ben.session.userId, name: 'Ben Backup' },
      awayMs: AWAY_MS,
    });
    const markdown = await (await fetch(`${server.url}/api/incidents/${id}/export.md`, { headers: { authorization: `Bearer ${server.adminToken}` } })).text();
    expect(markdown).toContain('took over Incident commander from Carla Commander');
  });

  it('never takes a role from someone connected to the incident, and counts away time from when they left', async () => {
    const id = await declareIncident(server, 'Scribe on a train');
    const token = await tokenFor(server, id, 'Dana Scribe');
    const provider: WebsocketProvider = connectDoc(server.wsUrl, id, token);
    await synced(provider);
    const dana = await connectSocket(server.url, token);
    const claimed = (await dana.timeout(10_000).emitWithAck('command', { type: 'claimRole', incidentId: id, role: 'scribe' })) as { ok: boolean };
    expect(claimed.ok).toBe(true);
    dana.disconnect();

    clock.advance(AWAY_MS * 3);
    const whileHere = await run(ben, id, { type: 'takeOverRole', role: 'scribe' });
    expect(whileHere.status).toBe(409);
    expect(whileHere.body.error.message).toContain('Dana Scribe is connected to this incident');

    provider.destroy();
    await eventually(() => provider.wsconnected === false, 'provider closed');
    // She has just left: the window starts now, however long ago she was assigned.
    await expect.poll(async () => (await run(ben, id, { type: 'takeOverRole', role: 'scribe' })).body.error.message, { timeout: 10_000 }).toMatch(/can be taken over in 120 s/);
    clock.advance(AWAY_MS - 1000);
    expect((await run(ben, id, { type: 'takeOverRole', role: 'scribe' })).status).toBe(409);
    clock.advance(1000);
    expect((await run(ben, id, { type: 'takeOverRole', role: 'scribe' })).status).toBe(200);
    expect(await holderOf(id, 'scribe')).toBe('Ben Backup');
  });

  it('lets the commander, and only the commander, reassign any role at once, naming both people', async () => {
    const id = await declareIncident(server, 'Reassignments');
    expect((await run(carla, id, { type: 'claimRole', role: 'commander' })).status).toBe(200);
    expect((await run(ben, id, { type: 'claimRole', role: 'comms' })).status).toBe(200);

    const notCommander = await run(ben, id, { type: 'assignRole', role: 'comms', toUserId: eve.session.userId });
    expect(notCommander.status).toBe(403);
    expect(notCommander.body.error.message).toContain('only Carla Commander, the incident commander, can reassign roles');

    expect((await run(carla, id, { type: 'assignRole', role: 'comms', toUserId: eve.session.userId, note: 'Ben is on the phone with the bank' })).status).toBe(200);
    expect(await holderOf(id, 'comms')).toBe('Eve Extra');
    expect((await eventsOf(id)).find((e) => e.type === 'role.reassigned')).toMatchObject({
      role: 'comms',
      actor: { name: 'Carla Commander' },
      from: { name: 'Ben Backup' },
      to: { name: 'Eve Extra' },
      note: 'Ben is on the phone with the bank',
    });
  });

  it('lets the API token reassign, and take over for a named person after the away time', async () => {
    const id = await declareIncident(server, 'Automation rescues');
    expect((await run(carla, id, { type: 'claimRole', role: 'primary' })).status).toBe(200);
    expect((await server.api('POST', `/api/incidents/${id}/commands`, { type: 'assignRole', role: 'primary', toUserId: ben.session.userId })).status).toBe(200);
    expect(await holderOf(id, 'primary')).toBe('Ben Backup');

    expect((await server.api('POST', `/api/incidents/${id}/commands`, { type: 'takeOverRole', role: 'primary', toUserId: eve.session.userId })).status).toBe(409);
    clock.advance(AWAY_MS);
    expect((await server.api('POST', `/api/incidents/${id}/commands`, { type: 'takeOverRole', role: 'primary', toUserId: eve.session.userId })).status).toBe(200);
    expect(await holderOf(id, 'primary')).toBe('Eve Extra');
    // A person takes over only for themselves.
    clock.advance(AWAY_MS);
    const forOther = await run(ben, id, { type: 'takeOverRole', role: 'primary', toUserId: carla.session.userId });
    expect(forOther.status).toBe(403);
  });
});
