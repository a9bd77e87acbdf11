/**
 * Escalation and update reminders, on a test clock: time moves when the test moves it. Timers
 * survive restarts and fire once.
 */
import { describe, expect, it, vi } from 'vitest';
import { startTestServer, tempDataDir } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { TestClock } from '../helpers/testClock.ts';
import { command, connectSocket } from '../helpers/clients.ts';
import { tokenFor } from '../helpers/incidents.ts';
import { loadConfig } from '../../server/config.ts';
import type { Config } from '../../server/config.ts';

const base = loadConfig({});
const lifecycle = (escalateAfterMs: number): Config['lifecycle'] => ({ ...base.lifecycle, escalateAfterMs });
/** Every severity of the default model with the same update cadence. */
const cadenceEnv = (minutes: number) => ({ UPDATE_CADENCE_MINUTES: `SEV1=${minutes},SEV2=${minutes},SEV3=${minutes},SEV4=${minutes}` });

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
const declare = async (server: TestServer, title: string) => (await server.api('POST', '/api/incidents', { title, severity: 'SEV2', service: 'api' })).body.id as string;
const escalations = async (server: TestServer, id: string) => (await events(server, id)).filter((e) => e.type === 'escalated');
/** Until the incident has escalated (the scheduler fires at its next poll after the clock moved). */
const escalated = (server: TestServer, id: string) => vi.waitFor(async () => expect(await escalations(server, id)).not.toHaveLength(0), { timeout: 10_000, interval: 20 });

const MINUTE = 60_000;

describe('escalation', () => {
  it('pages the secondary when the primary does not acknowledge in time', async () => {
    const clock = new TestClock();
    const server = await startTestServer({ lifecycle: lifecycle(5 * MINUTE) }, cadenceEnv(60), { clock });
    const { secondaryToken } = await rosterOf(server);
    const secondary = await connectSocket(server.url, secondaryToken);
    const paged = new Promise<any>((resolve) => secondary.once('page', resolve));
    const id = await declare(server, 'API 5xx');
    clock.advance(5 * MINUTE);
    expect(await paged).toMatchObject({ incidentId: id, reason: 'escalation', target: { name: 'Sam Secondary' } });
    const timeline = await events(server, id);
    expect(timeline.filter((e) => e.type === 'escalated')).toMatchObject([{ from: { name: 'Pat Primary' }, to: { name: 'Sam Secondary' }, afterMs: 5 * MINUTE }]);
    expect(timeline.filter((e) => e.type === 'paged').map((e) => e.reason)).toEqual(['declared', 'escalation']);
    secondary.disconnect();
    await server.close();
  });

  it('does not escalate once acknowledged', async () => {
    const clock = new TestClock();
    const server = await startTestServer({ lifecycle: lifecycle(5 * MINUTE) }, cadenceEnv(60), { clock });
    await rosterOf(server);
    const acknowledged = await declare(server, 'API latency');
    expect((await server.api('POST', `/api/incidents/${acknowledged}/commands`, { type: 'acknowledge' })).status).toBe(200);
    // Falls due a second after the acknowledged one would have: its escalation shows the
    // scheduler has worked through every timer due before it.
    clock.advance(1000);
    const witness = await declare(server, 'API errors');
    clock.advance(5 * MINUTE);
    await escalated(server, witness);
    expect(await escalations(server, acknowledged)).toEqual([]);
    await server.close();
  });

  it('a pending escalation survives a restart and fires exactly once', async () => {
    const clock = new TestClock();
    const dataDir = tempDataDir();
    const start = () => startTestServer({ dataDir, lifecycle: lifecycle(10 * MINUTE) }, cadenceEnv(60), { clock });
    const first = await start();
    await rosterOf(first);
    const id = await declare(first, 'Queue stuck');
    await first.close();
    // Due while the server was down: it fires on start.
    clock.advance(11 * MINUTE);
    const second = await start();
    await escalated(second, id);
    const witness = await declare(second, 'Disk full');
    await second.close();
    // The next start fires the witness, due after the first: the first is not fired again.
    clock.advance(11 * MINUTE);
    const third = await start();
    await escalated(third, witness);
    expect(await escalations(third, id)).toHaveLength(1);
    await third.close();
  });
});

describe('update cadence', () => {
  it('reminds comms when no update is published in time, and shows when the next is due', async () => {
    const clock = new TestClock();
    const cadence = 30 * MINUTE;
    const server = await startTestServer({ lifecycle: lifecycle(3_600_000) }, cadenceEnv(cadence / MINUTE), { clock });
    const id = (await server.api('POST', '/api/incidents', { title: 'Login errors', severity: 'SEV2' })).body.id;
    const commsToken = await tokenFor(server, id, 'Casey Comms');
    const comms = await connectSocket(server.url, commsToken);
    expect((await command(comms, { type: 'claimRole', incidentId: id, role: 'comms' })).ok).toBe(true);
    const declared = (await server.api('GET', `/api/incidents/${id}/export.json`)).body.incident;
    expect(declared.nextUpdateDue).toBe(declared.createdAt + cadence);

    const reminder = new Promise<any>((resolve) => comms.once('reminder', resolve));
    clock.advance(cadence);
    expect(await reminder).toMatchObject({ incidentId: id, title: 'Login errors' });
    expect((await events(server, id)).find((e) => e.type === 'update.reminder')).toMatchObject({ to: { name: 'Casey Comms' } });

    clock.advance(MINUTE);
    const published = await command<{ update: { at: number } }>(comms, { type: 'publishUpdate', incidentId: id, text: 'Investigating login errors.' });
    expect(published.ok).toBe(true);
    const after = (await server.api('GET', `/api/incidents/${id}/export.json`)).body.incident;
    expect((published as any).data.update.at).toBe(clock.now());
    expect(after.nextUpdateDue).toBe(clock.now() + cadence);

    expect((await command(comms, { type: 'setStatus', incidentId: id, status: 'resolved' })).ok).toBe(true);
    expect((await server.api('GET', `/api/incidents/${id}/export.json`)).body.incident.nextUpdateDue).toBeNull();
    comms.disconnect();
    await server.close();
  });
});
