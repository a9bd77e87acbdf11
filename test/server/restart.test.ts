import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { startTestServer, tempDataDir } from '../helpers/testServer.ts';
import { command, connectDoc, connectSocket, eventually, synced } from '../helpers/clients.ts';
import { declareIncident, tokenFor } from '../helpers/incidents.ts';
import { readActions, readTranscript } from '../../shared/responderDoc.ts';
import { stateDocName } from '../../shared/documents.ts';
import { stateMaps } from '../../shared/stateDoc.ts';

describe('restart on the same DATA_DIR', () => {
  it('keeps every transcript line, action item, role and token', async () => {
    const dataDir = tempDataDir();
    const first = await startTestServer({ dataDir });
    const id = await declareIncident(first, 'Payments down', 'SEV1');
    const token = await tokenFor(first, id, 'Alice');
    const provider = connectDoc(first.wsUrl, id, token);
    await synced(provider);
    for (let i = 0; i < 25; i++) {
      const entry = new Y.Map<unknown>();
      entry.set('id', `e${i}`);
      entry.set('at', Date.now() + i);
      entry.set('kind', 'note');
      entry.set('text', new Y.Text(`line ${i}`));
      provider.doc.getArray('transcript').push([entry]);
    }
    const action = new Y.Map<unknown>();
    action.set('id', 'a1');
    action.set('title', new Y.Text('rotate credentials'));
    action.set('status', 'open');
    action.set('owner', null);
    provider.doc.getArray('actions').push([action]);
    const socket = await connectSocket(first.url, token);
    expect((await command(socket, { type: 'claimRole', incidentId: id, role: 'commander' })).ok).toBe(true);
    socket.disconnect();
    // Every entry has reached the server once a second client sees it.
    const check = connectDoc(first.wsUrl, id, token);
    await eventually(() => readTranscript(check.doc).length === 25 && readActions(check.doc).length === 1, 'entries on the server');
    check.destroy();
    provider.destroy();
    const adminToken = first.adminToken;
    await first.close();

    const second = await startTestServer({ dataDir });
    expect(second.adminToken).toBe(adminToken);
    expect(second.created.inviteUrl).toBeNull();
    const reopened = connectDoc(second.wsUrl, id, token);
    const state = connectDoc(second.wsUrl, stateDocName(id), token);
    await Promise.all([synced(reopened), synced(state)]);
    expect(readTranscript(reopened.doc).map((e) => e.text)).toEqual(Array.from({ length: 25 }, (_, i) => `line ${i}`));
    expect(readActions(reopened.doc)).toMatchObject([{ id: 'a1', title: 'rotate credentials', status: 'open' }]);
    expect(stateMaps(state.doc).roles.get('commander')?.name).toBe('Alice');
    const listed = await second.api('GET', '/api/incidents');
    expect(listed.body.incidents).toMatchObject([{ id, title: 'Payments down', severity: 'SEV1', commander: { name: 'Alice' } }]);
    reopened.destroy();
    state.destroy();
    await second.close();
  });
});
