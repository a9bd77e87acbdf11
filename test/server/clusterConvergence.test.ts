/**
 * Three nodes, one incident: responders connected to different nodes write transcript entries,
 * action items and the shared notes at the same time, and claim roles through commands sent to
 * different nodes. Every node's clients end with the same document, each entry once, and every
 * node's state document shows every claim.
 */
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import { command, connectDoc, connectSocket, eventually, synced } from '../helpers/clients.ts';
import { addActionItem, addTranscriptEntry, declareOn, eventsOn, responderToken, startCluster, transcriptIds } from '../helpers/cluster.ts';
import type { Cluster } from '../helpers/cluster.ts';
import { stateDocName } from '../../shared/documents.ts';
import { readActions, responderRoots } from '../../shared/responderDoc.ts';
import { readRoles, stateMaps } from '../../shared/stateDoc.ts';

const ENTRIES_PER_WRITER = 30;
const ACTIONS_PER_WRITER = 10;

const actionIds = (doc: Y.Doc) => readActions(doc).map((a) => a.id);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a three-node cluster', () => {
  let cluster: Cluster;
  const providers: WebsocketProvider[] = [];
  beforeAll(async () => {
    cluster = await startCluster({ nodes: 3, relayOnly: true });
  }, 90_000);
  afterAll(async () => {
    for (const p of providers) p.destroy();
    await cluster?.close();
  }, 30_000);

  it('converges edits made through different nodes, each entry once', { timeout: 90_000 }, async () => {
    onTestFailed(() => console.log(cluster.logs()));
    const { nodes } = cluster;
    const id = await declareOn(nodes[0]!, { title: 'Cluster convergence', severity: 'SEV2' });
    // Each writer's token is made on another node than the one it connects to: tokens are shared.
    const writers = await Promise.all(
      nodes.map(async (node, i) => connectDoc(node.wsUrl, id, await responderToken(nodes[(i + 1) % nodes.length]!, id, `Writer ${i}`))),
    );
    providers.push(...writers);
    await Promise.all(writers.map((w) => synced(w, 20_000)));

    // All three write at once, interleaving entries, action items and notes.
    await Promise.all(
      writers.map(async (w, i) => {
        for (let n = 0; n < ENTRIES_PER_WRITER; n++) {
          addTranscriptEntry(w.doc, `w${i}-e${n}`, `writer ${i} entry ${n}`);
          if (n % 3 === 0) addActionItem(w.doc, `w${i}-a${n / 3}`, `writer ${i} action ${n / 3}`);
          if (n % 10 === 0) responderRoots(w.doc).notes.insert(0, `[w${i}:${n}]`);
          await sleep(5 + Math.random() * 15);
        }
      }),
    );

    const expectedEntries = nodes.flatMap((_, i) => Array.from({ length: ENTRIES_PER_WRITER }, (_, n) => `w${i}-e${n}`)).sort();
    const expectedActions = nodes.flatMap((_, i) => Array.from({ length: ACTIONS_PER_WRITER }, (_, n) => `w${i}-a${n}`)).sort();
    await eventually(
      () => writers.every((w) => transcriptIds(w.doc).length >= expectedEntries.length && actionIds(w.doc).length >= expectedActions.length),
      'every writer has every entry and action item',
      30_000,
    );
    await eventually(() => writers.every((w) => w.doc.getText('notes').toString() === writers[0]!.doc.getText('notes').toString()), 'notes agree', 10_000);

    const reference = writers[0]!.doc;
    expect([...transcriptIds(reference)].sort()).toEqual(expectedEntries);
    expect([...actionIds(reference)].sort()).toEqual(expectedActions);
    for (const w of writers) {
      expect(transcriptIds(w.doc)).toEqual(transcriptIds(reference));
      expect(actionIds(w.doc)).toEqual(actionIds(reference));
    }
    const notes = reference.getText('notes').toString();
    for (let i = 0; i < nodes.length; i++) for (const n of [0, 10, 20]) expect(notes.split(`[w${i}:${n}]`)).toHaveLength(2);

    // A client that joins each node afterwards loads exactly that state (from storage or memory).
    for (const node of nodes) {
      const late = connectDoc(node.wsUrl, id, await responderToken(node, id, `Late reader ${node.index}`));
      providers.push(late);
      await synced(late, 20_000);
      await eventually(() => transcriptIds(late.doc).length === expectedEntries.length, `late reader on node ${node.index} has every entry`, 10_000);
      expect(transcriptIds(late.doc)).toEqual(transcriptIds(reference));
      expect(actionIds(late.doc)).toEqual(actionIds(reference));
      expect(late.doc.getText('notes').toString()).toBe(notes);
      late.destroy();
    }
  });

  it('shows role claims made through commands on different nodes on every node', { timeout: 60_000 }, async () => {
    onTestFailed(() => console.log(cluster.logs()));
    const { nodes } = cluster;
    const id = await declareOn(nodes[1]!, { title: 'Cluster roles', severity: 'SEV3' });
    const states = await Promise.all(nodes.map(async (node) => connectDoc(node.wsUrl, stateDocName(id), await responderToken(node, id, `Observer ${node.index}`))));
    providers.push(...states);
    await Promise.all(states.map((s) => synced(s, 20_000)));

    const [alice, bob, carol] = await Promise.all(['Alice', 'Bob', 'Carol'].map((name, i) => responderToken(nodes[i]!, id, name)));
    // commander over REST on node 0, scribe over socket.io on node 1, comms over REST on node 2.
    const commander = await nodes[0]!.api('POST', `/api/incidents/${id}/commands`, { type: 'claimRole', role: 'commander' }, alice);
    expect(commander.status, JSON.stringify(commander.body)).toBe(200);
    const socket = await connectSocket(nodes[1]!.url, bob!);
    const scribe = await command(socket, { type: 'claimRole', incidentId: id, role: 'scribe' });
    socket.disconnect();
    expect(scribe.ok, JSON.stringify(scribe)).toBe(true);
    const comms = await nodes[2]!.api('POST', `/api/incidents/${id}/commands`, { type: 'claimRole', role: 'comms' }, carol);
    expect(comms.status, JSON.stringify(comms.body)).toBe(200);

    const holders = (doc: Y.Doc) => {
      const roles = readRoles(stateMaps(doc));
      return { commander: roles.commander?.name, scribe: roles.scribe?.name, comms: roles.comms?.name };
    };
    const expected = { commander: 'Alice', scribe: 'Bob', comms: 'Carol' };
    await eventually(
      () => states.every((s) => JSON.stringify(holders(s.doc)) === JSON.stringify(expected)),
      'every node’s state document shows all three claims',
      20_000,
    );
    for (const s of states) expect(holders(s.doc)).toEqual(expected);

    for (const node of nodes) {
      const detail = await node.api('GET', `/api/incidents/${id}`);
      expect(detail.status).toBe(200);
      expect({ commander: detail.body.roles.commander?.name, scribe: detail.body.roles.scribe?.name, comms: detail.body.roles.comms?.name }).toEqual(expected);
      const claimed = (await eventsOn(node, id)).filter((e) => e.type === 'role.claimed').map((e) => `${e.role}:${e.actor.name}`);
      expect(claimed.sort()).toEqual(['commander:Alice', 'comms:Carol', 'scribe:Bob']);
    }
  });

  it('counts a link’s stakeholder tabs across nodes', { timeout: 60_000 }, async () => {
    const { nodes } = cluster;
    const id = await declareOn(nodes[0]!, { title: 'Cluster viewers', severity: 'SEV3' });
    const link = await nodes[0]!.api('POST', `/api/incidents/${id}/tokens`, { access: 'stakeholder', name: 'Board' });
    const tabs = [1, 2].map((i) => connectDoc(nodes[i]!.wsUrl, stateDocName(id), link.body.token));
    providers.push(...tabs);
    await Promise.all(tabs.map((t) => synced(t, 20_000)));
    const listed = await nodes[0]!.api('GET', `/api/incidents/${id}/tokens`);
    expect(listed.body.tokens.find((t: { id: string }) => t.id === link.body.id).viewers).toBe(2);
  });
});
