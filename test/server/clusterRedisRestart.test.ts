/**
 * Redis, the relay between nodes, goes away for a while and comes back on the same port.
 * Responders on different nodes keep writing while it is away and a role is claimed meanwhile:
 * once Redis is back, every node's clients converge on everything, each entry once, and later
 * edits and commands travel between nodes again.
 */
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import { connectDoc, eventually, synced } from '../helpers/clients.ts';
import { SteadyScribe, addTranscriptEntry, declareOn, responderToken, startCluster, transcriptIds } from '../helpers/cluster.ts';
import type { Cluster } from '../helpers/cluster.ts';
import { stateDocName } from '../../shared/documents.ts';
import { readRoles, stateMaps } from '../../shared/stateDoc.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a Redis restart', () => {
  let cluster: Cluster;
  const providers: WebsocketProvider[] = [];
  const scribes: SteadyScribe[] = [];
  beforeAll(async () => {
    cluster = await startCluster({ nodes: 3, relayOnly: true });
  }, 90_000);
  afterAll(async () => {
    for (const s of scribes) s.stop();
    for (const p of providers) p.destroy();
    await cluster?.close();
  }, 30_000);

  it('loses nothing: every node’s clients converge once Redis is back', { timeout: 120_000 }, async () => {
    onTestFailed(() => console.log(`${cluster.logs()}\n--- redis ---\n${cluster.redis.output}`));
    const { nodes, redis } = cluster;
    const id = await declareOn(nodes[0]!, { title: 'Redis restart', severity: 'SEV2' });
    const writers = await Promise.all(nodes.map(async (node) => connectDoc(node.wsUrl, id, await responderToken(node, id, `Writer ${node.index}`))));
    const states = await Promise.all(nodes.map(async (node) => connectDoc(node.wsUrl, stateDocName(id), await responderToken(node, id, `Observer ${node.index}`))));
    providers.push(...writers, ...states);
    await Promise.all(providers.map((p) => synced(p, 20_000)));
    const [carolToken, daveToken] = await Promise.all([responderToken(nodes[1]!, id, 'Carol'), responderToken(nodes[2]!, id, 'Dave')]);

    // Before: edits travel between nodes.
    addTranscriptEntry(writers[0]!.doc, 'before', 'written before the outage');
    await eventually(() => writers.every((w) => transcriptIds(w.doc).includes('before')), 'the first entry on every node', 20_000);

    scribes.push(...writers.map((w, i) => new SteadyScribe(w, `w${i}`, 50)));
    await sleep(300);
    await redis.stop('SIGKILL');
    await sleep(700);
    // Commands are stored in the database: one made on a node while Redis is down still counts.
    const during = await nodes[1]!.api('POST', `/api/incidents/${id}/commands`, { type: 'claimRole', role: 'scribe' }, carolToken);
    expect(during.status, JSON.stringify(during.body)).toBe(200);
    await sleep(800);
    // Nothing is written once Redis is back, so nothing new can hint at what a node missed.
    for (const s of scribes) s.stop();
    await redis.start();
    // Made at once, while the writing node's publishing connection is most likely still waiting
    // to reconnect: that node announces how far the document got once it can publish again, and
    // the other nodes read the rest from storage (their periodic check is off).
    addTranscriptEntry(writers[2]!.doc, 'just-back', 'written as Redis came back');
    const written = ['before', 'just-back', ...scribes.flatMap((s) => s.written)];
    expect(written.length).toBeGreaterThan(50);

    await eventually(() => writers.every((w) => transcriptIds(w.doc).length >= written.length), 'every node’s client has every entry', 30_000);
    const final = transcriptIds(writers[0]!.doc);
    expect(new Set(final).size).toBe(final.length);
    expect([...final].sort()).toEqual([...written].sort());
    for (const w of writers) expect(transcriptIds(w.doc)).toEqual(final);
    await eventually(() => states.every((s) => readRoles(stateMaps(s.doc)).scribe?.name === 'Carol'), 'the claim made during the outage on every node', 20_000);

    // After: edits travel between nodes again.
    addTranscriptEntry(writers[1]!.doc, 'after', 'written once Redis is back');
    await eventually(() => writers.every((w) => transcriptIds(w.doc).includes('after')), 'the entry written after the outage on every node', 20_000);
    for (const w of writers) expect(transcriptIds(w.doc)).toEqual(transcriptIds(writers[0]!.doc));
    const after = await nodes[2]!.api('POST', `/api/incidents/${id}/commands`, { type: 'claimRole', role: 'commander' }, daveToken);
    expect(after.status, JSON.stringify(after.body)).toBe(200);
    await eventually(() => states.every((s) => readRoles(stateMaps(s.doc)).commander?.name === 'Dave'), 'a claim made after the outage on every node', 20_000);

    // A fresh client on each node loads the same document.
    for (const node of nodes) {
      const late = connectDoc(node.wsUrl, id, await responderToken(node, id, `Late reader ${node.index}`));
      providers.push(late);
      await synced(late, 20_000);
      await eventually(() => transcriptIds(late.doc).length >= transcriptIds(writers[0]!.doc).length, `late reader on node ${node.index} has every entry`, 20_000);
      expect(transcriptIds(late.doc)).toEqual(transcriptIds(writers[0]!.doc));
      late.destroy();
    }
  });
});
