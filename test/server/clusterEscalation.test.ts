/**
 * Escalation timers on three nodes that all poll for due timers: each escalation fires exactly
 * once (one `escalated` event, one page to each of the secondary's open tabs, one webhook), even
 * after many more polls; an acknowledgement made on another node cancels it; and timers that
 * fell due while the whole cluster was down fire once when all nodes start together.
 */
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { Socket } from 'socket.io-client';
import { connectSocket } from '../helpers/clients.ts';
import { declareOn, responderToken, startCluster, until, userIdOf } from '../helpers/cluster.ts';
import type { Cluster, ClusterNode } from '../helpers/cluster.ts';
import { startWebhookReceiver } from '../helpers/webhookReceiver.ts';
import type { WebhookReceiver } from '../helpers/webhookReceiver.ts';

const ESCALATE_AFTER_SEC = 2;
// Polls this often overlap another node's timer transaction: the race a claim must settle.
const TIMER_POLL_MS = 50;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('escalation on a cluster', () => {
  let cluster: Cluster;
  let hooks: WebhookReceiver;
  let secondaryToken: string;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    [cluster, hooks] = await Promise.all([
      startCluster({ nodes: 3, env: { ESCALATE_AFTER_SEC: String(ESCALATE_AFTER_SEC), TIMER_POLL_MS: String(TIMER_POLL_MS), WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' } }),
      startWebhookReceiver(),
    ]);
    const { nodes } = cluster;
    const scratch = await declareOn(nodes[0]!, { title: 'roster setup', severity: 'SEV4' });
    const primaryToken = await responderToken(nodes[0]!, scratch, 'Pat Primary');
    secondaryToken = await responderToken(nodes[1]!, scratch, 'Sam Secondary');
    const put = await nodes[2]!.api('PUT', '/api/services/api', {
      primary: { userId: await userIdOf(nodes[0]!, primaryToken), name: 'Pat Primary' },
      secondary: { userId: await userIdOf(nodes[1]!, secondaryToken), name: 'Sam Secondary' },
      webhooks: [`${hooks.url}/pages`],
    });
    if (put.status !== 200) throw new Error(`roster: ${put.status} ${JSON.stringify(put.body)}`);
  }, 90_000);
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await cluster?.close();
    await hooks?.close();
  }, 30_000);

  const declareMany = (count: number, label: string) =>
    Promise.all(
      Array.from({ length: count }, (_, i) => {
        const node = cluster.nodes[i % cluster.nodes.length]!;
        return declareOn(node, { title: `${label} ${i} via node ${node.index}`, severity: 'SEV2', service: 'api' });
      }),
    );
  const escalationHooks = (ids: string[]) => hooks.received.map((r) => r.body).filter((b) => b.reason === 'escalation' && ids.includes(b.incident.id));

  /** On every node: exactly one escalation of each incident, from the primary to the secondary. */
  async function expectEscalatedOnce(ids: string[]): Promise<void> {
    for (const node of cluster.nodes) {
      for (const id of ids) {
        const x = await exportOf(node, id);
        const escalated = x.events.filter((e: any) => e.type === 'escalated');
        expect(escalated, `escalated events of ${id} on node ${node.index}`).toHaveLength(1);
        expect(escalated[0]).toMatchObject({ from: { name: 'Pat Primary' }, to: { name: 'Sam Secondary' } });
        expect(x.events.filter((e: any) => e.type === 'paged').map((e: any) => e.reason)).toEqual(['declared', 'escalation']);
        expect(x.pages.filter((p: any) => p.reason === 'escalation')).toHaveLength(1);
      }
    }
    expect(escalationHooks(ids).map((b) => b.incident.id).sort(), 'escalation webhooks').toEqual([...ids].sort());
  }

  it('fires each escalation exactly once with three nodes polling, and not after an acknowledgement elsewhere', { timeout: 90_000 }, async () => {
    onTestFailed(() => console.log(cluster.logs()));
    const { nodes } = cluster;
    // The secondary has a tab open on every node; each must be paged once per escalation.
    const pagesPerTab = await Promise.all(
      nodes.map(async (node) => {
        const socket = await connectSocket(node.url, secondaryToken);
        sockets.push(socket);
        const pages: any[] = [];
        socket.on('page', (p) => pages.push(p));
        return pages;
      }),
    );

    const escalating = await declareMany(2 * nodes.length, 'API 5xx');
    const acknowledged = await declareOn(nodes[0]!, { title: 'API latency', severity: 'SEV2', service: 'api' });
    const ack = await nodes[2]!.api('POST', `/api/incidents/${acknowledged}/commands`, { type: 'acknowledge' });
    expect(ack.status, JSON.stringify(ack.body)).toBe(200);

    for (const id of escalating) {
      await until(() => exportOf(nodes[0]!, id), (x) => x.events.some((e: any) => e.type === 'escalated'), `escalation of ${id}`, 30_000);
    }
    await until(async () => escalationHooks(escalating).length, (n) => n >= escalating.length, 'escalation webhooks', 20_000);
    // Past the deadline of every timer, many polls of every node more.
    await sleep(ESCALATE_AFTER_SEC * 1000 + 20 * TIMER_POLL_MS);

    await expectEscalatedOnce(escalating);
    for (const node of nodes) {
      const quiet = await exportOf(node, acknowledged);
      expect(quiet.events.some((e: any) => e.type === 'escalated'), `acknowledged incident escalated on node ${node.index}`).toBe(false);
      expect(quiet.events.filter((e: any) => e.type === 'paged').map((e: any) => e.reason)).toEqual(['declared']);
    }
    expect(escalationHooks([acknowledged])).toEqual([]);
    for (const [tab, pages] of pagesPerTab.entries()) {
      expect(pages.every((p) => p.reason === 'escalation' && p.target?.name === 'Sam Secondary'), JSON.stringify(pages)).toBe(true);
      expect(pages.map((p) => p.incidentId).sort(), `escalation pages on the tab open on node ${tab}`).toEqual([...escalating].sort());
    }
    for (const s of sockets.splice(0)) s.disconnect();
  });

  it('fires timers that fell due while every node was down exactly once when all start together', { timeout: 90_000 }, async () => {
    onTestFailed(() => console.log(cluster.logs()));
    const { nodes } = cluster;
    // Many at once, so the nodes starting together work through the overdue list side by side.
    const overdue = await declareMany(5 * nodes.length, 'Queue stuck');
    await Promise.all(nodes.map((n) => n.stop('SIGKILL')));
    await sleep(ESCALATE_AFTER_SEC * 1000 + 200);
    await Promise.all(nodes.map((n) => n.start()));

    for (const [i, id] of overdue.entries()) {
      await until(() => exportOf(nodes[i % nodes.length]!, id), (x) => x.events.some((e: any) => e.type === 'escalated'), `escalation of ${id}`, 30_000);
    }
    await until(async () => escalationHooks(overdue).length, (n) => n >= overdue.length, 'escalation webhooks', 20_000);
    await sleep(20 * TIMER_POLL_MS);
    await expectEscalatedOnce(overdue);
  });
});

async function exportOf(node: ClusterNode, id: string): Promise<any> {
  const res = await node.api('GET', `/api/incidents/${id}/export.json`);
  if (res.status !== 200) throw new Error(`export of ${id} on node ${node.index}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
