/**
 * A client that holds nothing yet is answered with the whole document, encoded once and kept
 * until the document changes. The kept answer must never be stale: whoever connects after a
 * change, by a client or by the server, receives that change in their first sync.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { connectDoc, eventually, synced } from '../helpers/clients.ts';
import { declareIncident, tokenFor } from '../helpers/incidents.ts';
import { stateDocName } from '../../shared/documents.ts';
import { readMeta, stateMaps } from '../../shared/stateDoc.ts';

function addEntry(doc: Y.Doc, id: string): void {
  const entry = new Y.Map<unknown>();
  doc.transact(() => {
    entry.set('id', id);
    entry.set('at', Date.now());
    entry.set('kind', 'note');
    entry.set('text', new Y.Text(id));
    doc.getArray('transcript').push([entry]);
  });
}

const severityOf = (doc: Y.Doc) => readMeta(stateMaps(doc))?.severity;
const ids = (doc: Y.Doc) => doc.getArray<Y.Map<unknown>>('transcript').map((e) => e.get('id'));

describe('the kept answer to a fresh client', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('includes every change a client made before the next client connected', async () => {
    const id = await declareIncident(server);
    const token = await tokenFor(server, id, 'Writer');
    // Both fresh: the second is answered from what the first one's request left kept.
    const writer = connectDoc(server.wsUrl, id, token);
    const watcher = connectDoc(server.wsUrl, id, token);
    await Promise.all([synced(writer), synced(watcher)]);
    const opened = [writer, watcher];
    try {
      for (const entry of ['e1', 'e2', 'e3']) {
        addEntry(writer.doc, entry);
        // Relayed means stored: a client connecting now must get it in its first sync.
        await eventually(() => ids(watcher.doc).includes(entry), `${entry} relayed`);
        const late = connectDoc(server.wsUrl, id, token);
        opened.push(late);
        await synced(late);
        expect(ids(late.doc)).toContain(entry);
      }
    } finally {
      for (const p of opened) p.destroy();
    }
  });

  it('includes a change the server made (a command) before the next stakeholder connected', async () => {
    const id = await declareIncident(server, 'Checkout errors', 'SEV2');
    const viewerToken = await tokenFor(server, id, 'Viewer', 'stakeholder');
    const first = connectDoc(server.wsUrl, stateDocName(id), viewerToken);
    await synced(first);
    const opened = [first];
    try {
      expect(severityOf(first.doc)).toBe('SEV2');
      const changed = await server.api('POST', `/api/incidents/${id}/commands`, { type: 'setSeverity', incidentId: id, severity: 'SEV1' });
      expect(changed.status).toBe(200);
      await eventually(() => severityOf(first.doc) === 'SEV1', 'severity relayed');
      const late = connectDoc(server.wsUrl, stateDocName(id), viewerToken);
      opened.push(late);
      await synced(late);
      expect(severityOf(late.doc)).toBe('SEV1');
    } finally {
      for (const p of opened) p.destroy();
    }
  });
});
