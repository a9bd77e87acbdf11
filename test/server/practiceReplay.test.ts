/**
 * A drill from the past (issue 22): a resolved incident's log replayed into a private practice
 * incident at a chosen speed, paced by durable timers on the test clock. The practice incident
 * ends with the source's alerts, claims and entries in the same order, names itself, and stays out
 * of metrics, webhooks and other people's lobbies; links, per-incident tokens and open sources are
 * refused; a stopped drill receives nothing more.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { TestClock } from '../helpers/testClock.ts';
import { command, connectDoc, connectSocket, eventually, synced } from '../helpers/clients.ts';
import { addTranscriptEntry, until } from '../helpers/cluster.ts';
import { declareIncident, tokenFor } from '../helpers/incidents.ts';
import { signIn } from '../helpers/sessions.ts';
import type { SignedIn } from '../helpers/sessions.ts';
import { startWebhookReceiver } from '../helpers/webhookReceiver.ts';
import type { WebhookReceiver } from '../helpers/webhookReceiver.ts';
import { readTranscript } from '../../shared/responderDoc.ts';

const alert = () => ({ ...JSON.parse(fs.readFileSync(new URL('../fixtures/alertmanager-v4.json', import.meta.url), 'utf8')), groupKey: 'practice-group' });

/** What must replay unchanged: alerts, claims and the rest of the timeline, entries, in order. */
const record = (x: any) => ({
  alerts: x.alerts.map((a: any) => [a.fingerprint, a.status]),
  events: x.events.map((e: any) => [e.type, e.actor?.name ?? null]),
  roles: Object.fromEntries(Object.entries(x.roles).map(([role, h]: [string, any]) => [role, h.name])),
  transcript: x.transcript.map((t: any) => [t.kind, t.text, t.author?.name ?? null]),
});

