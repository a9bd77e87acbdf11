/**
 * What acknowledged and resolved mean (issue 12): a person declaring by hand acknowledges; the
 * API token does not; resolving acknowledges an unacknowledged incident; a resolved incident is
 * closed to role, severity and expert changes until reopened, while the final stakeholder update
 * and reopening stay possible.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { declareIncident } from '../helpers/incidents.ts';
import { signIn } from '../helpers/sessions.ts';
import type { SignedIn } from '../helpers/sessions.ts';

describe('resolution and acknowledgement rules', () => {
  let server: TestServer;
  let ana: SignedIn;

  beforeAll(async () => {
    server = await startTestServer();
    ana = await signIn(server, 'Ana Responder');
  });
  afterAll(() => server?.close());

  const run = (id: string, cmd: Record<string, unknown>, who: SignedIn | null = ana) =>
    who ? who.api('POST', `/api/incidents/${id}/commands`, cmd) : server.api('POST', `/api/incidents/${id}/commands`, cmd);
  const exported = async (id: string) => (await server.api('GET', `/api/incidents/${id}/export.json`)).body;

  it('counts declaring by hand, paging nobody, as the declarer acknowledging; an API declaration or one that pages on-call is not', async () => {
    const byHand = await ana.api('POST', '/api/incidents', { title: 'Seen it myself', severity: 'SEV2' });
    expect(byHand.status).toBe(201);
    const mine = await exported(byHand.body.id);
    expect(mine.incident.acknowledgedAt).toBeGreaterThanOrEqual(mine.incident.createdAt);
    expect(mine.incident.acknowledgedBy).toMatchObject({ id: ana.session.userId, name: 'Ana Responder' });
    expect(mine.events.map((e: { type: string }) => e.type)).toEqual(['declared', 'acknowledged']);

    const automated = await exported(await declareIncident(server, 'From an alert'));
    expect(automated.incident.acknowledgedAt).toBeNull();

    // With an on-call primary paged, acknowledging is theirs (the time to acknowledge measures the page).
    const oncall = await signIn(server, 'Omar Oncall');
    expect((await server.api('PUT', '/api/services/search', { primary: { userId: oncall.session.userId, name: 'Omar Oncall' } })).status).toBe(200);
    const paging = await ana.api('POST', '/api/incidents', { title: 'Search down', severity: 'SEV2', service: 'search' });
    const paged = await exported(paging.body.id);
    expect(paged.pages).toHaveLength(1);
    expect(paged.incident.acknowledgedAt).toBeNull();
  });

  it('acknowledges on resolution when nobody did, then keeps roles, severity and experts as they ended', async () => {
    const id = await declareIncident(server, 'Quietly fixed');
    expect((await run(id, { type: 'claimRole', role: 'comms' })).status).toBe(200);
    expect((await run(id, { type: 'setStatus', status: 'resolved' })).status).toBe(200);
    const resolved = await exported(id);
    expect(resolved.incident.acknowledgedBy).toMatchObject({ name: 'Ana Responder' });
    expect(resolved.incident.acknowledgedAt).toBe(resolved.incident.resolvedAt);

    for (const cmd of [
      { type: 'claimRole', role: 'scribe' },
      { type: 'releaseRole', role: 'comms' },
      { type: 'setSeverity', severity: 'SEV1' },
      { type: 'addSme', name: 'Priya', domain: 'database' },
    ]) {
      const refused = await run(id, cmd);
      expect(refused.status, cmd.type).toBe(409);
      expect(refused.body.error.message).toContain('this incident is resolved');
    }
    // The final word to stakeholders, and reopening, remain.
    expect((await run(id, { type: 'publishUpdate', text: 'Resolved: all payments flowing since 04:10 UTC' })).status).toBe(200);
    expect((await run(id, { type: 'setStatus', status: 'monitoring' })).status).toBe(200);
    expect((await run(id, { type: 'claimRole', role: 'scribe' })).status).toBe(200);
  });
});
