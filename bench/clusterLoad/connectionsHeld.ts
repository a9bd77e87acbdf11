/**
 * Connections held: how many people a deployment keeps in their rooms at once. For each count
 * of the ramp, that many stock clients connect (spread round-robin over the incidents and over
 * the nodes, so most rooms have members on every node), and the count is held when
 *   - every client synced within the connect bound,
 *   - a check edit by each room's scribe then reached every client of that room within the
 *     edit bound (across nodes, this goes through the database and Redis), and
 *   - the server refused or cut off no one.
 * The ramp stops at the first count not held, or before a count the machine's file-descriptor
 * limit could not hold (every client is a socket in this process and in a server).
 *
 * Clients announce no presence (awareness null): thousands of bots renewing presence every
 * 15 s would measure presence relaying, which the presence benchmark covers. A silent stock
 * provider closes its socket after 30 s without a message, though; so, as in a live incident,
 * each room's scribe writes an entry every heartbeatMs while the room fills. Those entries
 * count: every client must end with every entry of its room.
 *
 * An edit is called lost, and the run fails, when a client that is synced still lacks an entry
 * lossGraceMs after the edit bound: slowness ends the ramp, loss fails the harness.
 */
import { ClientPool } from '../lib/clients.ts';
import type { ClientSpec } from '../lib/clients.ts';
import { rssKiB } from '../lib/procStats.ts';
import { appendEntry } from '../lib/transcript.ts';
import { sleep, waitUntil } from '../lib/wait.ts';
import { connectWindowed } from './connect.ts';
import { CpuMeter } from './cpuShares.ts';
import type { ClusterSizes, RampSettings } from './options.ts';
import { describeCpu, ramp } from './ramp.ts';
import type { RampResult, StepOutcome } from './ramp.ts';
import type { Stack } from './stack.ts';

export interface ConnectionStep extends StepOutcome {
  clients: number;
  synced: number;
  /** From the first connect until every client synced (or the bound). */
  connectMs: number;
  /** Server CPU per connection while connecting, all nodes together (µs). */
  serverCpuPerConnectionUs: number;
  /** From the check edits until the last synced client had every entry of its room; null if not within the bound. */
  editMs: number | null;
  /** Closes by the server or the network, by code, with the last reason seen. */
  closes: Array<{ code: number; count: number; reason: string }>;
  /** Resident memory of each node with every client connected (MiB). */
  serverRssMiB: number[];
  /** Resident memory of the bench process, which holds all the clients (MiB). */
  benchRssMiB: number;
}

export type ConnectionsResult = RampResult<ConnectionStep>;

/** Sockets this process keeps besides the clients' (files, stdio, REST calls). */
const FD_RESERVE = 500;

export async function measureConnections(stack: Stack, sizes: ClusterSizes, settings: RampSettings, log: (text: string) => void): Promise<ConnectionsResult> {
  const s = sizes.connections;
  const rooms = await stack.createRooms(s.rooms, 'connections held');
  // One token per room for its scribe and one its other members share; any node accepts either.
  const scribeParams = await Promise.all(rooms.map((room, i) => stack.credentials(room, 'responder', 'scribe', i)));
  const memberParams = await Promise.all(rooms.map((room, i) => stack.credentials(room, 'responder', 'member', i + 1)));
  const count = (n: number) => `${n.toLocaleString('en-US')} clients`;
  return ramp({
    stack,
    levels: s.counts,
    run: (n) => runCount(stack, sizes, rooms, scribeParams, memberParams, n, log),
    name: count,
    // Every client is a socket of this process (and of a node, which holds at most as many).
    unreachable: (n) => (n > settings.fdLimit - FD_RESERVE ? `${count(n)} would pass the open-file limit of the bench process (ulimit -n ${settings.fdLimit})` : null),
    describe: (st) =>
      `${count(st.clients)}: ${st.synced} synced in ${(st.connectMs / 1000).toFixed(1)} s, ` +
      `check edit reached all in ${st.editMs === null ? '—' : `${st.editMs.toFixed(0)} ms`}; ` +
      `RSS nodes ${st.serverRssMiB.map((m) => m.toFixed(0)).join(' ')} MiB, bench ${st.benchRssMiB.toFixed(0)} MiB; while connecting ${describeCpu(st.cpu)}` +
      (st.held ? '' : ` — not held: ${st.why}`),
    // How long thousands take to come online is CPU work, not a stall: retried only if disturbed.
    retryUndisturbed: false,
    quietCores: settings.quietCores,
    waitForQuiet: settings.waitForQuiet,
    log,
  });
}

