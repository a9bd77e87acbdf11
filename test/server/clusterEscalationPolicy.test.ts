/**
 * An escalation policy's steps on three nodes that all poll for due timers (issue 18): each step
 * fires exactly once in the cluster, so every target of every step is paged once (one `paged`
 * event, one page webhook) whichever node declared the incident, and an acknowledgement made on
 * another node stops the policy.
 *
 * A step waits at least a minute; rather than wait for it, the test brings every pending step's
 * deadline forward to now in the shared database, as the passing minute would, so all nodes find
 * the same rows due at their next poll: the race a claim must settle.
 */
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import pg from 'pg';
import { declareOn, startCluster, until } from '../helpers/cluster.ts';
import type { Cluster, ClusterNode } from '../helpers/cluster.ts';
import { startWebhookReceiver } from '../helpers/webhookReceiver.ts';
import type { WebhookReceiver } from '../helpers/webhookReceiver.ts';

const TIMER_POLL_MS = 50;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A person signed in through an invite on one node: schedules and policies name people, not token identities. */
async function person(node: ClusterNode, name: string): Promise<string> {
  const invite = await node.api('POST', '/api/invites', {});
  if (invite.status !== 201) throw new Error(`invite: ${invite.status} ${JSON.stringify(invite.body)}`);
  const res = await fetch(`${node.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ invite: invite.body.invite, name }) });
  if (res.status !== 201) throw new Error(`sign-in: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { userId: string }).userId;
}

async function created(node: ClusterNode, pathname: string, body: unknown): Promise<string> {
  const res = await node.api('POST', pathname, body);
  if (res.status !== 201) throw new Error(`${pathname}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

async function exportOf(node: ClusterNode, id: string): Promise<any> {
  const res = await node.api('GET', `/api/incidents/${id}/export.json`);
  if (res.status !== 200) throw new Error(`export of ${id} on node ${node.index}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

const pagedOf = (x: any): string[] => x.events.filter((e: any) => e.type === 'paged').map((e: any) => `${e.target.name} (${e.reason})`);

describe('an escalation policy on a cluster', () => {
  let cluster: Cluster;
  let hooks: WebhookReceiver;
  let db: pg.Client;

  beforeAll(async () => {
    [cluster, hooks] = await Promise.all([
      startCluster({ nodes: 3, env: { TIMER_POLL_MS: String(TIMER_POLL_MS), WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' } }),
      startWebhookReceiver(),
    ]);
    db = new pg.Client({ connectionString: cluster.db.url });
    await db.connect();
    const [n0, n1, n2] = cluster.nodes as [ClusterNode, ClusterNode, ClusterNode];
    const rota = async (node: ClusterNode, name: string, userId: string) =>
      created(node, '/api/schedules', { name, timeZone: 'UTC', layers: [{ name: 'Weekly', start: '2026-01-05T09:00:00Z', rotation: { type: 'weekly' }, users: [userId] }] });
    const [alice, carol, dave] = [await person(n0, 'Alice'), await person(n1, 'Carol'), await person(n2, 'Dave')];
    const policy = await created(n1, '/api/escalation-policies', {
      name: 'API',
      steps: [
        { delayMinutes: 1, targets: [{ type: 'schedule', scheduleId: await rota(n0, 'API primary', alice) }] },
        { delayMinutes: 1, targets: [{ type: 'user', userId: carol }] },
        { delayMinutes: 1, targets: [{ type: 'schedule', scheduleId: await rota(n2, 'API backup', dave) }] },
      ],
    });
    const put = await n2.api('PUT', '/api/services/api', { escalationPolicyId: policy, webhooks: [`${hooks.url}/pages`] });
    if (put.status !== 200) throw new Error(`roster: ${put.status} ${JSON.stringify(put.body)}`);
  }, 90_000);
  afterAll(async () => {
    await db?.end();
    await cluster?.close();
    await hooks?.close();
  }, 30_000);

  const PENDING = `kind = 'policy-step' AND fired_at IS NULL AND cancelled_at IS NULL`;
  /** The pending timers of step `step` (1-based) of the first run: the runner's subjects end in "/<run>:<step index>". */
  const ofStep = (step: number) => `%/0:${step - 1}`;
  /** Every pending timer of the step falls due now; answers how many there were. */
  const bringForward = async (step: number) => (await db.query(`UPDATE timers SET due_at = $1 WHERE ${PENDING} AND subject LIKE $2`, [Date.now(), ofStep(step)])).rowCount;
  /** Pending timers as stored (committed), whichever node armed them; of one step, or all. */
  const pending = async (step?: number) =>
    Number((await db.query(`SELECT COUNT(*) AS n FROM timers WHERE ${PENDING} AND subject LIKE $1`, [step ? ofStep(step) : '%'])).rows[0].n);
  const pageHooks = (id: string) => hooks.received.map((r) => r.body).filter((b) => b.incident?.id === id).map((b) => `${b.target.name} (${b.reason})`);

  it('fires each step once with three nodes polling, and no step after an acknowledgement elsewhere', { timeout: 90_000 }, async () => {
    onTestFailed(() => console.log(cluster.logs()));
    const { nodes } = cluster;
    const escalating = await Promise.all(nodes.flatMap((node) => [1, 2].map((i) => declareOn(node, { title: `API 5xx ${i} via node ${node.index}`, severity: 'SEV2', service: 'api' }))));
    const acknowledged = await declareOn(nodes[0]!, { title: 'API latency', severity: 'SEV2', service: 'api' });
    const ack = await nodes[2]!.api('POST', `/api/incidents/${acknowledged}/commands`, { type: 'acknowledge' });
    expect(ack.status, JSON.stringify(ack.body)).toBe(200);

    const expected = ['Alice (declared)', 'Carol (escalation)', 'Dave (escalation)'];
    for (const step of [2, 3]) {
      await until(() => pending(step), (n) => n === escalating.length, `step ${step} of every incident armed`, 30_000);
      expect(await bringForward(step)).toBe(escalating.length);
      for (const [i, id] of escalating.entries()) {
        await until(() => exportOf(nodes[i % nodes.length]!, id), (x) => pagedOf(x).length >= step, `step ${step} of ${id}`, 30_000);
      }
    }
    // The policy does not repeat: after the third step nothing is pending.
    await until(() => pending(), (n) => n === 0, 'no step pending', 30_000);
    await until(async () => escalating.map(pageHooks).flat().length, (n) => n >= 3 * escalating.length, 'page webhooks', 20_000);
    // Many polls of every node more: a step fired twice would show now.
    await sleep(20 * TIMER_POLL_MS);

    for (const node of nodes) {
      for (const id of escalating) {
        const x = await exportOf(node, id);
        expect(pagedOf(x), `pages of ${id} on node ${node.index}`).toEqual(expected);
        expect(x.events.filter((e: any) => e.type === 'escalated').map((e: any) => `${e.from?.name} → ${e.to?.name}`)).toEqual(['Alice → Carol', 'Carol → Dave']);
      }
      expect(pagedOf(await exportOf(node, acknowledged)), `acknowledged incident on node ${node.index}`).toEqual(['Alice (declared)']);
    }
    for (const id of escalating) expect(pageHooks(id).sort(), `page webhooks of ${id}`).toEqual([...expected].sort());
    expect(pageHooks(acknowledged)).toEqual(['Alice (declared)']);
  });
});
