/**
 * The dead man's switch (issue 16), on a test clock: heartbeats (POST /api/heartbeat, or
 * Alertmanager's Watchdog alert) keep it quiet; a silence as long as HEARTBEAT_TIMEOUT_SEC makes
 * the room declare its own incident for HEARTBEAT_SERVICE, which pages that service's primary.
 *
 * To show that nothing happened, a test waits for a witness: the escalation of an incident
 * declared for that purpose, due at the moment in question. The scheduler looks at the switch
 * before the timers in every poll, at the same time, so once the witness has escalated the
 * switch has looked too.
 */
import fs from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import type { Socket } from 'socket.io-client';
import { startTestServer, tempDataDir } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { TestClock } from '../helpers/testClock.ts';
import { connectSocket } from '../helpers/clients.ts';
import { tokenFor } from '../helpers/incidents.ts';
import { scrape } from '../helpers/prometheusText.ts';
import { ConfigError, loadConfig } from '../../server/config.ts';
import type { Config } from '../../server/config.ts';

const MINUTE = 60_000;
const TIMEOUT = 5 * MINUTE;
/** The witness escalates this long after it is declared. */
const WITNESS_AFTER = 8 * MINUTE;
const SWITCH_ON = { HEARTBEAT_TIMEOUT_SEC: String(TIMEOUT / 1000), HEARTBEAT_SERVICE: 'alerting' };
const overrides: Partial<Config> = { lifecycle: { ...loadConfig({}).lifecycle, escalateAfterMs: WITNESS_AFTER } };
const SILENCE_TITLE = /^No heartbeat from the alert pipeline since /;

const fixture = () => JSON.parse(fs.readFileSync(new URL('../fixtures/alertmanager-v4.json', import.meta.url), 'utf8'));

/** Alertmanager's notification of its always-firing Watchdog alert (kube-prometheus's rule). */
function watchdogNotification(): any {
  const n = fixture();
  const labels = { alertname: 'Watchdog', severity: 'none', prometheus: 'monitoring/k8s' };
  const annotations = { summary: 'An alert that should always be firing to certify that Alertmanager is working properly.' };
  n.alerts = [{ ...n.alerts[0], labels, annotations, fingerprint: 'e3a9c1d2b4f50617', generatorURL: 'http://prometheus.example.org:9090/graph?g0.expr=vector%281%29' }];
  n.groupLabels = { alertname: 'Watchdog' };
  n.commonLabels = labels;
  n.commonAnnotations = annotations;
  n.groupKey = '{}/{alertname="Watchdog"}:{alertname="Watchdog"}';
  return n;
}

async function start(clock: TestClock, dataDir = tempDataDir()): Promise<TestServer> {
  return startTestServer({ dataDir, ...overrides }, SWITCH_ON, { clock });
}

/** Puts a person on call as the primary of the switch's service; returns their socket, where pages arrive. */
async function onCallPrimary(server: TestServer): Promise<Socket> {
  const scratch = (await server.api('POST', '/api/incidents', { title: 'setup', severity: 'SEV4' })).body.id;
  const token = await tokenFor(server, scratch, 'Pat Primary');
  const userId = (await server.api('GET', '/api/session', undefined, token)).body.userId;
  expect((await server.api('PUT', '/api/services/alerting', { primary: { userId, name: 'Pat Primary' } })).status).toBe(200);
  return connectSocket(server.url, token);
}

const silenceIncidents = async (server: TestServer) =>
  ((await server.api('GET', '/api/incidents')).body.incidents as any[]).filter((i) => SILENCE_TITLE.test(i.title));
const exportOf = async (server: TestServer, id: string) => (await server.api('GET', `/api/incidents/${id}/export.json`)).body;
const eventTypes = async (server: TestServer, id: string) => ((await exportOf(server, id)).events as any[]).map((e) => e.type);
const heartbeat = async (server: TestServer) => expect((await server.api('POST', '/api/heartbeat')).status).toBe(200);
const until = (check: () => Promise<void>) => vi.waitFor(check, { timeout: 10_000, interval: 20 });

