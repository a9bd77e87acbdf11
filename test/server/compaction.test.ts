/** Busy documents get snapshots so loading stays fast, while the update log keeps authors and times. */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import * as Y from 'yjs';
import { startTestServer, tempDataDir } from '../helpers/testServer.ts';
import { connectDoc, eventually, synced } from '../helpers/clients.ts';
import { declareIncident, tokenFor } from '../helpers/incidents.ts';
import { readTranscript } from '../../shared/responderDoc.ts';
import { loadConfig } from '../../server/config.ts';

describe('compaction', () => {
  it('snapshots a busy document, keeps every logged update with its author, and reloads the same', async () => {
    const dataDir = tempDataDir();
    const limits = { ...loadConfig({}).limits, compactAfterUpdates: 100, updatesPerSecond: 0 };
    const server = await startTestServer({ dataDir, limits });
    const id = await declareIncident(server);
    const scribe = connectDoc(server.wsUrl, id, await tokenFor(server, id, 'Scribe'));
    await synced(scribe);
    for (let i = 0; i < 450; i++) {
      const entry = new Y.Map<unknown>();
      entry.set('id', `e${i}`);
      entry.set('text', new Y.Text(`line ${i}`));
      scribe.doc.getArray('transcript').push([entry]);
    }
    const reader = connectDoc(server.wsUrl, id, await tokenFor(server, id, 'Reader'));
    await eventually(() => readTranscript(reader.doc).length === 450, 'all entries stored');
    scribe.destroy();
    reader.destroy();
    await server.close();

    const db = new BetterSqlite3(path.join(dataDir, 'incident-room.sqlite'), { readonly: true });
    const log = db.prepare("SELECT COUNT(*) AS n, COUNT(DISTINCT author) AS authors, MIN(received_at) AS first FROM doc_updates WHERE doc = ? AND author != 'u-automation'").get(id) as {
      n: number;
      authors: number;
      first: number;
    };
    const snapshot = db.prepare('SELECT upto_seq AS upto FROM doc_snapshots WHERE doc = ?').get(id) as { upto: number } | undefined;
    const maxSeq = (db.prepare('SELECT MAX(doc_seq) AS m FROM doc_updates WHERE doc = ?').get(id) as { m: number }).m;
    const userIds = db.prepare("SELECT DISTINCT author FROM doc_updates WHERE doc = ? AND author != 'u-automation'").pluck().all(id);
    db.close();
    expect(log.n).toBeGreaterThanOrEqual(450);
    expect(log.authors).toBe(1);
    expect(userIds[0]).toMatch(/^u-/);
    expect(log.first).toBeGreaterThan(0);
    // The last unload compacted everything: loading reads one snapshot and no log rows.
    expect(snapshot?.upto).toBe(maxSeq);

    const again = await startTestServer({ dataDir });
    const check = connectDoc(again.wsUrl, id, again.adminToken);
    await synced(check);
    expect(readTranscript(check.doc).map((e) => e.text)).toEqual(Array.from({ length: 450 }, (_, i) => `line ${i}`));
    check.destroy();
    await again.close();
  });
});
