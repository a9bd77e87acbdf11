/**
 * How busy the machine is with work that is not ours. The bench shares its cores with whatever
 * else runs (other people's test suites, editors' type checkers); figures taken while another
 * process takes a core are not comparable. So the runner waits for a quiet machine before each
 * run and records how much CPU other processes used while it ran.
 */
import fs from 'node:fs';
import { CLOCK_TICKS, cpuMs } from './procStats.ts';
import { sleep } from './wait.ts';

const CLOCK_TICK_MS = 1000 / CLOCK_TICKS;

/** CPU ms all processes on the machine have used since boot (from /proc/stat). */
function machineBusyMs(): number {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
  const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  return ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) * CLOCK_TICK_MS;
}

function ownMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** CPU used by processes other than the bench and the given server pids, in cores, over a stretch of time. */
export class ForeignLoad {
  private readonly busy0 = machineBusyMs();
  private readonly own0 = ownMs();
  private readonly wall0 = performance.now();
  private readonly server0: Map<number, number>;

  constructor(private readonly pids: number[] = []) {
    this.server0 = new Map(pids.map((pid) => [pid, safeCpuMs(pid)]));
  }

  /** Counts processes of the run found later (a pool's new database backends) as not foreign, from their start. */
  include(pids: number[]): void {
    for (const pid of pids) {
      if (this.server0.has(pid)) continue;
      this.server0.set(pid, 0);
      this.pids.push(pid);
    }
  }

  /** Cores' worth of CPU other processes used since construction. */
  cores(): number {
    const wall = performance.now() - this.wall0;
    if (wall <= 0) return 0;
    let ours = ownMs() - this.own0;
    for (const pid of this.pids) ours += safeCpuMs(pid) - (this.server0.get(pid) ?? 0);
    return Math.max(0, (machineBusyMs() - this.busy0 - ours) / wall);
  }
}

function safeCpuMs(pid: number): number {
  try {
    return cpuMs(pid);
  } catch {
    return 0;
  }
}

/**
 * Waits until other processes use less than `maxCores` over one second, for up to `timeoutMs`.
 * Resolves with the last reading (cores).
 */
export async function waitForQuiet(maxCores: number, timeoutMs: number): Promise<number> {
  const end = performance.now() + timeoutMs;
  for (;;) {
    const load = new ForeignLoad();
    await sleep(1000);
    const cores = load.cores();
    if (cores < maxCores || performance.now() >= end) return cores;
  }
}
