/**
 * Nine responders, three on each of three nodes, claim `commander` at the same instant, half over
 * REST and half over socket.io. Arbitration must hold across nodes: one winner, eight conflicts
 * naming them, one event on the timeline, and the same holder on every node. Repeated on fresh
 * incidents, since a race lost once may be won the next time.
 */
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { WebsocketProvider } from 'y-websocket';
import { command, connectDoc, connectSocket, eventually, synced } from '../helpers/clients.ts';
import { declareOn, eventsOn, responderToken, startCluster } from '../helpers/cluster.ts';
import type { Cluster, ClusterNode } from '../helpers/cluster.ts';
import { stateDocName } from '../../shared/documents.ts';
import { readRoles, stateMaps } from '../../shared/stateDoc.ts';

const ROUNDS = 3;
const CLAIMANTS = 9;

interface Outcome {
  name: string;
  node: number;
  via: 'rest' | 'socket.io';
  ok: boolean;
  holder: string | undefined;
  code: string | undefined;
  message: string | undefined;
  status: number | undefined;
}

describe('role arbitration across nodes', () => {
  let cluster: Cluster;
  const providers: WebsocketProvider[] = [];
  const sockets: Socket[] = [];
  beforeAll(async () => {
    cluster = await startCluster({ nodes: 3, relayOnly: true });
  }, 90_000);
  afterAll(async () => {
    for (const p of providers) p.destroy();
    for (const s of sockets) s.disconnect();
    await cluster?.close();
  }, 30_000);

  it('nine simultaneous claims of commander on three nodes: one holder everywhere, eight conflicts, one event', { timeout: 120_000 }, async () => {
    onTestFailed(() => console.log(cluster.logs()));
    const { nodes } = cluster;
    for (let round = 0; round < ROUNDS; round++) {
      const id = await declareOn(nodes[round % nodes.length]!, { title: `Arbitration round ${round}`, severity: 'SEV1' });
      const claimants = await Promise.all(
        Array.from({ length: CLAIMANTS }, async (_, i) => {
          const node = nodes[i % nodes.length]!;
          const name = `Responder ${round}.${i}`;
          const token = await responderToken(node, id, name);
          const via: Outcome['via'] = i % 2 === 0 ? 'rest' : 'socket.io';
          const socket = via === 'socket.io' ? await connectSocket(node.url, token) : null;
          if (socket) sockets.push(socket);
          return { node, name, token, via, socket };
        }),
      );
      // REST connections are opened beforehand so every claim leaves at the same moment.
      await Promise.all(claimants.map((c) => c.node.api('GET', '/api/session', undefined, c.token)));

      const outcomes = await Promise.all(claimants.map((c) => claim(c.node, id, c.name, c.token, c.via, c.socket)));
      const winners = outcomes.filter((o) => o.ok);
      expect(winners, JSON.stringify(outcomes)).toHaveLength(1);
      const holder = winners[0]!.name;
      expect(winners[0]!.holder).toBe(holder);
      for (const loser of outcomes.filter((o) => !o.ok)) {
        expect(loser.code, JSON.stringify(loser)).toBe('conflict');
        if (loser.via === 'rest') expect(loser.status).toBe(409);
        expect(loser.holder).toBe(holder);
        expect(loser.message).toContain(holder);
      }

      for (const node of nodes) {
        const detail = await node.api('GET', `/api/incidents/${id}`);
        expect(detail.body.roles.commander?.name, `holder on node ${node.index}`).toBe(holder);
        expect(detail.body.commander?.name).toBe(holder);
        const claims = (await eventsOn(node, id)).filter((e) => e.type === 'role.claimed' && e.role === 'commander');
        expect(claims, `role.claimed events on node ${node.index}`).toHaveLength(1);
        expect(claims[0]!.actor.name).toBe(holder);
      }

      // Every node's live state document names the same holder.
      const states = await Promise.all(nodes.map(async (node) => connectDoc(node.wsUrl, stateDocName(id), await responderToken(node, id, `Observer ${round}.${node.index}`))));
      providers.push(...states);
      await Promise.all(states.map((s) => synced(s, 20_000)));
      await eventually(() => states.every((s) => readRoles(stateMaps(s.doc)).commander?.name === holder), 'every state document names the holder', 20_000);
      for (const s of states) {
        const claimed = stateMaps(s.doc)
          .events.toArray()
          .filter((e) => e.type === 'role.claimed');
        expect(claimed).toHaveLength(1);
        s.destroy();
      }
    }
  });
});

async function claim(node: ClusterNode, incidentId: string, name: string, token: string, via: Outcome['via'], socket: Socket | null): Promise<Outcome> {
  const base = { name, node: node.index, via };
  if (socket) {
    const reply = await command<{ holder: { name: string } }>(socket, { type: 'claimRole', incidentId, role: 'commander' });
    return reply.ok
      ? { ...base, ok: true, holder: reply.data.holder.name, code: undefined, message: undefined, status: undefined }
      : { ...base, ok: false, holder: reply.error.holder?.name, code: reply.error.code, message: reply.error.message, status: undefined };
  }
  const res = await node.api('POST', `/api/incidents/${incidentId}/commands`, { type: 'claimRole', role: 'commander' }, token);
  return res.status === 200
    ? { ...base, ok: true, holder: res.body.holder?.name, code: undefined, message: undefined, status: 200 }
    : { ...base, ok: false, holder: res.body.error?.holder?.name, code: res.body.error?.code, message: res.body.error?.message, status: res.status };
}
