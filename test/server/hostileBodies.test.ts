/** Every REST endpoint and socket.io event answers bad bodies with a reason, and stays up. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { connectSocket, rawSocket, closeOf } from '../helpers/clients.ts';
import { declareIncident, tokenFor } from '../helpers/incidents.ts';
import { opened, syncFrame, transcriptUpdate } from '../helpers/frames.ts';

describe('hostile bodies, audit trail and logs', () => {
  let server: TestServer;
  let id: string;
  let logs = '';
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _enc, done) {
        logs += chunk.toString();
        done();
      },
    });
    server = await startTestServer({}, {}, { logger: pino({ level: 'trace' }, sink) });
    id = await declareIncident(server);
  });
  afterAll(() => server.close());

  const endpoints = () => [
    ['POST', '/api/incidents'],
    ['POST', `/api/incidents/${id}/commands`],
    ['POST', `/api/incidents/${id}/tokens`],
    ['POST', '/api/session'],
    ['POST', '/api/invites'],
  ];

  it('invalid JSON, schema violations, __proto__ and oversized bodies on every endpoint', async () => {
    for (const [method, path] of endpoints()) {
      const bad = await server.api(method!, path!, '{"broken": ');
      expect(bad.status, `${path} invalid JSON`).toBe(400);
      expect(bad.body.error.message).toMatch(/invalid JSON body/);
      const schema = await server.api(method!, path!, { type: 123, access: 'root', name: 7, title: ['x'], invite: 5, expiresInSeconds: 'never' });
      expect(schema.status, `${path} schema`).toBe(400);
      expect(schema.body.error.message.length).toBeGreaterThan(5);
      const proto = await server.api(method!, path!, '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}');
      expect(proto.status, `${path} __proto__`).toBe(400);
      const big = await server.api(method!, path!, JSON.stringify({ title: 'x'.repeat(200_000) }));
      expect(big.status, `${path} oversized`).toBe(413);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((await server.api('GET', '/api/incidents')).body.incidents).toHaveLength(1);
  });

  it('junk on every socket.io event is answered or ignored, never fatal', async () => {
    const socket = await connectSocket(server.url, await tokenFor(server, id, 'Junk'));
    for (const payload of [null, 42, 'str', [], { type: '__proto__' }, JSON.parse('{"__proto__":{"x":1},"type":"acknowledge"}'), { type: 'claimRole', incidentId: id, role: 'constructor' }]) {
      const reply = await socket.timeout(5000).emitWithAck('command', payload);
      expect(reply.ok).toBe(false);
      expect(reply.error.code).toBe('invalid');
    }
    socket.emit('command', { type: 'acknowledge', incidentId: id }); // no ack callback
    socket.emit('lobby:watch', 'not a function');
    socket.emit('no-such-event', { a: 1 });
    const still = await socket.timeout(5000).emitWithAck('lobby:watch');
    expect(still.ok).toBe(true);
    socket.disconnect();
  });

  it('records denied writes with who tried, and never logs a token', async () => {
    const stakeholder = await tokenFor(server, id, 'Curious VP', 'stakeholder');
    const ws = rawSocket(`${server.wsUrl}/${id}?token=${stakeholder}`);
    await opened(ws);
    ws.send(syncFrame(2, transcriptUpdate('sneaky')));
    await new Promise((r) => setTimeout(r, 100));
    ws.close();
    await closeOf(ws);
    const responder = await tokenFor(server, id, 'Bob');
    await server.api('POST', `/api/incidents/${id}/commands`, { type: 'claimRole', role: 'commander' });
    await server.api('POST', `/api/incidents/${id}/commands`, { type: 'releaseRole', role: 'commander' }, responder);

    const audit = await server.api('GET', '/api/audit');
    const entries = audit.body.entries as Array<{ action: string; detail: string; userId: string }>;
    const sessionOf = async (t: string) => (await server.api('GET', '/api/session', undefined, t)).body.userId;
    expect(entries).toContainEqual(expect.objectContaining({ action: 'sync.write-denied', userId: await sessionOf(stakeholder) }));
    expect(entries).toContainEqual(expect.objectContaining({ action: 'command.denied', userId: await sessionOf(responder) }));
    expect((await server.api('GET', '/api/audit', undefined, responder)).status).toBe(403);

    // Failed attempts with tokens in every place a token can travel, at trace level.
    await fetch(`${server.url}/api/incidents?token=${stakeholder}`, { headers: { authorization: `Bearer ${responder}` } });
    await closeOf(rawSocket(`${server.wsUrl}/inc-zzzzzzzz?token=${responder}`));
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of [stakeholder, responder, server.adminToken]) expect(logs).not.toContain(secret);
  });
});
