/**
 * A private redis-server on a free loopback port for one benchmark run: nothing depends on a
 * Redis the machine may run, and its CPU can be read from /proc like the servers'. Persistence
 * is off; it is killed by pid if the harness exits early.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { freePort } from './serverProcess.ts';
import { sleep } from './wait.ts';

const START_TIMEOUT_MS = 10_000;

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

export class RedisProcess {
  private output = '';

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {
    live.add(child);
    child.once('exit', () => live.delete(child));
    const keep = (d: Buffer) => {
      this.output = (this.output + d.toString()).slice(-4000);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
  }

  /** Starts on a free port; a port taken between finding and binding it gets another try. */
  static async start(): Promise<RedisProcess> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await RedisProcess.startOn(await freePort());
      } catch (error) {
        if (attempt >= 2) throw error;
      }
    }
  }

  private static async startOn(port: number): Promise<RedisProcess> {
    const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
    const redis = new RedisProcess(child, port);
    const deadline = performance.now() + START_TIMEOUT_MS;
    while (performance.now() < deadline) {
      const failed = await Promise.race([spawnError, sleep(25).then(() => null)]);
      if (failed) throw new Error(`cannot run redis-server (is it installed and on PATH?): ${failed.message}`);
      if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}: ${redis.output}`);
      // Our own process's line, not a PING: another server may already hold the port.
      if (/ready to accept connections/i.test(redis.output)) return redis;
    }
    await redis.stop();
    throw new Error(`redis-server did not start on port ${port}: ${redis.output}`);
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get pid(): number {
    return this.child.pid!;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** SIGTERM (it holds nothing worth saving), then SIGKILL after a second. */
  async stop(): Promise<void> {
    if (!this.alive) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 1000);
    await exited;
    clearTimeout(timer);
  }
}
