/**
 * Where the machine's CPU went during one measured stretch: each node, the Redis, the
 * PostgreSQL backends serving the run's database, and the bench process itself (all clients).
 * Read from /proc like every other figure; on 2 cores these shares show who ran out first.
 */
import { ForeignLoad } from '../lib/machineLoad.ts';
import { cpuMs } from '../lib/procStats.ts';
import type { Stack } from './stack.ts';

/** Cores' worth of CPU (1.0 = one core busy the whole time). */
export interface CpuShares {
  wallMs: number;
  nodes: number[];
  redis: number | null;
  postgres: number | null;
  bench: number;
  /** Every other process on the machine: a disturbance when it is more than a fraction of a core. */
  foreign: number;
}

function safeCpuMs(pid: number): number {
  try {
    return cpuMs(pid);
  } catch {
    return 0;
  }
}

function benchCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

export class CpuMeter {
  private readonly wall0 = performance.now();
  private readonly nodes0: number[];
  private readonly redis0: number | null;
  private readonly pg0: Map<number, number>;
  private readonly bench0 = benchCpuMs();
  private readonly foreign: ForeignLoad;

  private constructor(
    private readonly stack: Stack,
    pgPids: number[],
  ) {
    this.nodes0 = stack.serverPids.map(safeCpuMs);
    this.redis0 = stack.redis ? safeCpuMs(stack.redis.pid) : null;
    // PostgreSQL runs as another user; its /proc/<pid>/schedstat is still world-readable.
    this.pg0 = new Map(pgPids.map((pid) => [pid, safeCpuMs(pid)]));
    this.foreign = new ForeignLoad([...stack.serverPids, ...(stack.redis ? [stack.redis.pid] : []), ...pgPids]);
  }

  static async start(stack: Stack): Promise<CpuMeter> {
    const pgPids = stack.db ? await stack.db.backendPids().catch(() => []) : [];
    return new CpuMeter(stack, pgPids);
  }

  async read(): Promise<CpuShares> {
    const wall = Math.max(1, performance.now() - this.wall0);
    // Backends the pools opened during the stretch count whole; those that ended are lost (rare).
    const pgPids = this.stack.db ? await this.stack.db.backendPids().catch(() => [...this.pg0.keys()]) : [];
    let pg = 0;
    for (const pid of pgPids) pg += Math.max(0, safeCpuMs(pid) - (this.pg0.get(pid) ?? 0));
    this.foreign.include(pgPids);
    return {
      wallMs: wall,
      nodes: this.stack.serverPids.map((pid, i) => Math.max(0, safeCpuMs(pid) - this.nodes0[i]!) / wall),
      redis: this.redis0 === null ? null : Math.max(0, safeCpuMs(this.stack.redis!.pid) - this.redis0) / wall,
      postgres: this.stack.db ? pg / wall : null,
      bench: (benchCpuMs() - this.bench0) / wall,
      foreign: this.foreign.cores(),
    };
  }
}
