import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { command, connectSocket } from '../helpers/clients.ts';
import { declareIncident, tokenFor } from '../helpers/incidents.ts';

describe('invalid commands are refused with a reason and change nothing', () => {
  let server: TestServer;
  let id: string;
  let otherId: string;
  let before: unknown;
  beforeAll(async () => {
    server = await startTestServer();
    id = await declareIncident(server);
    otherId = await declareIncident(server, 'Other incident');
    before = (await server.api('GET', `/api/incidents/${id}/export.json`)).body.events;
  });
  afterAll(() => server.close());

  const cases: Array<[string, Record<string, unknown>, RegExp]> = [
    ['unknown role', { type: 'claimRole', role: 'boss' }, /unknown role "boss": expected one of primary, secondary, commander, comms, scribe/],
    ['bad severity', { type: 'setSeverity', severity: 'SEV0' }, /no severity "SEV0" in this incident: one of SEV1, SEV2, SEV3, SEV4/],
    ['bad status', { type: 'setStatus', status: 'fixed' }, /no status "fixed" in this incident: one of investigating, identified, monitoring, resolved/],
    ['missing fields', { type: 'handOffRole', role: 'scribe' }, /toUserId is required/],
    ['unknown command', { type: 'dropDatabase' }, /type must be one of declare, claimRole/],
    ['unknown field', { type: 'acknowledge', extra: 1 }, /unknown field\(s\): extra/],
    ['empty update', { type: 'publishUpdate', text: '   ' }, /text must not be empty/],
  ];

  it.each(cases)('over socket.io: %s', async (_name, cmd, message) => {
    const socket = await connectSocket(server.url, await tokenFor(server, id, 'Responder'));
    const reply = await command(socket, { ...cmd, incidentId: id });
    socket.disconnect();
    expect(reply.ok).toBe(false);
    if (!reply.ok) {
      expect(reply.error.code).toBe('invalid');
      expect(reply.error.message).toMatch(message);
    }
  });

  it.each(cases)('over REST: %s', async (_name, cmd, message) => {
    const res = await server.api('POST', `/api/incidents/${id}/commands`, cmd);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
  });

  it('wrong access: a token scoped to another incident, and a stakeholder', async () => {
    const scoped = await tokenFor(server, otherId, 'Elsewhere');
    const res = await server.api('POST', `/api/incidents/${id}/commands`, { type: 'claimRole', role: 'commander' }, scoped);
    expect(res).toMatchObject({ status: 403, body: { error: { message: 'this token is for another incident' } } });
    const socket = await connectSocket(server.url, scoped);
    const reply = await command(socket, { type: 'claimRole', incidentId: id, role: 'commander' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const declared = await command(socket, { type: 'declare', title: 'x', severity: 'SEV3' });
    expect(declared).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    socket.disconnect();
    const stakeholder = await tokenFor(server, id, 'Watcher', 'stakeholder');
    const refused = await server.api('POST', `/api/incidents/${id}/commands`, { type: 'acknowledge' }, stakeholder);
    expect(refused).toMatchObject({ status: 403, body: { error: { message: 'stakeholder links are read-only' } } });
  });

  it('bad bodies and unknown incidents', async () => {
    expect((await server.api('POST', '/api/incidents', '{"title": "x",')).status).toBe(400);
    expect((await server.api('POST', '/api/incidents', '[1,2]')).body.error.message).toBe('body must be a JSON object');
    expect((await server.api('POST', '/api/incidents', '{"title":"x","severity":"SEV1","__proto__":{"admin":true}}')).body.error.message).toMatch(
      /unknown field\(s\): __proto__/,
    );
    expect((await server.api('GET', '/api/incidents/inc-00000000')).status).toBe(404);
    expect((await server.api('POST', '/api/incidents/inc-00000000/commands', { type: 'acknowledge' })).status).toBe(404);
    expect((await server.api('POST', '/api/incidents', { title: 'x'.repeat(100_000), severity: 'SEV1' })).status).toBe(413);
  });

  it('left the incident as it was', async () => {
    const after = await server.api('GET', `/api/incidents/${id}/export.json`);
    expect(after.body.events).toEqual(before);
    expect(after.body.roles).toEqual({});
    expect(after.body.incident.severity).toBe('SEV2');
    expect((await server.api('GET', '/api/incidents')).body.incidents).toHaveLength(2);
  });
});
