/**
 * Stalls that decide a tail latency without showing in CPU time: a node whose event loop is
 * blocked (a synchronous SQLite checkpoint waiting for the disk), and a PostgreSQL COMMIT
 * waiting for its WAL to reach the disk, which holds up that node's write queue and so every
 * update behind it. Watched from outside while a rate is offered: each node's /api/health is
 * asked every POLL_MS (its answer time is how long its loop was blocked, give or take), and
 * pg_stat_activity is read as often for the run's database.
 */
import pg from 'pg';
import type { Stack } from './stack.ts';

const POLL_MS = 50;

export interface Stalls {
  /** Longest /api/health answer per node (ms). */
  nodes: number[];
  /** Longest COMMIT seen in progress on the run's database (ms), or null without PostgreSQL. */
  commit: number | null;
}

export class StallWatch {
  private stopped = false;
  private readonly nodes: number[];
  private commit = 0;
  private readonly loops: Array<Promise<void>>;

  private constructor(
    private readonly stack: Stack,
    private readonly client: pg.Client | null,
  ) {
    this.nodes = stack.nodes.map(() => 0);
    this.loops = [...stack.nodes.map((_, i) => this.watchNode(i)), ...(client ? [this.watchCommits(client)] : [])];
  }

  static async start(stack: Stack): Promise<StallWatch> {
    let client: pg.Client | null = null;
    if (stack.db) {
      client = new pg.Client({ connectionString: stack.db.url });
      await client.connect();
    }
    return new StallWatch(stack, client);
  }

  async stop(): Promise<Stalls> {
    this.stopped = true;
    await Promise.all(this.loops);
    await this.client?.end().catch(() => {});
    return { nodes: this.nodes, commit: this.client ? this.commit : null };
  }

  private async watchNode(i: number): Promise<void> {
    const url = `${this.stack.nodes[i]!.baseUrl}/api/health`;
    while (!this.stopped) {
      const start = performance.now();
      try {
        await (await fetch(url)).arrayBuffer();
        this.nodes[i] = Math.max(this.nodes[i]!, performance.now() - start);
      } catch {
        // A node that died is reported by the ramp.
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  private async watchCommits(client: pg.Client): Promise<void> {
    const sql = `SELECT coalesce(max(extract(epoch FROM clock_timestamp() - query_start) * 1000), 0) AS ms
      FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND query ILIKE 'COMMIT%'`;
    while (!this.stopped) {
      try {
        const res = await client.query<{ ms: string }>(sql);
        this.commit = Math.max(this.commit, Number(res.rows[0]?.ms ?? 0));
      } catch {
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
}
