/**
 * SIGKILL two nodes of three, one after the other, while responders write through a round-robin
 * load balancer. Clients of a dead node reconnect through the balancer to a live one and keep
 * writing; nothing any reader saw is lost, nothing is duplicated, and the restarted nodes serve
 * the same document from the shared database.
 */
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import { connectDoc, eventually, synced } from '../helpers/clients.ts';
import { SteadyScribe, changesStoredTwice, declareOn, recordSeen, responderToken, startCluster, transcriptIds, writersAndReaders } from '../helpers/cluster.ts';
import type { Cluster, ClusterNode } from '../helpers/cluster.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a node killed under load', () => {
  let cluster: Cluster;
  const providers: WebsocketProvider[] = [];
  const scribes: SteadyScribe[] = [];
  beforeAll(async () => {
    cluster = await startCluster({ nodes: 3 });
  }, 90_000);
  afterAll(async () => {
    for (const s of scribes) s.stop();
    for (const p of providers) p.destroy();
    await cluster?.close();
  }, 30_000);

  it('keeps every entry any reader saw, once, while nodes die and clients move to live ones', { timeout: 120_000 }, async () => {
    onTestFailed(() => console.log(cluster.logs()));
    const { nodes, lb } = cluster;
    const id = await declareOn(nodes[0]!, { title: 'Node kill', severity: 'SEV1' });

    const { writers, readers } = await writersAndReaders(cluster, id, providers);
    expect(lb.connections()).toEqual([2, 2, 2]);

    const seen = new Set<string>();
    for (const r of readers) recordSeen(r, seen);
    let disconnects = 0;
    // A close the stock provider takes as final (4400-4499) leaves that responder offline for good.
    const finalCloses: string[] = [];
    for (const [i, p] of providers.entries()) {
      p.on('status', ({ status }: { status: string }) => status === 'disconnected' && disconnects++);
      p.on('closed', ({ code, reason }: { code: number; reason: string }) => finalCloses.push(`client ${i} (Yjs client ${p.doc.clientID}): ${code} ${reason}`));
    }
    // 50 entries a second each, under the per-connection update rate limit (60/s).
    scribes.push(...writers.map((w, i) => new SteadyScribe(w, `w${i}`, 20)));

    // Two of the three nodes die, one after the other, each the live node serving most clients.
    const victims: ClusterNode[] = [];
    for (let round = 0; round < 2; round++) {
      await sleep(800);
      const live = nodes.filter((n) => !victims.includes(n));
      const load = lb.connections();
      const most = Math.max(...live.map((n) => load[n.index]!));
      const candidates = live.filter((n) => load[n.index] === most);
      const victim = candidates[Math.floor(Math.random() * candidates.length)]!;
      victims.push(victim);
      console.log(`round ${round}: killing node ${victim.index}, which serves ${most} clients`);
      expect(most).toBeGreaterThan(0);

      // Its clients may not reconnect until storage has been read: each holds what it saw and
      // would hand it to the next node, hiding an entry that was relayed but never stored.
      lb.hold();
      const seenBeforeKill = [...seen];
      const disconnectsBefore = disconnects;
      expect((await victim.stop('SIGKILL')).signal).toBe('SIGKILL');
      for (const node of live.filter((n) => n !== victim)) {
        const res = await node.api('GET', `/api/incidents/${id}/export.json`);
        expect(res.status).toBe(200);
        const stored = new Set((res.body.transcript as Array<{ id: string }>).map((e) => e.id));
        const missing = seenBeforeKill.filter((x) => !stored.has(x));
        expect(missing, `entries readers saw before the kill but node ${node.index} cannot find in storage`).toEqual([]);
      }
      lb.release();

      // Its clients see the connection drop and come back through the balancer to a live node.
      await eventually(() => disconnects - disconnectsBefore >= most, `the clients of node ${victim.index} see a disconnect`, 15_000);
      await eventually(() => finalCloses.length > 0 || providers.every((p) => p.wsconnected), 'every client reconnected', 30_000);
      expect(finalCloses, 'connections the server closed for good').toEqual([]);
      expect(lb.connections()[victim.index]).toBe(0);
    }

    // Writing goes on through the live nodes for a while, then stops.
    await sleep(1000);
    for (const s of scribes) s.stop();
    const written = scribes.flatMap((s) => s.written);
    expect(written.length).toBeGreaterThan(100);

    const counts = () => providers.map((p, i) => `client ${i}: ${transcriptIds(p.doc).length}${p.wsconnected ? '' : ' (offline)'}`).join(', ');
    await eventually(() => finalCloses.length > 0 || providers.every((p) => transcriptIds(p.doc).length >= written.length), 'every client has every entry', 30_000).catch(
      (error: Error) => {
        throw new Error(`${error.message}: ${written.length} written; ${counts()}`);
      },
    );
    expect(finalCloses, 'connections the server closed for good').toEqual([]);
    const final = transcriptIds(readers[0]!.doc);
    expect(new Set(final).size).toBe(final.length);
    expect([...final].sort()).toEqual([...written].sort());
    for (const p of providers) expect(transcriptIds(p.doc)).toEqual(final);
    const lost = [...seen].filter((x) => !final.includes(x));
    expect(lost, 'entries a reader saw but that are gone').toEqual([]);
    // Clients that moved resent only what no node had stored: no change is in the log twice.
    expect(await changesStoredTwice(cluster.db.url, id)).toEqual([]);

    // The killed nodes, restarted, load the same document from the shared database.
    await Promise.all(victims.map((v) => v.start()));
    for (const victim of victims) {
      const revived = connectDoc(victim.wsUrl, id, await responderToken(victim, id, `Revived reader ${victim.index}`));
      providers.push(revived);
      await synced(revived, 20_000);
      await eventually(() => transcriptIds(revived.doc).length >= final.length, `the restarted node ${victim.index} serves every entry`, 20_000);
      expect(transcriptIds(revived.doc)).toEqual(final);
    }
  });
});