describe('practice: a drill from the past', () => {
  let server: TestServer;
  let receiver: WebhookReceiver;
  let pat: SignedIn;
  let olga: SignedIn;
  let sourceId: string;
  let irisToken: string;
  const clock = new TestClock({ running: true });
  const exportAs = async (who: SignedIn, id: string) => (await who.api('GET', `/api/incidents/${id}/export.json`)).body;

  beforeAll(async () => {
    server = await startTestServer({}, { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' }, { clock });
    receiver = await startWebhookReceiver();
    expect((await server.api('POST', '/api/webhooks', { url: `${receiver.url}/events`, events: ['*'], secret: 'a-secret-of-this-test-0123456789' })).status).toBe(201);
    pat = await signIn(server, 'Pat');
    olga = await signIn(server, 'Olga');

    // The outage: an alert opens it, Iris claims command; half an hour later (30 s of a 60× drill) she writes two entries and resolves it.
    sourceId = (await server.api('POST', '/api/alerts/alertmanager', alert())).body.incidentId;
    irisToken = await tokenFor(server, sourceId, 'Iris');
    const socket = await connectSocket(server.url, irisToken);
    expect((await command(socket, { type: 'claimRole', incidentId: sourceId, role: 'commander' })).ok).toBe(true);
    clock.advance(30 * 60_000);
    const scribe = connectDoc(server.wsUrl, sourceId, irisToken);
    await synced(scribe);
    addTranscriptEntry(scribe.doc, 'e1', 'probe failing from every region');
    const reader = connectDoc(server.wsUrl, sourceId, irisToken);
    await eventually(() => readTranscript(reader.doc).length === 1, 'the first entry stored');
    clock.advance(30_000);
    addTranscriptEntry(scribe.doc, 'e2', 'rolled back the load balancer config');
    await eventually(() => readTranscript(reader.doc).length === 2, 'the second entry stored');
    expect((await command(socket, { type: 'setStatus', incidentId: sourceId, status: 'resolved' })).ok).toBe(true);
    reader.destroy();
    scribe.destroy();
    socket.disconnect();
  });
  afterAll(async () => {
    await receiver.close();
    await server.close();
  });

  it('refuses stakeholder links, per-incident tokens, an open source and an unknown speed, changing nothing', async () => {
    const before = (await server.api('GET', '/api/incidents')).body.incidents.length;
    const stakeholder = await tokenFor(server, sourceId, 'Viewer', 'stakeholder');
    expect((await server.api('POST', `/api/incidents/${sourceId}/practice`, { speed: 60 }, stakeholder)).status).toBe(403);
    expect((await server.api('POST', `/api/incidents/${sourceId}/practice`, { speed: 60 }, irisToken)).status).toBe(403);
    const open = await declareIncident(server, 'Still burning');
    const refused = await pat.api('POST', `/api/incidents/${open}/practice`, { speed: 60 });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/resolved/);
    expect((await pat.api('POST', `/api/incidents/${sourceId}/practice`, { speed: 3 })).status).toBe(400);
    expect((await pat.api('POST', `/api/incidents/inc_nosuchthing/practice`, { speed: 60 })).status).toBe(404);
    expect((await server.api('GET', '/api/incidents')).body.incidents.length).toBe(before + 1);
  });

  it('replays alerts, claims and entries in order at the chosen speed, into a private practice incident kept out of metrics', async () => {
    const metricsBefore = (await server.api('GET', '/api/metrics')).body;
    // A drill stopped at once: started first, its next batch falls due before the other's.
    const stoppedRun = await pat.api('POST', `/api/incidents/${sourceId}/practice`, { speed: 60 });
    expect(stoppedRun.status).toBe(201);
    const stoppedId: string = stoppedRun.body.incidentId;
    expect((await pat.api('POST', `/api/incidents/${sourceId}/practice/${stoppedId}/stop`)).status).toBe(200);

    const started = await pat.api('POST', `/api/incidents/${sourceId}/practice`, { speed: 60 });
    expect(started.status).toBe(201);
    const practiceId: string = started.body.incidentId;
    expect(practiceId).not.toBe(sourceId);

    // At once: the declaration and the alert (within the first minute), none of the later entries.
    const first = await exportAs(pat, practiceId);
    expect(first.incident).toMatchObject({ id: practiceId, title: 'Practice: BlackBox Probe Failure: https://server.example.org', private: true, practice: true });
    expect(first.alerts.map((a: any) => a.fingerprint)).toEqual(['1a30ba71cca2921f']);
    expect(first.transcript).toEqual([]);

    // Private to whoever started it.
    expect((await pat.api('GET', '/api/incidents')).body.incidents.map((i: any) => i.id)).toContain(practiceId);
    expect((await olga.api('GET', '/api/incidents')).body.incidents.map((i: any) => i.id)).not.toContain(practiceId);
    expect((await olga.api('GET', `/api/incidents/${practiceId}/export.json`)).status).toBe(404);
    expect((await olga.api('POST', `/api/incidents/${sourceId}/practice/${practiceId}/stop`)).status).toBe(404);

    clock.advance(2 * 60 * 60_000);
    const source = await exportAs(pat, sourceId);
    const done = await until(
      () => exportAs(pat, practiceId),
      (x) => x.transcript.length === source.transcript.length && x.incident.status === source.incident.status,
      'the drill replayed to its end',
    );
    expect(record(done)).toEqual(record(source));
    expect(record(done).transcript.map((t: any) => t[1])).toEqual(['probe failing from every region', 'rolled back the load balancer config']);
    expect(done.roles.commander.name).toBe('Iris');
    expect(done.incident).toMatchObject({ id: practiceId, title: first.incident.title, private: true, practice: true, statusPage: false });
    // Nobody was paged: the pages are the outage's own, replayed, and none more.
    expect(done.pages).toEqual(source.pages);

    expect((await exportAs(pat, stoppedId)).transcript).toEqual([]);
    expect((await server.api('GET', '/api/metrics')).body).toEqual(metricsBefore);
  });

  it("tells no webhook of a drill, even of what people do in it", async () => {
    const practiceId = (await pat.api('POST', `/api/incidents/${sourceId}/practice`, { speed: 1 })).body.incidentId as string;
    // The replayed commander is the outage's; a trainee takes a free role, which is a timeline event.
    expect((await pat.api('POST', `/api/incidents/${practiceId}/commands`, { type: 'claimRole', role: 'scribe' })).status).toBe(200);
    expect((await exportAs(pat, practiceId)).events.some((e: any) => e.type === 'role.claimed' && e.role === 'scribe')).toBe(true);
    // A real change after it: once its delivery is in, the drill's would have been too.
    const real = await declareIncident(server, 'Real one', 'SEV3');
    expect((await server.api('POST', `/api/incidents/${real}/commands`, { type: 'setSeverity', severity: 'SEV2' })).status).toBe(200);
    await eventually(() => receiver.received.some((r) => r.body.incident?.id === real && r.body.type === 'severity.changed'), 'the real change delivered');
    const practiceIds = new Set((await pat.api('GET', '/api/incidents')).body.incidents.filter((i: any) => i.title.startsWith('Practice: ')).map((i: any) => i.id));
    expect(practiceIds.has(practiceId)).toBe(true);
    expect(receiver.received.filter((r) => practiceIds.has(r.body.incident?.id))).toEqual([]);
    expect((await pat.api('POST', `/api/incidents/${sourceId}/practice/${practiceId}/stop`)).status).toBe(200);
  });
});

describe('practice: a drill survives a restart', () => {
  it('carries on from its cursor after the server restarts', async () => {
    const clock = new TestClock({ running: true });
    const first = await startTestServer({}, {}, { clock });
    const sourceId = await declareIncident(first, 'Queue backlog');
    const token = await tokenFor(first, sourceId, 'Iris');
    const scribe = connectDoc(first.wsUrl, sourceId, token);
    await synced(scribe);
    clock.advance(30 * 60_000);
    addTranscriptEntry(scribe.doc, 'e1', 'consumers stuck on a poison message');
    await eventually(() => readTranscript(scribe.doc).length === 1, 'the entry written');
    scribe.destroy();
    expect((await first.api('POST', `/api/incidents/${sourceId}/commands`, { type: 'setStatus', status: 'resolved' })).status).toBe(200);
    const practiceId = (await first.api('POST', `/api/incidents/${sourceId}/practice`, { speed: 60 })).body.incidentId as string;
    expect((await first.api('GET', `/api/incidents/${practiceId}/export.json`)).body.transcript).toEqual([]);
    await first.close();

    const second = await startTestServer({ dataDir: first.dataDir }, {}, { clock });
    try {
      clock.advance(2 * 60 * 60_000);
      const done = await until(
        async () => (await second.api('GET', `/api/incidents/${practiceId}/export.json`)).body,
        (x) => x.incident.status === 'resolved',
        'the drill finished after the restart',
      );
      expect(done.transcript.map((t: any) => t.text)).toEqual(['consumers stuck on a poison message']);
    } finally {
      await second.close();
    }
  });
});
