/** MAX_ROOMS_IN_MEMORY: past it, new rooms are refused with a clear error and nothing half-made is left. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { connectDoc, synced } from '../helpers/clients.ts';
import { loadConfig } from '../../server/config.ts';

describe('rooms held in memory', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ roomUnloadGraceMs: 60_000, limits: { ...loadConfig({}).limits, roomsInMemory: 4 } });
  });
  afterAll(() => server.close());

  it('refuses a new incident past the limit with 503 and a reason, and keeps serving the loaded ones', async () => {
    // Declaring loads an incident's state and responder documents: two rooms each.
    const a = (await server.api('POST', '/api/incidents', { title: 'A', severity: 'SEV3' })).body.id;
    const b = (await server.api('POST', '/api/incidents', { title: 'B', severity: 'SEV3' })).body.id;
    const c = await server.api('POST', '/api/incidents', { title: 'C', severity: 'SEV3' });
    expect(c.status).toBe(503);
    expect(c.body.error.message).toMatch(/too many incidents open in memory/);
    expect((await server.api('GET', '/api/incidents')).body.incidents.map((i: { title: string }) => i.title).sort()).toEqual(['A', 'B']);
    const ok = connectDoc(server.wsUrl, a, server.adminToken);
    await synced(ok);
    expect((await server.api('GET', `/api/incidents/${b}`)).status).toBe(200);
    ok.destroy();
  });
});
