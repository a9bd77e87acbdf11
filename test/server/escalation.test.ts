/** Escalation and update reminders with short configured timeouts; timers survive restarts and fire once. */
import { describe, expect, it } from 'vitest';
import { startTestServer, tempDataDir } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { command, connectSocket } from '../helpers/clients.ts';
import { tokenFor } from '../helpers/incidents.ts';
import { loadConfig } from '../../server/config.ts';
import type { Config } from '../../server/config.ts';

const base = loadConfig({});
const lifecycle = (escalateAfterMs: number, cadenceMs = 3_600_000): Config['lifecycle'] => ({
  ...base.lifecycle,
  escalateAfterMs,
  updateCadenceMs: { SEV1: cadenceMs, SEV2: cadenceMs, SEV3: cadenceMs, SEV4: cadenceMs },
});

async function rosterOf(server: TestServer): Promise<{ primaryToken: string; secondaryToken: string }> {
  const scratch = (await server.api('POST', '/api/incidents', { title: 'setup', severity: 'SEV4' })).body.id;
  const primaryToken = await tokenFor(server, scratch, 'Pat Primary');
  const secondaryToken = await tokenFor(server, scratch, 'Sam Secondary');
  const id = async (t: string) => (await server.api('GET', '/api/session', undefined, t)).body.userId;
  await server.api('PUT', '/api/services/api', {
    primary: { userId: await id(primaryToken), name: 'Pat Primary' },
    secondary: { userId: await id(secondaryToken), name: 'Sam Secondary' },
  });
  return { primaryToken, secondaryToken };
}

const events = async (server: TestServer, id: string) => (await server.api('GET', `/api/incidents/${id}/export.json`)).body.events as any[];

describe('escalation', () => {
  it('pages the secondary when the primary does not acknowledge in time', async () => {
    const server = await startTestServer({ lifecycle: lifecycle(300) });
    const { secondaryToken } = await rosterOf(server);
    const secondary = await connectSocket(server.url, secondaryToken);
    const paged = new Promise<any>((resolve) => secondary.once('page', resolve));
    const id = (await server.api('POST', '/api/incidents', { title: 'API 5xx', severity: 'SEV2', service: 'api' })).body.id;
    expect(await paged).toMatchObject({ incidentId: id, reason: 'escalation', target: { name: 'Sam Secondary' } });
    const timeline = await events(server, id);
    expect(timeline.filter((e) => e.type === 'escalated')).toMatchObject([{ from: { name: 'Pat Primary' }, to: { name: 'Sam Secondary' }, afterMs: 300 }]);
    expect(timeline.filter((e) => e.type === 'paged').map((e) => e.reason)).toEqual(['declared', 'escalation']);
    secondary.disconnect();
    await server.close();
  });

  it('does not escalate once acknowledged', async () => {
    const server = await startTestServer({ lifecycle: lifecycle(400) });
    await rosterOf(server);
    const id = (await server.api('POST', '/api/incidents', { title: 'API latency', severity: 'SEV2', service: 'api' })).body.id;
    expect((await server.api('POST', `/api/incidents/${id}/commands`, { type: 'acknowledge' })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 700));
    expect((await events(server, id)).some((e) => e.type === 'escalated')).toBe(false);
    await server.close();
  });

  it('a pending escalation survives a restart and fires exactly once', async () => {
    const dataDir = tempDataDir();
    const first = await startTestServer({ dataDir, lifecycle: lifecycle(600) });
    await rosterOf(first);
    const id = (await first.api('POST', '/api/incidents', { title: 'Queue stuck', severity: 'SEV1', service: 'api' })).body.id;
    await first.close();
    await new Promise((r) => setTimeout(r, 700));
    // Due while the server was down: it fires on start, once.
    const second = await startTestServer({ dataDir, lifecycle: lifecycle(600) });
    await new Promise((r) => setTimeout(r, 200));
    expect((await events(second, id)).filter((e) => e.type === 'escalated')).toHaveLength(1);
    await second.close();
    const third = await startTestServer({ dataDir, lifecycle: lifecycle(600) });
    await new Promise((r) => setTimeout(r, 300));
    expect((await events(third, id)).filter((e) => e.type === 'escalated')).toHaveLength(1);
    await third.close();
  });
});

describe('update cadence', () => {
  it('reminds comms when no update is published in time, and shows when the next is due', async () => {
    const server = await startTestServer({ lifecycle: lifecycle(3_600_000, 400) });
    const id = (await server.api('POST', '/api/incidents', { title: 'Login errors', severity: 'SEV2' })).body.id;
    const commsToken = await tokenFor(server, id, 'Casey Comms');
    const comms = await connectSocket(server.url, commsToken);
    expect((await command(comms, { type: 'claimRole', incidentId: id, role: 'comms' })).ok).toBe(true);
    const declared = (await server.api('GET', `/api/incidents/${id}/export.json`)).body.incident;
    expect(declared.nextUpdateDue).toBe(declared.createdAt + 400);

    const reminder = new Promise<any>((resolve) => comms.once('reminder', resolve));
    expect(await reminder).toMatchObject({ incidentId: id, title: 'Login errors' });
    expect((await events(server, id)).find((e) => e.type === 'update.reminder')).toMatchObject({ to: { name: 'Casey Comms' } });

    const published = await command<{ update: { at: number } }>(comms, { type: 'publishUpdate', incidentId: id, text: 'Investigating login errors.' });
    expect(published.ok).toBe(true);
    const after = (await server.api('GET', `/api/incidents/${id}/export.json`)).body.incident;
    expect(after.nextUpdateDue).toBe((published as any).data.update.at + 400);

    expect((await command(comms, { type: 'setStatus', incidentId: id, status: 'resolved' })).ok).toBe(true);
    expect((await server.api('GET', `/api/incidents/${id}/export.json`)).body.incident.nextUpdateDue).toBeNull();
    comms.disconnect();
    await server.close();
  });
});
