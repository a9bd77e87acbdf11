/**
 * Issue 11: a per-incident token reaches its own incident's data and nothing organisation-wide;
 * it cannot mint or revoke tokens; a token never outlives the credential that made it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { declareIncident, tokenFor } from '../helpers/incidents.ts';
import { signIn } from '../helpers/sessions.ts';

describe('least privilege for per-incident tokens', () => {
  let server: TestServer;
  let id: string;
  let other: string;
  beforeAll(async () => {
    server = await startTestServer();
    id = await declareIncident(server, 'Ours');
    other = await declareIncident(server, 'Someone else’s');
    await server.api('PUT', '/api/services/payments', { webhooks: ['https://hooks.example.com/secret-path'] });
  });
  afterAll(() => server.close());

  it('a responder or stakeholder link cannot mint, list or revoke tokens', async () => {
    const stakeholderLink = await server.api('POST', `/api/incidents/${id}/tokens`, { access: 'stakeholder', name: 'Board' });
    for (const access of ['responder', 'stakeholder'] as const) {
      const token = await tokenFor(server, id, `Link ${access}`, access);
      const minted = await server.api('POST', `/api/incidents/${id}/tokens`, { access: 'responder', name: 'Forever' }, token);
      expect(minted.status).toBe(403);
      expect((await server.api('GET', `/api/incidents/${id}/tokens`, undefined, token)).status).toBe(403);
      const revoke = await server.api('DELETE', `/api/incidents/${id}/tokens/${stakeholderLink.body.id}`, undefined, token);
      expect(revoke.status).toBe(403);
    }
    // The stakeholder link still works: nothing was revoked.
    expect((await server.api('GET', `/api/incidents/${id}`, undefined, stakeholderLink.body.token)).status).toBe(200);
  });

  it('a per-incident token reads its own incident, not the organisation', async () => {
    const token = await tokenFor(server, id, 'Scoped');
    for (const path of ['/api/services', '/api/services/payments', '/api/users', '/api/metrics', '/api/audit']) {
      const res = await server.api('GET', path, undefined, token);
      expect(res.status, path).toBe(403);
      expect(JSON.stringify(res.body)).not.toContain('secret-path');
    }
    expect((await server.api('PUT', '/api/services/payments', { webhooks: [] }, token)).status).toBe(403);
    expect((await server.api('POST', '/api/incidents', { title: 'x', severity: 'SEV4' }, token)).status).toBe(403);
    const list = await server.api('GET', '/api/incidents', undefined, token);
    expect(list.body.incidents.map((i: { id: string }) => i.id)).toEqual([id]);
    expect((await server.api('GET', `/api/incidents/${other}`, undefined, token)).status).toBe(403);
  });

  it('a signed-in responder reads organisation data and mints links that end with their session', async () => {
    const ana = await signIn(server, 'Ana');
    for (const path of ['/api/services', '/api/users', '/api/metrics']) expect((await ana.api('GET', path)).status, path).toBe(200);
    expect((await ana.api('GET', '/api/audit')).status).toBe(403);

    const sessionEnds = (await ana.api('GET', `/api/users/${ana.session.userId}/sessions`)).body.sessions[0].expiresAt as number;
    const forever = await ana.api('POST', `/api/incidents/${id}/tokens`, { access: 'stakeholder', name: 'Exec' });
    expect(forever.status).toBe(201);
    expect(forever.body.expiresAt).toBe(sessionEnds);
    const longer = await ana.api('POST', `/api/incidents/${id}/tokens`, { access: 'stakeholder', name: 'Exec 2', expiresInSeconds: 366 * 24 * 3600 });
    expect(longer.body.expiresAt).toBe(sessionEnds);
    const shorter = await ana.api('POST', `/api/incidents/${id}/tokens`, { access: 'stakeholder', name: 'Exec 3', expiresInSeconds: 60 });
    expect(shorter.body.expiresAt).toBeLessThan(sessionEnds);
    // The API token's links last as asked, or until revoked.
    expect((await server.api('POST', `/api/incidents/${id}/tokens`, { access: 'stakeholder', name: 'Board 2' })).body.expiresAt).toBeNull();
  });
});
