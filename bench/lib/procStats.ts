/**
 * Measures a server process from outside, through /proc (Linux): CPU time of all its threads
 * and its resident memory. The harness never asks the server about itself, so every server is
 * measured the same way.
 */
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';

/** Length of a clock tick (USER_HZ), the unit of /proc/<pid>/stat and /proc/stat times. */
export const CLOCK_TICKS = readClockTicks();

function readClockTicks(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
}

/**
 * CPU time (user + system) the process has used, in ms. Sums every thread's
 * /proc/<pid>/task/<tid>/schedstat (nanoseconds; the event loop, GC and libuv threads alike),
 * which is far finer than /proc/<pid>/stat's clock ticks; falls back to the latter.
 */
export function cpuMs(pid: number): number {
  try {
    let ns = 0;
    for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
      const text = fs.readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8');
      ns += Number(text.slice(0, text.indexOf(' ')));
    }
    return ns / 1e6;
  } catch {
    return statCpuMs(pid);
  }
}

function statCpuMs(pid: number): number {
  const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may contain spaces.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1000) / CLOCK_TICKS;
}

function statusField(pid: number, field: string): number {
  const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
  if (!match) throw new Error(`no ${field} in /proc/${pid}/status`);
  return Number(match[1]);
}

/** Resident set size in KiB. */
export function rssKiB(pid: number): number {
  return statusField(pid, 'VmRSS');
}

/** Peak resident set size since the process started, in KiB. */
export function peakRssKiB(pid: number): number {
  return statusField(pid, 'VmHWM');
}

/** Samples RSS every `everyMs` for `forMs` and returns the lowest value, which is least blurred by garbage not yet collected. */
export async function settledRssKiB(pid: number, forMs: number, everyMs = 200): Promise<number> {
  let low = rssKiB(pid);
  const end = performance.now() + forMs;
  while (performance.now() < end) {
    await new Promise((r) => setTimeout(r, everyMs));
    low = Math.min(low, rssKiB(pid));
  }
  return low;
}

/** CPU used by a process over a stretch of wall time. */
export class CpuWindow {
  private readonly cpu0: number;
  private readonly wall0: number;

  constructor(private readonly pid: number) {
    this.cpu0 = cpuMs(pid);
    this.wall0 = performance.now();
  }

  /** CPU ms used so far, wall ms passed, and the share of one core (0..1 per core). */
  read(): { cpuMs: number; wallMs: number; share: number } {
    const cpu = cpuMs(this.pid) - this.cpu0;
    const wall = performance.now() - this.wall0;
    return { cpuMs: cpu, wallMs: wall, share: wall > 0 ? cpu / wall : 0 };
  }
}
