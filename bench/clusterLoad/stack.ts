/**
 * One deployment under test, started fresh for each measurement: either the default install
 * (one node on embedded SQLite in a fresh data folder) or the scale-out stack (a fresh
 * PostgreSQL database, a private Redis, and N nodes sharing them and one API token).
 *
 * Whatever happens, `stop()` stops every node and the Redis and drops the database; a stack
 * still running when the process is interrupted (Ctrl-C) is cleaned up before it exits.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createBenchDatabase } from '../lib/postgresDatabase.ts';
import type { BenchDatabase } from '../lib/postgresDatabase.ts';
import { RedisProcess } from '../lib/redisProcess.ts';
import { OUR_NODE_ARGS } from '../lib/builds.ts';
import { freePort, ServerProcess } from '../lib/serverProcess.ts';
import { mapLimit } from '../lib/wait.ts';

export type SetupName = 'sqlite-1' | 'pg-redis-1' | 'pg-redis-3';
export const SETUP_NAMES: readonly SetupName[] = ['sqlite-1', 'pg-redis-1', 'pg-redis-3'];

export interface Setup {
  name: SetupName;
  label: string;
  storage: 'sqlite' | 'postgres';
  nodes: number;
}

export const SETUPS: Record<SetupName, Setup> = {
  'sqlite-1': { name: 'sqlite-1', label: 'SQLite, 1 node', storage: 'sqlite', nodes: 1 },
  'pg-redis-1': { name: 'pg-redis-1', label: 'PostgreSQL + Redis, 1 node', storage: 'postgres', nodes: 1 },
  'pg-redis-3': { name: 'pg-redis-3', label: 'PostgreSQL + Redis, 3 nodes', storage: 'postgres', nodes: 3 },
};

/**
 * Environment every node gets. The bench process opens all its sockets from loopback addresses
 * (100 per address, see lib/clients.ts), but the per-address limit is lifted anyway so that it
 * can never be what a ramp runs into. Every other limit keeps its default.
 */
const NODE_ENV: Record<string, string> = {
  LOG_LEVEL: 'warn',
  MAX_CONNECTIONS_PER_ADDRESS: '1000000',
};

export type Access = 'responder' | 'stakeholder';

/** REST calls in flight at once while setting up rooms and tokens. */
const SETUP_CONCURRENCY = 8;

const running = new Set<Stack>();
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    process.stderr.write(`\n${signal}: stopping servers and Redis, dropping databases…\n`);
    void Promise.allSettled([...running].map((s) => s.stop())).then(() => process.exit(130));
  });
}

export class Stack {
  readonly nodes: ServerProcess[] = [];
  readonly adminToken = randomBytes(24).toString('base64url');
  redis: RedisProcess | null = null;
  db: BenchDatabase | null = null;
  private readonly dataDirs: string[] = [];
  private stopped: Promise<void> | null = null;

  private constructor(readonly setup: Setup) {}

  /** Starts the setup's nodes from `entry`, the server built ahead of time (lib/builds.ts). */
  static async start(setup: Setup, entry: string): Promise<Stack> {
    const stack = new Stack(setup);
    // Registered before anything starts, so an interrupt during start-up cleans up too.
    running.add(stack);
    try {
      const shared: Record<string, string> = {};
      if (setup.storage === 'postgres') {
        stack.db = await createBenchDatabase();
        stack.redis = await RedisProcess.start();
        Object.assign(shared, { DATABASE_URL: stack.db.url, REDIS_URL: stack.redis.url, REDIS_PREFIX: `ir-bench-${randomBytes(6).toString('hex')}` });
      }
      const specs = await Promise.all(
        Array.from({ length: setup.nodes }, async (_, i) => {
          const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `incident-room-bench-${setup.name}-${i}-`));
          stack.dataDirs.push(dataDir);
          const port = await freePort();
          return { port, env: { ...NODE_ENV, ...shared, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, ADMIN_TOKEN: stack.adminToken } };
        }),
      );
      // All at once, as a deployment starts them: the migrations must cope with that.
      const started = await Promise.allSettled(specs.map((spec) => ServerProcess.start({ entry, nodeArgs: [...OUR_NODE_ARGS], port: spec.port, env: spec.env, startTimeoutMs: 60_000 })));
      for (const s of started) if (s.status === 'fulfilled') stack.nodes.push(s.value);
      const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
      if (failed) throw failed.reason;
    } catch (error) {
      await stack.stop().catch(() => {});
      throw new Error(`${setup.label}: did not start: ${(error as Error).message}`);
    }
    return stack;
  }

  get serverPids(): number[] {
    return this.nodes.map((n) => n.pid);
  }

  /** Base URL for WebsocketProvider on node `i`; documents are at `${wsUrl(i)}/<name>`. */
  wsUrl(i: number): string {
    return `ws://127.0.0.1:${this.nodes[i]!.port}/yjs`;
  }

  /** The first node that has exited, with its last output, or null while all run. */
  deadNode(): string | null {
    const i = this.nodes.findIndex((n) => !n.alive);
    return i < 0 ? null : `node ${i + 1} exited: ${this.nodes[i]!.recentOutput.slice(-800)}`;
  }

  /** Declares `count` incidents, spread round-robin over the nodes as automation would. */
  createRooms(count: number, title: string): Promise<string[]> {
    return mapLimit(Array.from({ length: count }), SETUP_CONCURRENCY, async (_, i) => {
      const body = await this.api(i % this.nodes.length, 'POST', '/api/incidents', { title: `${title} ${i + 1}`, severity: 'SEV2' });
      return body.id as string;
    });
  }

  /** A token for one incident (any node accepts it); provider params carrying it. */
  async credentials(room: string, access: Access, name: string, node = 0): Promise<Record<string, string>> {
    const body = await this.api(node % this.nodes.length, 'POST', `/api/incidents/${room}/tokens`, { access, name });
    return { token: body.token as string };
  }

  async api(node: number, method: string, pathname: string, body: unknown): Promise<Record<string, unknown>> {
    const res = await fetch(this.nodes[node]!.baseUrl + pathname, {
      method,
      headers: { authorization: `Bearer ${this.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${pathname} on node ${node + 1} answered ${res.status}: ${text.slice(0, 300)}`);
    return JSON.parse(text) as Record<string, unknown>;
  }

  /** Stops the nodes, then the Redis, drops the database and removes the data folders; safe to call twice. */
  stop(): Promise<void> {
    this.stopped ??= this.teardown();
    return this.stopped;
  }

  private async teardown(): Promise<void> {
    const errors: string[] = [];
    const attempt = async (what: string, fn: () => Promise<void>) => {
      try {
        await fn();
      } catch (error) {
        errors.push(`${what}: ${(error as Error).message}`);
      }
    };
    await Promise.all(this.nodes.map((n, i) => attempt(`stopping node ${i + 1}`, () => n.stop(10_000))));
    if (this.redis) await attempt('stopping redis', () => this.redis!.stop());
    if (this.db) await attempt(`dropping database ${this.db.name}`, () => this.db!.drop());
    for (const dir of this.dataDirs) fs.rmSync(dir, { recursive: true, force: true });
    running.delete(this);
    if (errors.length > 0) throw new Error(`${this.setup.label}: clean-up failed: ${errors.join('; ')}`);
  }
}
