/** Issue 11: the roster's free-text name became the role holder's name on the timeline; names now come from the account. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { signIn } from '../helpers/sessions.ts';

describe('names on the roster', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('stores and shows the account name, whatever name the request gives', async () => {
    const carla = await signIn(server, 'Carla');
    const put = await server.api('PUT', '/api/services/search', {
      primary: { userId: carla.session.userId, name: 'The CEO' },
      smes: [{ userId: carla.session.userId, name: 'Someone Else', domain: 'search' }, { name: 'Off-roster Dana', domain: 'db' }],
    });
    expect(put.status).toBe(200);
    expect(put.body.primary).toEqual({ userId: carla.session.userId, name: 'Carla' });
    expect(put.body.smes.map((s: { name: string }) => s.name)).toEqual(['Carla', 'Off-roster Dana']);

    const declared = await server.api('POST', '/api/incidents', { title: 'Search down', severity: 'SEV2', service: 'search' });
    const detail = (await server.api('GET', `/api/incidents/${declared.body.id}`)).body;
    expect(detail.roles.primary.name).toBe('Carla');
    const timeline = (await server.api('GET', `/api/incidents/${declared.body.id}/export.json`)).body;
    expect(JSON.stringify(timeline)).not.toContain('The CEO');
  });
});
