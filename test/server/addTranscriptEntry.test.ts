/**
 * addTranscriptEntry (issue 14): how doors such as chat add to the transcript without writing a
 * document. The entry is written as the caller, stored before it reaches anyone, and shows live
 * to a stock y-websocket client; the same person keeps one client id however many they add.
 */
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTranscript } from '../../shared/responderDoc.ts';
import { stateDocName } from '../../shared/documents.ts';
import { stateMaps } from '../../shared/stateDoc.ts';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { declareIncident, tokenFor } from '../helpers/incidents.ts';
import { connectDoc, eventually, synced } from '../helpers/clients.ts';
import { signIn } from '../helpers/sessions.ts';

describe('addTranscriptEntry', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('writes as the caller, live to the room, with one client id per person', async () => {
    const id = await declareIncident(server);
    const watcher = connectDoc(server.wsUrl, id, await tokenFor(server, id, 'watcher'));
    const state = connectDoc(server.wsUrl, stateDocName(id), await tokenFor(server, id, 'watcher 2'));
    await Promise.all([synced(watcher), synced(state)]);
    const ana = await signIn(server, 'Ana Chat');
    const said = Date.now() - 60_000;
    const first = await ana.api('POST', `/api/incidents/${id}/commands`, { type: 'addTranscriptEntry', incidentId: id, text: 'db failover started', kind: 'action', at: said });
    expect(first.status).toBe(200);
    expect(first.body.entryId).toMatch(/^ent/);
    await ana.api('POST', `/api/incidents/${id}/commands`, { type: 'addTranscriptEntry', incidentId: id, text: 'replica caught up' });
    await eventually(() => readTranscript(watcher.doc).length === 2, 'both entries live');
    expect(readTranscript(watcher.doc).map((e) => [e.text, e.kind])).toEqual([
      ['db failover started', 'action'],
      ['replica caught up', 'note'],
    ]);

    const exported = (await server.api('GET', `/api/incidents/${id}/export.json`)).body;
    expect(exported.transcript[0]).toMatchObject({ text: 'db failover started', at: said, author: { id: ana.session.userId, name: 'Ana Chat' } });
    expect(exported.transcript[1].author).toMatchObject({ name: 'Ana Chat' });
    // One client id bound to Ana for both entries.
    await eventually(() => stateMaps(state.doc).doorClients.size === 1, 'door client recorded');
    const bound = [...stateMaps(state.doc).clients.entries()].filter(([, user]) => user === ana.session.userId);
    expect(bound).toHaveLength(1);
    expect(new Set(readTranscript(watcher.doc).map((e) => e.client))).toEqual(new Set([Number(bound[0]![0])]));
    watcher.destroy();
    state.destroy();
  });

  it('refuses stakeholder links and impossible times, and changes nothing', async () => {
    const id = await declareIncident(server);
    const link = await tokenFor(server, id, 'exec', 'stakeholder');
    const viaLink = await server.api('POST', `/api/incidents/${id}/commands`, { type: 'addTranscriptEntry', incidentId: id, text: 'hi' }, link);
    expect(viaLink.status).toBe(403);
    const future = await server.api('POST', `/api/incidents/${id}/commands`, { type: 'addTranscriptEntry', incidentId: id, text: 'hi', at: 1e16 });
    expect(future.status).toBe(400);
    expect(future.body.error.message).toMatch(/at must be a time/);
    const empty = await server.api('POST', `/api/incidents/${id}/commands`, { type: 'addTranscriptEntry', incidentId: id, text: '   ' });
    expect(empty.status).toBe(400);
    expect((await server.api('GET', `/api/incidents/${id}/export.json`)).body.transcript).toEqual([]);
  });

  it('keeps working when the room already holds the document in memory', async () => {
    const id = await declareIncident(server);
    const doc = new Y.Doc();
    const writer = connectDoc(server.wsUrl, id, await tokenFor(server, id, 'scribe'), doc);
    await synced(writer);
    doc.getArray<Y.Map<unknown>>('transcript').push([new Y.Map([['id', 'ent-room'], ['at', Date.now()], ['kind', 'note'], ['text', new Y.Text('from the room')]])]);
    await server.api('POST', `/api/incidents/${id}/commands`, { type: 'addTranscriptEntry', incidentId: id, text: 'from chat' });
    await eventually(() => readTranscript(doc).length === 2, 'the chat entry reaches the room client');
    writer.destroy();
    const texts = (await server.api('GET', `/api/incidents/${id}/export.json`)).body.transcript.map((e: { text: string }) => e.text);
    expect(texts.sort()).toEqual(['from chat', 'from the room']);
  });
});
