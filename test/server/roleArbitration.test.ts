import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { command, connectSocket } from '../helpers/clients.ts';
import { declareIncident, tokenFor } from '../helpers/incidents.ts';

describe('role claims', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('ten simultaneous claims of commander: exactly one holder, nine refusals naming them, one event', async () => {
    const id = await declareIncident(server);
    const names = Array.from({ length: 10 }, (_, i) => `Responder ${i}`);
    const sockets = await Promise.all(names.map(async (n) => connectSocket(server.url, await tokenFor(server, id, n))));
    const replies = await Promise.all(sockets.map((s) => command<{ holder: { name: string } }>(s, { type: 'claimRole', incidentId: id, role: 'commander' })));

    const winners = replies.filter((r) => r.ok);
    const losers = replies.filter((r) => !r.ok);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(9);
    const holder = winners[0]!.ok ? winners[0]!.data.holder.name : '';
    for (const r of losers) {
      if (r.ok) continue;
      expect(r.error.code).toBe('conflict');
      expect(r.error.holder?.name).toBe(holder);
      expect(r.error.message).toContain(holder);
    }

    const detail = await server.api('GET', `/api/incidents/${id}`);
    expect(detail.body.roles.commander.name).toBe(holder);
    expect(detail.body.commander.name).toBe(holder);
    const exported = await server.api('GET', `/api/incidents/${id}/export.json`);
    const claims = exported.body.events.filter((e: { type: string }) => e.type === 'role.claimed');
    expect(claims).toHaveLength(1);
    for (const s of sockets) s.disconnect();
  });

  it('release and hand-off are events, and only the holder may do them', async () => {
    const id = await declareIncident(server);
    const aliceToken = await tokenFor(server, id, 'Alice');
    const bobToken = await tokenFor(server, id, 'Bob');
    const [alice, bob] = await Promise.all([connectSocket(server.url, aliceToken), connectSocket(server.url, bobToken)]);
    expect((await command(alice, { type: 'claimRole', incidentId: id, role: 'scribe' })).ok).toBe(true);
    const bobRelease = await command(bob, { type: 'releaseRole', incidentId: id, role: 'scribe' });
    expect(bobRelease.ok).toBe(false);
    if (!bobRelease.ok) expect(bobRelease.error.message).toContain('Alice');

    const bobSession = await server.api('GET', '/api/session', undefined, bobToken);
    const handOff = await command<{ holder: { name: string } }>(alice, {
      type: 'handOffRole',
      incidentId: id,
      role: 'scribe',
      toUserId: bobSession.body.userId,
      note: 'context: DB failover in progress',
    });
    expect(handOff.ok && handOff.data.holder.name).toBe('Bob');
    expect((await command(bob, { type: 'releaseRole', incidentId: id, role: 'scribe' })).ok).toBe(true);

    const events = (await server.api('GET', `/api/incidents/${id}/export.json`)).body.events as Array<{ type: string; note?: string }>;
    expect(events.map((e) => e.type)).toEqual(['declared', 'role.claimed', 'role.handedOff', 'role.released']);
    expect(events[2]!.note).toBe('context: DB failover in progress');
    alice.disconnect();
    bob.disconnect();
  });
});
