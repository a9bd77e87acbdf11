import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { closeOf, connectDoc, connectSocket, command, rawSocket, synced } from '../helpers/clients.ts';
import { declareIncident, tokenFor } from '../helpers/incidents.ts';
import { opened, syncFrame, transcriptUpdate } from '../helpers/frames.ts';
import { readTranscript } from '../../shared/responderDoc.ts';
import { stateDocName } from '../../shared/documents.ts';
import { stateMaps } from '../../shared/stateDoc.ts';

describe('a stakeholder connection', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('sends sync step 2 and update messages by hand and changes nothing', async () => {
    const id = await declareIncident(server);
    const writer = connectDoc(server.wsUrl, id, await tokenFor(server, id, 'Scribe'));
    await synced(writer);
    const entry = new Y.Map<unknown>();
    entry.set('id', 'e1');
    entry.set('text', new Y.Text('real entry'));
    writer.doc.getArray('transcript').push([entry]);

    const stakeholderToken = await tokenFor(server, id, 'VP Eng', 'stakeholder');
    for (const docName of [id, stateDocName(id)]) {
      const ws = rawSocket(`${server.wsUrl}/${docName}?token=${stakeholderToken}`);
      await opened(ws);
      ws.send(syncFrame(1, transcriptUpdate('forged via step 2')));
      ws.send(syncFrame(2, transcriptUpdate('forged via update')));
      ws.send(syncFrame(2, Y.encodeStateAsUpdate((() => {
        const d = new Y.Doc();
        d.getMap('meta').set('severity', 'SEV4');
        d.getMap('roles').set('commander', { id: 'x', name: 'Mallory', since: 0 });
        return d;
      })())));
      // A sync step 1 is allowed: the server answers, proving the connection was still served.
      const answered = new Promise<void>((resolve) => ws.once('message', () => resolve()));
      ws.send(syncFrame(0, Y.encodeStateVector(new Y.Doc())));
      await answered;
      ws.close();
    }

    // A fresh responder sees only the real entry, and the state is untouched.
    const fresh = connectDoc(server.wsUrl, id, await tokenFor(server, id, 'Fresh'));
    const freshState = connectDoc(server.wsUrl, stateDocName(id), await tokenFor(server, id, 'Fresh state'));
    await Promise.all([synced(fresh), synced(freshState)]);
    await new Promise((r) => setTimeout(r, 100));
    expect(readTranscript(fresh.doc).map((e) => e.text)).toEqual(['real entry']);
    expect(stateMaps(freshState.doc).meta.get('severity')).toBe('SEV2');
    expect(stateMaps(freshState.doc).roles.size).toBe(0);
    for (const p of [writer, fresh, freshState]) p.destroy();
  });

  it('is refused every command over socket.io and REST', async () => {
    const id = await declareIncident(server);
    const token = await tokenFor(server, id, 'Stakeholder', 'stakeholder');
    const socket = await connectSocket(server.url, token);
    const reply = await command(socket, { type: 'claimRole', incidentId: id, role: 'commander' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden', message: 'stakeholder links are read-only' } });
    socket.disconnect();
    const rest = await server.api('POST', `/api/incidents/${id}/commands`, { type: 'setSeverity', severity: 'SEV1' }, token);
    expect(rest.status).toBe(403);
    const detail = await server.api('GET', `/api/incidents/${id}`, undefined, token);
    expect(detail.body.severity).toBe('SEV2');
    expect(detail.body.roles).toEqual({});
  });

  it('cannot open the transcript of an incident that hides it', async () => {
    const res = await server.api('POST', '/api/incidents', { title: 'Security incident', severity: 'SEV1', hideTranscript: true });
    const token = await tokenFor(server, res.body.id, 'Board', 'stakeholder');
    const closed = await closeOf(rawSocket(`${server.wsUrl}/${res.body.id}?token=${token}`));
    expect(closed.code).toBe(4403);
    expect(closed.reason).toContain('not shared');
    const state = connectDoc(server.wsUrl, stateDocName(res.body.id), token);
    await synced(state);
    expect(stateMaps(state.doc).meta.get('title')).toBe('Security incident');
    state.destroy();
  });
});
