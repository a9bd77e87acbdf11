/**
 * On a cluster node, /metrics reports the link to Redis (issue 16): up while Redis answers, down
 * (the ClusterLinkDown alert's input) while it is away, up again once it is back; and reads of
 * the update log made to catch up with other nodes are counted. A real private Redis, stopped
 * and started; a real PostgreSQL database.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { startTestServer, tempDataDir } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { connectDoc, synced } from '../helpers/clients.ts';
import { declareIncident } from '../helpers/incidents.ts';
import { createTestDatabase } from '../helpers/postgres.ts';
import type { TestDatabase } from '../helpers/postgres.ts';
import { startRedisServer } from '../helpers/redisServer.ts';
import type { RedisServer } from '../helpers/redisServer.ts';
import { scrape } from '../helpers/prometheusText.ts';

describe('the cluster link in /metrics', () => {
  let server: TestServer | null = null;
  let redis: RedisServer | null = null;
  let database: TestDatabase | null = null;
  afterAll(async () => {
    await server?.close();
    await redis?.stop();
    await database?.drop();
  });

  async function linkUntil(state: number): Promise<void> {
    for (;;) {
      const s = await scrape(server!, server!.adminToken);
      if (['publisher', 'subscriber'].every((connection) => s.value('incident_room_cluster_link_up', { connection }) === state)) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  it('is 1 while Redis answers, 0 while it is away, and counts catch-up reads', async () => {
    database = await createTestDatabase();
    redis = await startRedisServer();
    server = await startTestServer({
      dataDir: tempDataDir(),
      storage: { kind: 'postgres', url: database.url, poolSize: 4 },
      cluster: { redisUrl: redis.url, prefix: `metrics-${Date.now()}`, checkMs: 60_000 },
    });
    await linkUntil(1);

    const before = await scrape(server, server.adminToken);
    const id = await declareIncident(server);
    const reader = connectDoc(server.wsUrl, id, server.adminToken);
    await synced(reader);
    reader.destroy();
    const after = await scrape(server, server.adminToken);
    // A client's sync on a cluster node first reads what other nodes stored.
    expect(after.value('incident_room_catch_up_reads_total')).toBeGreaterThan(before.value('incident_room_catch_up_reads_total'));

    await redis.stop();
    await linkUntil(0);
    await redis.start();
    await linkUntil(1);
  });
});
