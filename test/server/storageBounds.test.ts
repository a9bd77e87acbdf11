/**
 * Issue 11: MAX_DOC_BYTES did not bound storage (it counted the snapshot plus the log since, and
 * compaction reset it, while the log is never trimmed), and commands had no size or rate limit
 * (150 publishUpdate grew the state document's log past the limit).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { closeOf, rawSocket } from '../helpers/clients.ts';
import { declareIncident, tokenFor } from '../helpers/incidents.ts';
import * as Y from 'yjs';
import { opened, syncFrame } from '../helpers/frames.ts';
import type WebSocket from 'ws';

const DOC_BYTES = 40_000;

/**
 * An update adding an entry of `text` and one deleting it again: the log grows by both while
 * the document's state (and so its snapshot) stays small, which is how a log outgrows any
 * limit that only counts the snapshot.
 */
function addedAndDeleted(text: string): [Uint8Array, Uint8Array] {
  const doc = new Y.Doc();
  let added: Uint8Array = new Uint8Array();
  doc.once('update', (u: Uint8Array) => (added = u));
  const entry = new Y.Map<unknown>();
  entry.set('id', text.slice(0, 12));
  entry.set('at', Date.now());
  entry.set('kind', 'note');
  entry.set('text', new Y.Text(text));
  doc.getArray('transcript').push([entry]);
  let deleted: Uint8Array = new Uint8Array();
  doc.once('update', (u: Uint8Array) => (deleted = u));
  doc.getArray('transcript').delete(0, 1);
  return [added, deleted];
}

/** Resolves null at the server's sync step 2 reply (message type 0, step 1). */
function answered(ws: WebSocket): Promise<null> {
  return new Promise((resolve) => {
    const onMessage = (data: Buffer) => {
      if (data[0] === 0 && data[1] === 1) {
        ws.off('message', onMessage);
        resolve(null);
      }
    };
    ws.on('message', onMessage);
  });
}

describe('bounded storage per incident', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({}, { MAX_DOC_BYTES: String(DOC_BYTES), COMPACT_AFTER_UPDATES: '3', COMMANDS_PER_MINUTE: '30' });
  });
  afterAll(() => server.close());

  it('counts the whole log, so compaction does not reopen a full document', async () => {
    const id = await declareIncident(server);
    const token = await tokenFor(server, id, 'Scribe');
    let sent = 0;
    let closed: { code: number; reason: string } | null = null;
    // Each connection writes and deletes ~2 KB entries until refused; the room compacts every 3 updates.
    for (let round = 0; round < 40 && !closed; round++) {
      const ws = rawSocket(`${server.wsUrl}/${id}?token=${token}`);
      await opened(ws);
      const ended = closeOf(ws);
      for (let i = 0; i < 5; i++) {
        for (const update of addedAndDeleted(`entry ${sent++} ${'x'.repeat(2000)}`)) ws.send(syncFrame(2, update));
      }
      // A sync step 1 is answered after everything before it is handled and stored: then we know.
      ws.send(syncFrame(0, new Uint8Array([0])));
      const result = await Promise.race([ended, answered(ws)]);
      if (result) closed = result;
      else {
        ws.close();
        await ended;
      }
    }
    expect(closed).toEqual({ code: 4413, reason: 'document size limit reached' });
    // Before the fix, compaction reset the count to the (small) snapshot's size: 40 rounds of 10 KB went through.
    expect(sent).toBeLessThan(40);
  });

  it('refuses commands once the state document is full, for automation too', async () => {
    const id = await declareIncident(server);
    await server.api('POST', `/api/incidents/${id}/commands`, { type: 'claimRole', role: 'comms' });
    let status = 200;
    let n = 0;
    for (; n < 200 && status === 200; n++) {
      status = (await server.api('POST', `/api/incidents/${id}/commands`, { type: 'publishUpdate', text: `update ${n} ${'y'.repeat(1500)}` })).status;
    }
    expect(status).toBe(409);
    expect(n).toBeLessThan(60);
    const refused = await server.api('POST', `/api/incidents/${id}/commands`, { type: 'setSeverity', severity: 'SEV1' });
    expect(refused.body.error.message).toMatch(/stored size limit/);
  });

  it('rate-limits commands per person or link, not the API token', async () => {
    const id = await declareIncident(server);
    const token = await tokenFor(server, id, 'Clicker');
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) {
      statuses.push((await server.api('POST', `/api/incidents/${id}/commands`, { type: 'setSeverity', severity: i % 2 ? 'SEV2' : 'SEV3' }, token)).status);
    }
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(statuses.slice(0, 25).every((s) => s === 200)).toBe(true);
    const limited = await server.api('POST', `/api/incidents/${id}/commands`, { type: 'setSeverity', severity: 'SEV1' }, token);
    expect(limited.body.error).toMatchObject({ code: 'rate_limited' });
    // Another link of the same incident has its own allowance; automation has none.
    expect((await server.api('POST', `/api/incidents/${id}/commands`, { type: 'setSeverity', severity: 'SEV4' }, await tokenFor(server, id, 'Other'))).status).toBe(200);
    for (let i = 0; i < 40; i++) {
      expect((await server.api('POST', `/api/incidents/${id}/commands`, { type: 'setSeverity', severity: i % 2 ? 'SEV2' : 'SEV3' })).status).toBe(200);
    }
  });
});
