/**
 * Several server nodes as one cluster, as they run in production: child processes sharing a
 * fresh PostgreSQL database and a private Redis, one API token, and a round-robin load balancer
 * in front. Each test file starts its own, with a unique REDIS_PREFIX, so files can run at once.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import * as Y from 'yjs';
import pg from 'pg';
import type { WebsocketProvider } from 'y-websocket';
import { connectDoc, synced } from './clients.ts';
import { actionItem, readTranscript, responderRoots, transcriptEntry } from '../../shared/responderDoc.ts';
import { ServerProcess, freePort } from './serverProcess.ts';
import { createTestDatabase } from './postgres.ts';
import type { TestDatabase } from './postgres.ts';
import { startRedisServer } from './redisServer.ts';
import type { RedisServer } from './redisServer.ts';
import { startLoadBalancer } from './loadBalancer.ts';
import type { LoadBalancer } from './loadBalancer.ts';

export interface ApiResponse<T = any> {
  status: number;
  body: T;
}

/** One node: a ServerProcess that uses the cluster's API token instead of a random one of its own. */
export class ClusterNode extends ServerProcess {
  override readonly adminToken: string;

  constructor(
    readonly index: number,
    port: number,
    dataDir: string,
    env: Record<string, string>,
  ) {
    super(port, dataDir, env);
    this.adminToken = env.ADMIN_TOKEN!;
  }

  /** Calls the REST API of this node, as the API token unless another token is given. */
  override async api<T = any>(method: string, pathname: string, body?: unknown, token = this.adminToken): Promise<ApiResponse<T>> {
    const request = () =>
      fetch(this.url + pathname, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    let res: Response;
    try {
      res = await request();
    } catch (error) {
      // A kept-alive connection to this node's previous process (killed and restarted) fails
      // once; a read is safe to send again, a write is not.
      if (method !== 'GET') throw error;
      res = await request();
    }
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }
}

export interface ClusterOptions {
  /** How many server nodes; 3 unless told. */
  nodes?: number;
  /** Extra environment for every node (ESCALATE_AFTER_SEC, TIMER_POLL_MS, …). */
  env?: Record<string, string>;
  /**
   * Turns each node's periodic check of its documents against storage (CLUSTER_CHECK_MS) down
   * to once an hour, so documents converge only through the Redis relay and its own catch-up
   * (gaps, reconnects): with the check on, a broken relay would pass a few seconds late.
   */
  relayOnly?: boolean;
}

export interface Cluster {
  nodes: ClusterNode[];
  lb: LoadBalancer;
  redis: RedisServer;
  db: TestDatabase;
  adminToken: string;
  redisPrefix: string;
  /** Calls the API of node `index` (the first node unless told). */
  api<T = any>(method: string, pathname: string, body?: unknown, options?: { node?: number; token?: string }): Promise<ApiResponse<T>>;
  /** What every node printed, for the message of a failed test. */
  logs(): string;
  /** Stops every node and the Redis, and drops the database; safe to call twice. */
  close(): Promise<void>;
}

export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const count = options.nodes ?? 3;
  const adminToken = randomBytes(24).toString('base64url');
  const redisPrefix = `ir-test-${randomBytes(6).toString('hex')}`;
  const dataDirs: string[] = [];
  const nodes: ClusterNode[] = [];
  let db: TestDatabase | undefined;
  let redis: RedisServer | undefined;
  let lb: LoadBalancer | undefined;

  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await lb?.close();
    await Promise.all(nodes.map((n) => n.stop('SIGKILL')));
    await redis?.stop();
    await db?.drop();
    for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
  };

  try {
    db = await createTestDatabase();
    redis = await startRedisServer();
    for (let i = 0; i < count; i++) {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `incident-room-cluster-${i}-`));
      dataDirs.push(dataDir);
      nodes.push(
        new ClusterNode(i, await freePort(), dataDir, {
          // Small pools: several clusters of several nodes share one PostgreSQL (100 connections).
          DATABASE_POOL_SIZE: '4',
          ...(options.relayOnly ? { CLUSTER_CHECK_MS: String(3_600_000) } : {}),
          ...options.env,
          ADMIN_TOKEN: adminToken,
          DATABASE_URL: db.url,
          REDIS_URL: redis.url,
          REDIS_PREFIX: redisPrefix,
        }),
      );
    }
    // All at once, as a deployment starts them: migrations must cope with that.
    await Promise.all(nodes.map((n) => n.start()));
    lb = await startLoadBalancer(nodes.map((n) => ({ host: '127.0.0.1', port: n.port })));
  } catch (error) {
    const output = nodes.map((n) => `--- node ${n.index} ---\n${n.output}`).join('\n');
    await close();
    throw new Error(`cluster did not start: ${(error as Error).message}\n${output}\n--- redis ---\n${redis?.output ?? ''}`);
  }

  return {
    nodes,
    lb,
    redis,
    db,
    adminToken,
    redisPrefix,
    api: (method, pathname, body, { node = 0, token }: { node?: number; token?: string } = {}) => nodes[node]!.api(method, pathname, body, token),
    logs: () => nodes.map((n) => `--- node ${n.index} (port ${n.port}) ---\n${n.output}`).join('\n'),
    close,
  };
}

