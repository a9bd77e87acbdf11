/**
 * An upgrade of a three-node cluster as an operator rolls it (issue 16): each node in turn is
 * SIGTERMed, exits cleanly and is started again, and the next waits until it answers its health
 * check, while responders write through a round-robin load balancer throughout. Nothing any
 * reader saw is lost, every entry is there exactly once, no change is stored twice, every
 * client reconnects by itself and all converge, and every node reports the same schema.
 */
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import { connectDoc, eventually, synced } from '../helpers/clients.ts';
import { SteadyScribe, changesStoredTwice, declareOn, recordSeen, responderToken, startCluster, transcriptIds, writersAndReaders } from '../helpers/cluster.ts';
import type { Cluster } from '../helpers/cluster.ts';

describe('a rolling restart under load', () => {
  let cluster: Cluster;
  const providers: WebsocketProvider[] = [];
  const scribes: SteadyScribe[] = [];
  beforeAll(async () => {
    // Without the periodic check, a restarted node that failed to rejoin the relay would show.
    cluster = await startCluster({ nodes: 3, relayOnly: true });
  }, 90_000);
  afterAll(async () => {
    for (const s of scribes) s.stop();
    for (const p of providers) p.destroy();
    await cluster?.close();
  }, 30_000);

  it('loses nothing and stores nothing twice while every node is restarted in turn', { timeout: 120_000 }, async () => {
    onTestFailed(() => console.log(cluster.logs()));
    const { nodes, lb } = cluster;
    const id = await declareOn(nodes[0]!, { title: 'Rolling upgrade', severity: 'SEV2' });

    const { writers, readers } = await writersAndReaders(cluster, id, providers);
    expect(lb.connections()).toEqual([2, 2, 2]);

    const seen = new Set<string>();
    for (const r of readers) recordSeen(r, seen);
    // A close the stock provider takes as final (4400-4499) would leave that responder offline.
    const finalCloses: string[] = [];
    const restartCloses: number[] = [];
    for (const [i, p] of providers.entries()) {
      p.on('closed', ({ code, reason }: { code: number; reason: string }) => finalCloses.push(`client ${i}: ${code} ${reason}`));
      p.on('connection-close', (event: { code: number } | null) => event && restartCloses.push(event.code));
    }
    // 50 entries a second each, under the per-connection update rate limit (60/s).
    scribes.push(...writers.map((w, i) => new SteadyScribe(w, `w${i}`, 20)));

    for (const node of nodes) {
      // Some writing reaches every node's clients before this node goes.
      const mark = seen.size;
      await eventually(() => seen.size >= mark + 20, `readers see new entries before node ${node.index} restarts`, 20_000);
      const seenBeforeStop = [...seen];
      const served = lb.connections()[node.index]!;
      const closesBefore = restartCloses.filter((c) => c === 1001).length;

      expect(await node.stop('SIGTERM'), `node ${node.index} stops cleanly on SIGTERM`).toEqual({ code: 0, signal: null });
      // What readers saw is in storage, read through a node still up.
      const other = nodes.find((n) => n !== node)!;
      const res = await other.api('GET', `/api/incidents/${id}/export.json`);
      expect(res.status).toBe(200);
      const stored = new Set((res.body.transcript as Array<{ id: string }>).map((e) => e.id));
      expect(seenBeforeStop.filter((x) => !stored.has(x)), `entries seen before node ${node.index} stopped but not stored`).toEqual([]);
      // Its clients were told "server restarting" and move through the balancer to the others.
      expect(restartCloses.filter((c) => c === 1001).length - closesBefore).toBe(served);
      await eventually(() => finalCloses.length > 0 || providers.every((p) => p.wsconnected), `the clients of node ${node.index} reconnect`, 30_000);
      expect(finalCloses, 'connections the server closed for good').toEqual([]);

      // The new version starts; the next node goes only once this one is healthy again.
      await node.start();
    }

    // Every node answers, on the same schema.
    const health = await Promise.all(nodes.map(async (n) => (await n.api('GET', '/api/health')).body as { ok: boolean; schemaVersion: number }));
    expect(health.every((h) => h.ok && h.schemaVersion === health[0]!.schemaVersion && h.schemaVersion > 0), JSON.stringify(health)).toBe(true);

    // Writing goes on through the restarted cluster for a while, then stops.
    const mark = seen.size;
    await eventually(() => seen.size >= mark + 20, 'readers see new entries after the last restart', 20_000);
    for (const s of scribes) s.stop();
    const written = scribes.flatMap((s) => s.written);

    const counts = () => providers.map((p, i) => `client ${i}: ${transcriptIds(p.doc).length}${p.wsconnected ? '' : ' (offline)'}`).join(', ');
    await eventually(() => finalCloses.length > 0 || providers.every((p) => transcriptIds(p.doc).length >= written.length), 'every client has every entry', 30_000).catch(
      (error: Error) => {
        throw new Error(`${error.message}: ${written.length} written; ${counts()}`);
      },
    );
    expect(finalCloses, 'connections the server closed for good').toEqual([]);
    const final = transcriptIds(readers[0]!.doc);
    expect(new Set(final).size, 'entries there twice').toBe(final.length);
    expect([...final].sort()).toEqual([...written].sort());
    for (const p of providers) expect(transcriptIds(p.doc)).toEqual(final);
    expect([...seen].filter((x) => !final.includes(x)), 'entries a reader saw but that are gone').toEqual([]);
    // Clients that moved resent only what no node had stored: no change is in the log twice.
    expect(await changesStoredTwice(cluster.db.url, id)).toEqual([]);

    // Each restarted node serves the whole document to a client that connects to it directly.
    for (const node of nodes) {
      const direct = connectDoc(node.wsUrl, id, await responderToken(node, id, `Checker ${node.index}`));
      providers.push(direct);
      await synced(direct, 20_000);
      await eventually(() => transcriptIds(direct.doc).length >= final.length, `node ${node.index} serves every entry`, 20_000);
      expect(transcriptIds(direct.doc)).toEqual(final);
    }
  });
});
