/**
 * A real Prometheus (Debian's /usr/bin/prometheus) with a config and a TSDB of its own in a temp
 * folder, listening on a free loopback port; queried through its HTTP API.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './serverProcess.ts';

export const PROMETHEUS_BINARY = '/usr/bin/prometheus';
const STOP_TIMEOUT_MS = 10_000;

export class PrometheusServer {
  private child: ChildProcess | null = null;
  private readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'incident-room-prometheus-'));
  url = '';
  output = '';

  /** Starts with `config` (YAML text) and resolves once Prometheus answers as ready. */
  async start(config: string): Promise<void> {
    const configFile = path.join(this.dir, 'prometheus.yml');
    fs.writeFileSync(configFile, config);
    const port = await freePort();
    this.url = `http://127.0.0.1:${port}`;
    const child = spawn(
      PROMETHEUS_BINARY,
      [`--config.file=${configFile}`, `--storage.tsdb.path=${path.join(this.dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child = child;
    child.stdout!.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (this.output += d.toString()));
    await this.until(async () => (await fetch(`${this.url}/-/ready`).catch(() => null))?.ok === true, 'Prometheus ready', 20_000);
  }

  /** The result of an instant query. */
  async query(expr: string): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>> {
    const res = await fetch(`${this.url}/api/v1/query?query=${encodeURIComponent(expr)}`);
    const body = (await res.json()) as { status: string; data?: { result: Array<{ metric: Record<string, string>; value: [number, string] }> }; error?: string };
    if (body.status !== 'success') throw new Error(`query ${expr} failed: ${body.error}`);
    return body.data!.result;
  }

  async api<T>(pathname: string): Promise<T> {
    const body = (await (await fetch(`${this.url}${pathname}`)).json()) as { data: T };
    return body.data;
  }

  /** Polls check until it holds; fails with what Prometheus printed if it never does. */
  async until(check: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
    const start = Date.now();
    while (!(await check())) {
      if (this.child && this.child.exitCode !== null) throw new Error(`Prometheus exited (${this.child?.exitCode}) before ${what}: ${this.output}`);
      if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}; Prometheus said: ${this.output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
