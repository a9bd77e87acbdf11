/**
 * GET /metrics (issue 16): the Prometheus text format, read with a text-format parser, to the API
 * token or METRICS_TOKEN only; the server's own counters move with real traffic (the stock
 * y-websocket client, socket.io commands, refused websockets), and what clients send cannot add
 * label values.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { closeOf, command, connectDoc, connectSocket, eventually, rawSocket, synced } from '../helpers/clients.ts';
import { declareIncident, tokenFor } from '../helpers/incidents.ts';
import { opened } from '../helpers/frames.ts';
import { scrape } from '../helpers/prometheusText.ts';
import type { Scrape } from '../helpers/prometheusText.ts';

const METRICS_TOKEN = 'scraper-0123456789-abcdef';

function writeEntry(doc: Y.Doc, id: string): void {
  const entry = new Y.Map<unknown>();
  entry.set('id', id);
  entry.set('text', new Y.Text(`line ${id}`));
  doc.getArray('transcript').push([entry]);
}

const histogramCount = (s: Scrape, name: string) => Number(s.sample(name)?.count ?? 0);

describe('GET /metrics', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({}, { METRICS_TOKEN });
  });
  afterAll(() => server.close());

  it('is refused without the API token or METRICS_TOKEN, with the reason', async () => {
    const id = await declareIncident(server);
    const responder = await tokenFor(server, id, 'Ada');
    const get = (headers: Record<string, string> = {}) => fetch(`${server.url}/metrics`, { headers });

    const anonymous = await get();
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await anonymous.json()).error.message).toMatch(/bearer token: the API token or METRICS_TOKEN/);
    // A cookie or a query parameter is not how a scraper authenticates: still anonymous.
    expect((await fetch(`${server.url}/metrics?token=${server.adminToken}`)).status).toBe(401);

    const unknown = await get({ authorization: 'Bearer not-a-token-anyone-holds' });
    expect(unknown.status).toBe(401);
    expect((await unknown.json()).error.message).toBe('unknown token');

    const person = await get({ authorization: `Bearer ${responder}` });
    expect(person.status).toBe(403);
    expect((await person.json()).error.message).toBe('metrics needs the API token or METRICS_TOKEN');

    for (const token of [server.adminToken, METRICS_TOKEN]) {
      const res = await get({ authorization: `Bearer ${token}` });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    }
    // METRICS_TOKEN opens nothing else.
    expect((await server.api('GET', '/api/incidents', undefined, METRICS_TOKEN)).status).toBe(401);
  });

  it("serves the process's default metrics next to the server's own", async () => {
    const s = await scrape(server, METRICS_TOKEN);
    expect(s.family('process_cpu_seconds_total').type).toBe('COUNTER');
    expect(s.family('process_resident_memory_bytes').type).toBe('GAUGE');
    expect(s.family('nodejs_heap_size_used_bytes').type).toBe('GAUGE');
    expect(s.family('nodejs_eventloop_lag_p99_seconds').type).toBe('GAUGE');
    expect(s.family('nodejs_gc_duration_seconds').type).toBe('HISTOGRAM');
    expect(s.family('incident_room_updates_stored_total').type).toBe('COUNTER');
    expect(s.family('incident_room_connections').type).toBe('GAUGE');
    // A single node has no cluster link, so "link down" cannot fire on one.
    expect(s.family('incident_room_cluster_link_up').metrics).toEqual([]);
  });

  it('counts stored updates, commands, closes and open connections as traffic flows', async () => {
    const before = await scrape(server, METRICS_TOKEN);
    const id = await declareIncident(server);
    const writer = connectDoc(server.wsUrl, id, await tokenFor(server, id, 'Scribe'));
    const stakeholder = connectDoc(server.wsUrl, id, await tokenFor(server, id, 'Board', 'stakeholder'));
    const socket = await connectSocket(server.url, await tokenFor(server, id, 'Commander'));
    await Promise.all([synced(writer), synced(stakeholder)]);

    for (let i = 0; i < 5; i++) writeEntry(writer.doc, `e${i}`);
    await eventually(() => stakeholder.doc.getArray('transcript').length === 5, 'the stakeholder sees every entry');
    expect((await command(socket, { type: 'claimRole', incidentId: id, role: 'commander' })).ok).toBe(true);
    expect((await command(socket, { type: 'claimRole', incidentId: id, role: 'no-such-role' })).ok).toBe(false);
    expect((await command(socket, { type: 'launchRockets', incidentId: id })).ok).toBe(false);

    const refused = rawSocket(`${server.wsUrl}/${id}?token=not-a-token-anyone-holds`);
    expect((await closeOf(refused)).code).toBe(4401);
    const textSender = rawSocket(`${server.wsUrl}/${id}?token=${server.adminToken}`);
    await opened(textSender);
    textSender.send('hello');
    expect((await closeOf(textSender)).code).toBe(1003);

    const during = await scrape(server, METRICS_TOKEN);
    const delta = (name: string, labels: Record<string, string> = {}) => during.value(name, labels) - before.value(name, labels);
    // Five transcript entries, the declaration's and the claim's state changes at least.
    expect(delta('incident_room_updates_stored_total')).toBeGreaterThanOrEqual(7);
    expect(delta('incident_room_commands_total', { type: 'declare', outcome: 'ok' })).toBe(1);
    expect(delta('incident_room_commands_total', { type: 'claimRole', outcome: 'ok' })).toBe(1);
    expect(delta('incident_room_commands_total', { type: 'claimRole', outcome: 'invalid' })).toBe(1);
    expect(delta('incident_room_commands_total', { type: 'invalid', outcome: 'invalid' })).toBe(1);
    expect(delta('incident_room_websocket_closes_total', { code: '4401' })).toBe(1);
    expect(delta('incident_room_websocket_closes_total', { code: '1003' })).toBe(1);
    expect(delta('incident_room_refused_requests_total', { transport: 'yjs', reason: 'unauthorized' })).toBe(1);
    expect(during.value('incident_room_connections', { kind: 'yjs_responder' })).toBe(1);
    expect(during.value('incident_room_connections', { kind: 'yjs_stakeholder' })).toBe(1);
    expect(during.value('incident_room_connections', { kind: 'socketio' })).toBe(1);
    expect(during.value('incident_room_rooms_loaded')).toBeGreaterThanOrEqual(2);

    // Histograms: every bucket up to +Inf, and the writes observed in them.
    for (const name of [
      'incident_room_commit_duration_seconds',
      'incident_room_command_duration_seconds',
      'incident_room_commit_updates',
      'incident_room_relay_latency_seconds',
    ]) {
      expect(during.family(name).type).toBe('HISTOGRAM');
      expect(Object.keys(during.sample(name)!.buckets!)).toContain('+Inf');
      expect(histogramCount(during, name), name).toBeGreaterThan(histogramCount(before, name));
    }

    writer.destroy();
    stakeholder.destroy();
    socket.disconnect();
    for (let open = true; open; ) {
      const s = await scrape(server, METRICS_TOKEN);
      open = ['yjs_responder', 'yjs_stakeholder', 'socketio'].some((kind) => s.value('incident_room_connections', { kind }) !== 0);
      if (open) await new Promise((r) => setTimeout(r, 20));
    }
  });

  it('counts refused HTTP requests by their error code', async () => {
    const before = await scrape(server, METRICS_TOKEN);
    expect((await server.api('GET', '/api/no-such-endpoint')).status).toBe(404);
    expect((await server.api('GET', '/api/incidents', undefined, 'not-a-token-anyone-holds')).status).toBe(401);
    const after = await scrape(server, METRICS_TOKEN);
    const delta = (reason: string) => after.value('incident_room_refused_requests_total', { transport: 'http', reason }) - before.value('incident_room_refused_requests_total', { transport: 'http', reason });
    expect(delta('not_found')).toBe(1);
    expect(delta('unauthorized')).toBe(1);
  });

  it('takes no label value from what a client sends', async () => {
    const id = await declareIncident(server);
    const socket = await connectSocket(server.url, server.adminToken);
    const junk = Array.from({ length: 20 }, (_, i) => `junk-${i}-${Math.random().toString(36).slice(2)}`);
    for (const type of junk) await command(socket, { type, incidentId: id });
    for (const path of junk.slice(0, 5)) await server.api('GET', `/api/${path}`);
    const ws = rawSocket(`${server.wsUrl}/${junk[0]}?token=${server.adminToken}`);
    await closeOf(ws);
    socket.disconnect();

    const text = await (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    for (const value of junk) expect(text).not.toContain(value);
    const s = await scrape(server, METRICS_TOKEN);
    const types = new Set(s.family('incident_room_commands_total').metrics.map((m) => m.labels?.type ?? ''));
    expect([...types].filter((t) => !['declare', 'claimRole', 'invalid'].includes(t))).toEqual([]);
  });
});