/** Declares a witness now; `passed()` waits until it escalated, WITNESS_AFTER from now. */
async function witness(server: TestServer): Promise<{ passed: () => Promise<void> }> {
  const id = (await server.api('POST', '/api/incidents', { title: 'witness', severity: 'SEV4' })).body.id;
  return { passed: () => until(async () => expect(await eventTypes(server, id)).toContain('escalated')) };
}

/** The one silence incident, once the switch has declared it. */
async function declaredSilence(server: TestServer): Promise<any> {
  await until(async () => expect(await silenceIncidents(server)).toHaveLength(1));
  return (await silenceIncidents(server))[0];
}

const utc = (ms: number) => `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;

describe("dead man's switch", () => {
  it('heartbeats keep it quiet; a silence as long as the timeout declares an incident for the service and pages its primary', async () => {
    const clock = new TestClock();
    const server = await start(clock);
    const primary = await onCallPrimary(server);
    const paged = new Promise<any>((resolve) => primary.once('page', resolve));

    const quiet = await witness(server);
    clock.advance(4 * MINUTE);
    await heartbeat(server);
    const lastBeat = clock.now();
    clock.advance(4 * MINUTE);
    // Eight minutes since the switch was armed, four since the last heartbeat.
    await quiet.passed();
    expect(await silenceIncidents(server)).toEqual([]);

    clock.advance(TIMEOUT - 4 * MINUTE);
    const page = await paged;
    const incident = await declaredSilence(server);
    expect(incident).toMatchObject({ title: `No heartbeat from the alert pipeline since ${utc(lastBeat)}`, service: 'alerting', severity: 'SEV2', status: 'investigating' });
    expect(page).toMatchObject({ incidentId: incident.id, reason: 'declared', target: { name: 'Pat Primary' } });
    const x = await exportOf(server, incident.id);
    expect(x.incident.summary).toContain(`The last heartbeat (POST /api/heartbeat) arrived at ${utc(lastBeat)}`);
    expect(x.events.map((e: any) => e.type)).toEqual(['declared', 'role.assigned', 'paged', 'heartbeat.missed']);
    expect(x.events.at(-1)).toMatchObject({ lastAt: lastBeat, via: 'api' });
    primary.disconnect();
    await server.close();
  });

  it('one silence raises one incident; heartbeats resuming are recorded on it without resolving it, and a later silence while it is open opens no other', async () => {
    const clock = new TestClock();
    const server = await start(clock);
    clock.advance(TIMEOUT);
    const incident = await declaredSilence(server);
    // The silence goes on long past the timeout: still one incident, one firing.
    const later = await witness(server);
    clock.advance(WITNESS_AFTER);
    await later.passed();
    expect(await silenceIncidents(server)).toHaveLength(1);
    expect((await eventTypes(server, incident.id)).filter((t) => t === 'heartbeat.missed')).toHaveLength(1);

    await heartbeat(server);
    expect(await eventTypes(server, incident.id)).toContain('heartbeat.resumed');
    expect((await exportOf(server, incident.id)).incident.status).toBe('investigating');

    clock.advance(TIMEOUT);
    await until(async () => expect((await eventTypes(server, incident.id)).filter((t) => t === 'heartbeat.missed')).toHaveLength(2));
    expect(await silenceIncidents(server)).toHaveLength(1);

    // Once a person resolved it, the next silence is news again.
    expect((await server.api('POST', `/api/incidents/${incident.id}/commands`, { type: 'setStatus', status: 'resolved' })).status).toBe(200);
    await heartbeat(server);
    clock.advance(TIMEOUT);
    await until(async () => expect((await silenceIncidents(server)).map((i) => i.id)).toHaveLength(2));
    await server.close();
  });

  it("Alertmanager's Watchdog alert is a heartbeat and opens nothing", async () => {
    const clock = new TestClock();
    const server = await start(clock);
    const quiet = await witness(server);
    clock.advance(4 * MINUTE);
    const res = await server.api('POST', '/api/alerts/alertmanager', watchdogNotification());
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ incidentId: null, created: false, heartbeat: true });
    const lastBeat = clock.now();
    clock.advance(4 * MINUTE);
    await quiet.passed();
    expect((await server.api('GET', '/api/incidents')).body.incidents.map((i: any) => i.title)).toEqual(['witness']);

    clock.advance(TIMEOUT - 4 * MINUTE);
    const incident = await declaredSilence(server);
    expect((await exportOf(server, incident.id)).incident.summary).toContain(`The last heartbeat (Alertmanager's Watchdog alert) arrived at ${utc(lastBeat)}`);
    // Its next delivery ends the silence.
    await server.api('POST', '/api/alerts/alertmanager', watchdogNotification());
    expect(await eventTypes(server, incident.id)).toContain('heartbeat.resumed');
    await server.close();
  });

  it('a Watchdog grouped with a real alert: the real one opens its incident, the Watchdog only beats', async () => {
    const clock = new TestClock();
    const server = await start(clock);
    const mixed = fixture();
    mixed.alerts.push(watchdogNotification().alerts[0]);
    mixed.groupKey = '{}:{}';
    const res = await server.api('POST', '/api/alerts/alertmanager', mixed);
    expect(res.body).toMatchObject({ created: true, heartbeat: true });
    const x = await exportOf(server, res.body.incidentId);
    expect(x.alerts.map((a: any) => a.name)).toEqual(['ProbeFailure']);
    expect((await scrape(server, server.adminToken)).value('incident_room_heartbeat_age_seconds', { via: 'alertmanager' })).toBe(0);
    await server.close();
  });

  it('survives a restart: the silence is a row, found by the next start', async () => {
    const clock = new TestClock();
    const dataDir = tempDataDir();
    const first = await start(clock, dataDir);
    await heartbeat(first);
    const lastBeat = clock.now();
    await first.close();
    clock.advance(TIMEOUT + MINUTE);
    const second = await start(clock, dataDir);
    const incident = await declaredSilence(second);
    expect(incident.title).toBe(`No heartbeat from the alert pipeline since ${utc(lastBeat)}`);
    await second.close();
    // The silence was raised once; another start does not raise it again.
    const third = await start(clock, dataDir);
    const check = await witness(third);
    clock.advance(WITNESS_AFTER);
    await check.passed();
    expect(await silenceIncidents(third)).toHaveLength(1);
    await third.close();
  });

  it('the age of the last heartbeat is a metric; POST /api/heartbeat takes the API token only', async () => {
    const clock = new TestClock();
    const server = await start(clock);
    expect((await scrape(server, server.adminToken)).family('incident_room_heartbeat_age_seconds').metrics).toEqual([]);
    await heartbeat(server);
    clock.advance(90_000);
    expect((await scrape(server, server.adminToken)).value('incident_room_heartbeat_age_seconds', { via: 'api' })).toBe(90);

    const scratch = (await server.api('POST', '/api/incidents', { title: 'setup', severity: 'SEV4' })).body.id;
    const responder = await server.api('POST', '/api/heartbeat', undefined, await tokenFor(server, scratch, 'Ada'));
    expect(responder.status).toBe(403);
    expect(responder.body.error.message).toBe('a heartbeat needs an admin or the API token');
    expect((await server.api('POST', '/api/heartbeat', undefined, 'not-a-token-anyone-holds')).status).toBe(401);
    clock.advance(10_000);
    await server.api('POST', '/api/alerts/alertmanager', watchdogNotification());
    clock.advance(5_000);
    expect((await scrape(server, server.adminToken)).family('incident_room_heartbeat_age_seconds').metrics).toEqual([{ labels: { via: 'alertmanager' }, value: '5' }]);
    await server.close();
  });

  it('is off by default, and on only with a service to page', async () => {
    expect(loadConfig({}).heartbeat).toBeNull();
    expect(() => loadConfig({ HEARTBEAT_TIMEOUT_SEC: '300' })).toThrow(ConfigError);
    expect(loadConfig(SWITCH_ON).heartbeat).toEqual({ timeoutMs: TIMEOUT, service: 'alerting', severity: 'SEV2' });
    // Off, a Watchdog still opens nothing.
    const server = await startTestServer();
    expect((await server.api('POST', '/api/alerts/alertmanager', watchdogNotification())).body).toMatchObject({ incidentId: null, heartbeat: true });
    expect((await server.api('GET', '/api/incidents')).body.incidents).toEqual([]);
    await server.close();
  });
});
