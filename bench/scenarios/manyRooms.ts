/**
 * Many rooms: R rooms with 3 clients each, every client making a few small edits. Measures the
 * total time until every client has every edit of its room, the server's memory per loaded room
 * (clients connected), and per idle room (clients gone, documents still loaded).
 *
 * Our server unloads a room ROOM_UNLOAD_GRACE_MS after its last client leaves; it is set to ten
 * minutes here so the idle figure is taken before any unload. The references never unload.
 * Before every memory reading the server is made to run full garbage collections (through its
 * inspector, see lib/inspector.ts), so a reading counts what rooms retain rather than garbage
 * not yet collected; memory is then read from outside: resident set size from /proc, and the
 * JS heap in use as V8 reports it. V8 keeps heap pages it has grown, so RSS stays coarser.
 */
import { connectMany } from '../lib/clients.ts';
import type { BenchClient, ClientSpec } from '../lib/clients.ts';
import { collectGarbage } from '../lib/inspector.ts';
import { rssKiB } from '../lib/procStats.ts';
import { remaining, reportDelivered } from '../lib/scenario.ts';
import type { Scenario, ScenarioContext } from '../lib/scenario.ts';
import { appendEntry } from '../lib/transcript.ts';
import { mapLimit, sleep, waitUntil } from '../lib/wait.ts';

const MiB = 1024 * 1024;

interface MemoryReading {
  /** bytes */
  rss: number;
  /** bytes of JS heap in use after full collections; null without an inspector */
  heap: number | null;
}

async function readMemory(ctx: ScenarioContext, settleMs: number): Promise<MemoryReading> {
  await sleep(settleMs);
  const port = ctx.target.inspectPort;
  const heap = port === null ? null : await collectGarbage(port);
  // Give V8 a moment to hand freed pages back before reading RSS.
  await sleep(Math.min(settleMs, 500));
  return { rss: rssKiB(ctx.target.server.pid) * 1024, heap };
}

export const manyRooms: Scenario = {
  name: 'many-rooms',
  title: 'Many rooms: 3 clients each making small edits',
  serverEnv: () => ({ ROOM_UNLOAD_GRACE_MS: '600000' }),
  inspect: true,
  timeoutMs: (s) => 60_000 + s.manyRooms.rooms * s.manyRooms.clientsPerRoom * 40,
  async run(ctx) {
    const { rooms: roomCount, clientsPerRoom, editsPerClient, settleMs } = ctx.sizes.manyRooms;
    const { target, pool } = ctx;
    const group = `many rooms (${roomCount})`;
    const start0 = await readMemory(ctx, settleMs);

    const setupStart = performance.now();
    const rooms = await target.createRooms(roomCount, 'many rooms');
    const specs: ClientSpec[] = (
      await mapLimit(rooms, 8, async (room) => {
        const specsOfRoom: ClientSpec[] = [];
        for (let c = 0; c < clientsPerRoom; c++) {
          specsOfRoom.push({ ...target.endpoint, room, params: await target.credentials(room, 'responder', `writer ${c + 1}`), silent: true });
        }
        return specsOfRoom;
      })
    ).flat();
    ctx.log(`${roomCount} rooms and ${specs.length} tokens set up in ${((performance.now() - setupStart) / 1000).toFixed(1)} s`);
    const baseline = await readMemory(ctx, settleMs);

    const start = performance.now();
    const connected = await connectMany(pool, specs, ctx.sizes.wave * 2, 30_000);
    ctx.log(`${connected.synced}/${specs.length} clients synced in ${(connected.ms / 1000).toFixed(1)} s`);
    const perRoom = clientsPerRoom * editsPerClient;
    let converged = 0;
    const watch = (client: BenchClient) => {
      let done = false;
      client.transcript.observe(() => {
        if (!done && client.transcript.length >= perRoom) {
          done = true;
          converged++;
        }
      });
    };
    for (const client of connected.clients) watch(client);
    for (let e = 0; e < editsPerClient; e++) {
      for (const client of connected.clients) appendEntry(client, e, `small edit ${e + 1}`);
    }
    const all = await waitUntil(() => converged >= connected.clients.length, Math.max(5000, remaining(ctx) - 20_000));
    const totalMs = performance.now() - start;
    if (!all) ctx.note(`${connected.clients.length - converged} clients did not see every edit of their room in time`);
    const delivered = connected.clients.reduce((sum, c) => sum + Math.min(c.transcript.length, perRoom) - editsPerClient, 0);
    reportDelivered(ctx, 'rooms.delivered', group, 'edits delivered', delivered, connected.clients.length * (perRoom - editsPerClient));
    ctx.report({ key: 'rooms.totalTime', group, label: 'total time (connect, edit, converge)', value: totalMs / 1000, unit: 's', better: 'lower' });
    const loaded = await readMemory(ctx, 0);
    ctx.report({ key: 'rooms.loadedRss', group, label: 'RSS per loaded room (3 clients on)', value: (loaded.rss - baseline.rss) / MiB / roomCount, unit: 'MiB', better: 'lower' });

    pool.destroy(connected.clients);
    const idle = await readMemory(ctx, settleMs);
    const docsLoaded = await target.roomsLoaded();
    ctx.report({ key: 'rooms.idleRss', group, label: 'RSS per idle room (clients gone)', value: (idle.rss - baseline.rss) / MiB / roomCount, unit: 'MiB', better: 'lower', goal: { ratioMax: 1, max: 0.1 } });
    if (idle.heap !== null && baseline.heap !== null) {
      ctx.report({ key: 'rooms.idleHeap', group, label: 'JS heap per idle room', value: (idle.heap - baseline.heap) / MiB / roomCount, unit: 'MiB', better: 'lower' });
    }
    if (target.kind === 'ours') {
      ctx.report({ key: 'rooms.declareRss', group, label: 'RSS per declared incident (before clients)', value: (baseline.rss - start0.rss) / MiB / roomCount, unit: 'MiB', better: 'none' });
    }
    ctx.report({ key: 'rooms.loadedAtIdle', group, label: 'documents in memory at the idle measure', value: docsLoaded, unit: 'docs', better: 'none' });
  },
};
