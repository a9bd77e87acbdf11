/**
 * The servers a scenario runs against, behind one interface: ours (declares incidents and
 * issues tokens over REST, as automation would) and the two references, the y-websocket server
 * and Hocuspocus (any document name, no credentials). Each is a fresh process, ours with a fresh
 * data folder, per scenario.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { OUR_NODE_ARGS } from './builds.ts';
import type { ServerBuilds } from './builds.ts';
import type { Endpoint, Protocol } from './clients.ts';
import { freePort, ServerProcess } from './serverProcess.ts';
import { mapLimit } from './wait.ts';

export type TargetKind = 'ours' | 'y-websocket' | 'hocuspocus';
export type ReferenceKind = Exclude<TargetKind, 'ours'>;
export const TARGET_KINDS: readonly TargetKind[] = ['ours', 'y-websocket', 'hocuspocus'];
export const REFERENCE_KINDS: readonly ReferenceKind[] = ['y-websocket', 'hocuspocus'];
/** Column headings for each server. */
export const TARGET_TITLES: Record<TargetKind, string> = { ours: 'ours', 'y-websocket': 'y-websocket', hocuspocus: 'Hocuspocus' };
export type Access = 'responder' | 'stakeholder';

export interface Target {
  readonly kind: TargetKind;
  readonly server: ServerProcess;
  /** Where clients connect, and with which protocol. */
  readonly endpoint: Endpoint;
  /** Rooms that exist and may be joined (ours: declared incidents, whose responder documents these are). */
  createRooms(count: number, title: string): Promise<string[]>;
  /** Provider `params` carrying a credential for the room. */
  credentials(room: string, access: Access, name: string): Promise<Record<string, string>>;
  /** Port of the server's inspector (started with --inspect), or null. */
  readonly inspectPort: number | null;
  /** Documents the server holds in memory, as its health check reports. */
  roomsLoaded(): Promise<number | null>;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** The built server files (builds.ts). */
  builds: ServerBuilds;
  /** Environment for our server (limits, grace periods); the references take none. */
  env: Record<string, string>;
  /** Directory for `node --cpu-prof` output (our server only), or null. */
  cpuProfDir: string | null;
  /** Start the server with --inspect on a free loopback port, to force garbage collections. */
  inspect: boolean;
}

async function inspectArgs(options: StartOptions): Promise<{ port: number | null; args: string[] }> {
  if (!options.inspect) return { port: null, args: [] };
  const port = await freePort();
  return { port, args: [`--inspect=127.0.0.1:${port}`] };
}

export async function startTarget(kind: TargetKind, options: StartOptions): Promise<Target> {
  return kind === 'ours' ? OursTarget.start(options) : ReferenceTarget.start(kind, options);
}

/** REST calls in flight at once while setting up rooms and tokens. */
const SETUP_CONCURRENCY = 8;

class OursTarget implements Target {
  readonly kind = 'ours' as const;

  private constructor(
    readonly server: ServerProcess,
    private readonly adminToken: string,
    private readonly dataDir: string,
    readonly inspectPort: number | null,
  ) {}

  static async start(options: StartOptions): Promise<OursTarget> {
    const port = await freePort();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'incident-room-bench-'));
    // 32 characters, as the brief for an admin token asks.
    const adminToken = randomBytes(24).toString('base64url');
    const inspect = await inspectArgs(options);
    const server = await ServerProcess.start({
      entry: options.builds.ours,
      nodeArgs: [...OUR_NODE_ARGS, ...(options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`] : []), ...inspect.args],
      port,
      env: { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, ADMIN_TOKEN: adminToken, LOG_LEVEL: 'warn', ...options.env },
    });
    return new OursTarget(server, adminToken, dataDir, inspect.port);
  }

  get endpoint(): Endpoint {
    return { wsUrl: `ws://127.0.0.1:${this.server.port}/yjs`, protocol: 'y-websocket' };
  }

  async createRooms(count: number, title: string): Promise<string[]> {
    return mapLimit(Array.from({ length: count }), SETUP_CONCURRENCY, async (_, i) => {
      const body = await this.api('POST', '/api/incidents', { title: `${title} ${i + 1}`, severity: 'SEV2' });
      return body.id as string;
    });
  }

  async credentials(room: string, access: Access, name: string): Promise<Record<string, string>> {
    const body = await this.api('POST', `/api/incidents/${room}/tokens`, { access, name });
    return { token: body.token as string };
  }

  async roomsLoaded(): Promise<number | null> {
    const res = await fetch(`${this.server.baseUrl}/api/health`);
    const body = (await res.json()) as { roomsLoaded?: number };
    return body.roomsLoaded ?? null;
  }

  async stop(): Promise<void> {
    await this.server.stop();
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }

  private async api(method: string, pathname: string, body: unknown): Promise<Record<string, unknown>> {
    const res = await fetch(this.server.baseUrl + pathname, {
      method,
      headers: { authorization: `Bearer ${this.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (!res.ok) throw new Error(`${method} ${pathname} answered ${res.status}: ${JSON.stringify(json)}`);
    return json;
  }
}

/** Which client library speaks each reference's protocol. */
const PROTOCOLS: Record<ReferenceKind, Protocol> = { 'y-websocket': 'y-websocket', hocuspocus: 'hocuspocus' };

class ReferenceTarget implements Target {
  private static rooms = 0;

  private constructor(
    readonly kind: ReferenceKind,
    readonly server: ServerProcess,
    readonly inspectPort: number | null,
  ) {}

  static async start(kind: ReferenceKind, options: StartOptions): Promise<ReferenceTarget> {
    const port = await freePort();
    const inspect = await inspectArgs(options);
    const server = await ServerProcess.start({ entry: options.builds[kind], args: ['--port', String(port)], nodeArgs: inspect.args, port, env: {} });
    return new ReferenceTarget(kind, server, inspect.port);
  }

  get endpoint(): Endpoint {
    return { wsUrl: `ws://127.0.0.1:${this.server.port}/yjs`, protocol: PROTOCOLS[this.kind] };
  }

  async createRooms(count: number): Promise<string[]> {
    // Shaped like our incident ids so every server sees names of the same length.
    return Array.from({ length: count }, () => `inc-r${String(++ReferenceTarget.rooms).padStart(7, '0')}`);
  }

  async credentials(): Promise<Record<string, string>> {
    return {};
  }

  async roomsLoaded(): Promise<number | null> {
    const res = await fetch(`${this.server.baseUrl}/api/health`);
    const body = (await res.json()) as { roomsLoaded?: number };
    return body.roomsLoaded ?? null;
  }

  async stop(): Promise<void> {
    // A saturated reference may take long to drain; it holds nothing worth a graceful stop.
    await this.server.stop(3000);
  }
}
