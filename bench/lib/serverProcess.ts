/**
 * Starts a server under test as its own process (`node <entry>`, built ahead of time: see
 * builds.ts), waits until it answers `GET /api/health`, and stops it with SIGTERM so that it
 * shuts down as in production (and, under --cpu-prof, writes its profile). Every process started
 * here is killed by pid if the harness itself exits early.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import net from 'node:net';
import { sleep } from './wait.ts';

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** process.hrtime in microseconds: the same monotonic clock V8 stamps CPU profiles with. */
export function monotonicMicros(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

/** How often a starting server is asked whether it is up: the resolution of the start-up time. */
const START_POLL_MS = 10;

export interface ServerSpec {
  /** JavaScript file to run. */
  entry: string;
  args?: string[];
  /** Flags for node before the entry, e.g. --cpu-prof. */
  nodeArgs?: string[];
  env: Record<string, string>;
  port: number;
  startTimeoutMs?: number;
}

export class ServerProcess {
  private output = '';
  /** Monotonic µs when the server first answered its health check, and when it was asked to stop. */
  readyAtMicros = 0;
  stopAtMicros = 0;
  /** From spawning the process until its first health answer. */
  startMs = 0;

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {
    live.add(child);
    child.once('exit', () => live.delete(child));
    const keep = (d: Buffer) => {
      this.output = (this.output + d.toString()).slice(-8000);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
  }

  static async start(spec: ServerSpec): Promise<ServerProcess> {
    const spawnedAt = performance.now();
    const child = spawn(process.execPath, [...(spec.nodeArgs ?? []), spec.entry, ...(spec.args ?? [])], {
      env: { ...process.env, ...spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const server = new ServerProcess(child, spec.port);
    const deadline = spawnedAt + (spec.startTimeoutMs ?? 30_000);
    while (performance.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`${spec.entry} exited with ${child.exitCode}: ${server.output}`);
      try {
        const res = await fetch(`${server.baseUrl}/api/health`);
        if (res.ok) {
          server.startMs = performance.now() - spawnedAt;
          server.readyAtMicros = monotonicMicros();
          return server;
        }
      } catch {
        // not listening yet
      }
      await sleep(START_POLL_MS);
    }
    child.kill('SIGKILL');
    throw new Error(`${spec.entry} did not answer /api/health in time: ${server.output}`);
  }

  get pid(): number {
    return this.child.pid!;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The last lines the server printed (warnings, errors). */
  get recentOutput(): string {
    return this.output;
  }

  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  async stop(graceMs = 15_000): Promise<void> {
    this.stopAtMicros = monotonicMicros();
    if (!this.alive) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }
}
