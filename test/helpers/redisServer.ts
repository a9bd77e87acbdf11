/**
 * A private redis-server per test file: nothing depends on a Redis the machine may run, and a
 * test can stop and start it again on the same port to play an outage.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { freePort } from './serverProcess.ts';

const START_TIMEOUT_MS = 10_000;

export class RedisServer {
  private child: ChildProcess | null = null;
  private port = 0;
  output = '';

  get url(): string {
    if (!this.port) throw new Error('redis-server was never started');
    return `redis://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts on a free port the first time, and on that same port after every stop. */
  async start(): Promise<void> {
    if (this.running) throw new Error('redis-server is already running');
    if (this.port) return this.spawnOn(this.port);
    // The free port may be taken between finding and binding it; another one then does.
    for (let attempt = 0; ; attempt++) {
      const port = await freePort();
      try {
        await this.spawnOn(port);
        this.port = port;
        return;
      } catch (error) {
        if (attempt >= 2) throw error;
      }
    }
  }

  /** Stops the server (SIGKILL by default: an outage, not a shutdown) and waits for it to exit. */
  stop(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return Promise.resolve();
    return new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  private async spawnOn(port: number): Promise<void> {
    const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const from = this.output.length;
    child.stdout!.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (this.output += d.toString()));
    const spawnFailed = new Promise<never>((_, reject) =>
      child.once('error', (error) => {
        this.child = null;
        reject(new Error(`cannot run redis-server (is it installed and on PATH?): ${error.message}`));
      }),
    );
    spawnFailed.catch(() => {});
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}: ${this.output}`);
      // Our own process's line, not a PING: another server may already hold the port.
      if (/ready to accept connections/i.test(this.output.slice(from))) return;
      await Promise.race([new Promise((r) => setTimeout(r, 25)), spawnFailed]);
    }
    await this.stop();
    throw new Error(`redis-server did not answer on port ${port}: ${this.output}`);
  }
}

export async function startRedisServer(): Promise<RedisServer> {
  const redis = new RedisServer();
  await redis.start();
  return redis;
}