/** Declares an incident through one node and answers its id. */
export async function declareOn(node: ClusterNode, body: Record<string, unknown> = { title: 'Checkout errors', severity: 'SEV2' }): Promise<string> {
  const res = await node.api('POST', '/api/incidents', body);
  if (res.status !== 201) throw new Error(`declare failed on node ${node.index}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

/** A responder token for one incident, made through one node (any node accepts it). */
export async function responderToken(node: ClusterNode, incidentId: string, name: string): Promise<string> {
  const res = await node.api('POST', `/api/incidents/${incidentId}/tokens`, { access: 'responder', name });
  if (res.status !== 201) throw new Error(`token failed on node ${node.index}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.token as string;
}

/** The user id behind a token, as a node's session endpoint reports it. */
export async function userIdOf(node: ClusterNode, token: string): Promise<string> {
  const res = await node.api('GET', '/api/session', undefined, token);
  if (res.status !== 200) throw new Error(`session failed on node ${node.index}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.userId as string;
}

/** The incident's timeline as one node exports it. */
export async function eventsOn(node: ClusterNode, incidentId: string): Promise<Array<{ type: string; [k: string]: any }>> {
  const res = await node.api('GET', `/api/incidents/${incidentId}/export.json`);
  if (res.status !== 200) throw new Error(`export failed on node ${node.index}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.events;
}

/**
 * Polls an asynchronous probe until its value satisfies done, and answers that value; on timeout
 * fails naming what was awaited and the last value seen.
 */
export async function until<T>(probe: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Appends a transcript entry as the client does. */
export function addTranscriptEntry(doc: Y.Doc, id: string, text: string): void {
  responderRoots(doc).transcript.push([transcriptEntry({ id, at: Date.now(), kind: 'note', text })]);
}

export function addActionItem(doc: Y.Doc, id: string, title: string): void {
  responderRoots(doc).actions.push([actionItem({ id, title, owner: null, createdAt: Date.now() })]);
}

export const transcriptIds = (doc: Y.Doc): string[] => readTranscript(doc).map((e) => e.id);

/**
 * A responder writing transcript entries at a steady pace (ids `<prefix>-<n>`), whether or not
 * its provider is connected, as a scribe keeps typing while nodes or Redis fail.
 */
export class SteadyScribe {
  readonly written: string[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(
    readonly provider: WebsocketProvider,
    readonly prefix: string,
    everyMs = 40,
  ) {
    this.timer = setInterval(() => {
      const id = `${prefix}-${this.written.length}`;
      addTranscriptEntry(provider.doc, id, `${prefix} entry ${this.written.length}`);
      this.written.push(id);
    }, everyMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/** Records every transcript entry id a client has seen, as a reader's screen would have shown it. */
/**
 * A writer and a reader on each of three nodes, connected one after another through the round
 * robin so it spreads them; each is synced before the next connects. `all` collects them all.
 */
export async function writersAndReaders(cluster: Cluster, incidentId: string, all: WebsocketProvider[]): Promise<{ writers: WebsocketProvider[]; readers: WebsocketProvider[] }> {
  const writers: WebsocketProvider[] = [];
  const readers: WebsocketProvider[] = [];
  for (let i = 0; i < 3; i++) {
    for (const [list, role] of [
      [writers, 'Writer'],
      [readers, 'Reader'],
    ] as const) {
      const p = connectDoc(cluster.lb.wsUrl, incidentId, await responderToken(cluster.nodes[i]!, incidentId, `${role} ${i}`));
      all.push(p);
      await synced(p, 20_000);
      list.push(p);
    }
  }
  return { writers, readers };
}

export function recordSeen(provider: WebsocketProvider, seen: Set<string>): void {
  const transcript = responderRoots(provider.doc).transcript;
  transcript.observe(() => {
    for (const id of transcriptIds(provider.doc)) seen.add(id);
  });
}

/**
 * The Yjs changes (client, clock) that more than one stored update carries: a change reaching
 * the log twice, e.g. a client resending to a new node what the old one had already stored.
 */
export async function changesStoredTwice(databaseUrl: string, doc: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const rows = (await client.query('SELECT data FROM doc_updates WHERE doc = $1 ORDER BY doc_seq', [doc])).rows as Array<{ data: Buffer }>;
    const seen = new Map<number, Array<[number, number]>>();
    const twice: string[] = [];
    for (const { data } of rows) {
      for (const struct of Y.decodeUpdate(new Uint8Array(data)).structs) {
        if (struct instanceof Y.Skip) continue;
        const { client: id, clock } = struct.id;
        const ranges = seen.get(id) ?? [];
        if (ranges.some(([from, to]) => clock < to && from < clock + struct.length)) twice.push(`${id}:${clock}`);
        ranges.push([clock, clock + struct.length]);
        seen.set(id, ranges);
      }
    }
    return twice;
  } finally {
    await client.end();
  }
}