async function runCount(
  stack: Stack,
  sizes: ClusterSizes,
  rooms: string[],
  scribeParams: Array<Record<string, string>>,
  memberParams: Array<Record<string, string>>,
  count: number,
  log: (text: string) => void,
): Promise<ConnectionStep> {
  const s = sizes.connections;
  const pool = new ClientPool();
  const nodes = stack.nodes.length;
  // Client i joins room i mod R through node i mod N; the first R clients are the scribes.
  const specs: ClientSpec[] = Array.from({ length: count }, (_, i) => {
    const r = i % rooms.length;
    return { wsUrl: stack.wsUrl(i % nodes), protocol: 'y-websocket', room: rooms[r]!, params: i < rooms.length ? scribeParams[r]! : memberParams[r]!, silent: true };
  });
  const heartbeats: NodeJS.Timeout[] = [];
  let written = 0;
  try {
    const cpu = await CpuMeter.start(stack);
    const start = performance.now();
    const deadline = start + s.connectBoundMs;
    // Scribes first, so their rooms are live while the rest of the people arrive.
    const scribes = (await connectWindowed(pool, specs.slice(0, rooms.length), s.inFlight, deadline)).clients;
    const write = (r: number) => {
      const scribe = scribes[r];
      if (scribe?.synced) appendEntry(scribe, written, `heartbeat ${++written}`);
    };
    for (let r = 0; r < scribes.length; r++) heartbeats.push(setInterval(() => write(r), s.heartbeatMs));
    const members = (await connectWindowed(pool, specs.slice(rooms.length), s.inFlight, deadline)).clients;
    const clients = [...scribes, ...members];
    await waitUntil(() => clients.every((c) => c.synced), deadline - performance.now());
    const synced = clients.filter((c) => c.synced).length;
    const connectMs = performance.now() - start;
    const connectCpu = await cpu.read();
    const serverRssMiB = stack.serverPids.map((pid) => rssKiB(pid) / 1024);
    const benchRssMiB = process.memoryUsage().rss / 2 ** 20;

    // The check edit: each room's scribe writes one entry; every client must end with all of its room's.
    for (const h of heartbeats) clearInterval(h);
    const editStart = performance.now();
    for (let r = 0; r < scribes.length; r++) write(r);
    const expected = (i: number) => scribes[i % rooms.length]?.transcript.length ?? 0;
    // Clients not synced yet get every entry with their sync; the count is not held anyway.
    const complete = () => clients.every((c, i) => !c.synced || c.transcript.length >= expected(i));
    const allIn = await waitUntil(complete, s.editBoundMs, 2);
    const editMs = allIn ? performance.now() - editStart : null;
    if (!allIn) await waitUntil(() => complete() || stack.deadNode() !== null, sizes.lossGraceMs, 20);
    const missing = clients.reduce((sum, c, i) => sum + (c.synced ? Math.max(0, expected(i) - c.transcript.length) : 0), 0);
    if (missing > 0) log(`${count} clients: ${missing} entry receipts never arrived at synced clients (lost)`);

    const refusals = pool.refusals();
    const refused = refusals.reduce((sum, r) => sum + r.count, 0);
    const why =
      synced < count
        ? `${synced} of ${count} synced within ${s.connectBoundMs / 1000} s`
        : refused > 0
          ? `${refused} connection(s) refused or closed by the server (${refusals.map((r) => `${r.code}${r.reason ? ` ${r.reason}` : ''}`).join(', ')})`
          : editMs === null
            ? `the check edit did not reach every client within ${s.editBoundMs / 1000} s`
            : null;
    return {
      clients: count,
      synced,
      connectMs,
      serverCpuPerConnectionUs: (connectCpu.nodes.reduce((a, b) => a + b, 0) * connectCpu.wallMs * 1000) / count,
      editMs,
      missing,
      closes: [...pool.closes].map(([code, v]) => ({ code, ...v })),
      refused,
      serverRssMiB,
      benchRssMiB,
      cpu: connectCpu,
      held: why === null && missing === 0,
      why: why ?? (missing > 0 ? `${missing} entry receipts lost` : null),
      attempt: 1,
    };
  } finally {
    for (const h of heartbeats) clearInterval(h);
    pool.destroyAll();
    await sleep(s.settleMs);
  }
}
