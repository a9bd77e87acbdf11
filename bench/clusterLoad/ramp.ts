/**
 * A ramp: run one level after another (client counts, offered rates) until a level is not held.
 * A level not held is tried once more, after waiting for a quiet machine, when other processes
 * took more than a fraction of a core while it ran, or (for figures a single stall decides, such
 * as a p99 latency) whenever it missed only its bounds; so a neighbour's test run or one
 * checkpoint of the shared PostgreSQL does not end a ramp early. Lost edits, refusals and dead
 * nodes are never retried: they are results, or failures.
 */
import { waitForQuiet } from '../lib/machineLoad.ts';
import type { CpuShares } from './cpuShares.ts';
import type { Stack } from './stack.ts';

export interface StepOutcome {
  held: boolean;
  /** Why the level was not held, or null. */
  why: string | null;
  /** Entry receipts lost (never arrived): non-zero fails the run. */
  missing: number;
  refused: number;
  cpu: CpuShares;
  /** 1, or 2 for the second try of a level. */
  attempt: number;
}

export interface RampResult<S extends StepOutcome> {
  /** Every level run, second tries included, in order. */
  steps: S[];
  /** The highest level held, or null if not even the first was. */
  held: S | null;
  endedBy: string;
  /** The next level, when the ramp stopped because it could not be run (a machine limit). */
  unreachable: { level: number; why: string } | null;
  lost: number;
}

export interface RampOptions<S extends StepOutcome> {
  stack: Stack;
  levels: readonly number[];
  run(level: number): Promise<S>;
  /** One log line for a finished step. */
  describe(step: S): string;
  /** The level as the notes name it, e.g. "12,000 clients" or "800/s". */
  name(level: number): string;
  /** A reason the level cannot be run at all (a machine limit), or null. */
  unreachable?(level: number): string | null;
  /** Retry a level not held even on a quiet machine. */
  retryUndisturbed: boolean;
  /** Other processes may use this many cores before a step counts as disturbed. */
  quietCores: number;
  /** Wait for a quiet machine before a second try (not in smoke runs). */
  waitForQuiet: boolean;
  log(text: string): void;
}

export async function ramp<S extends StepOutcome>(o: RampOptions<S>): Promise<RampResult<S>> {
  const steps: S[] = [];
  let lost = 0;
  let endedBy = `the ramp's last level (${o.name(o.levels.at(-1) ?? 0)}) was held`;
  let held: S | null = null;
  let unreachable: RampResult<S>['unreachable'] = null;
  for (const level of o.levels) {
    const why = o.unreachable?.(level) ?? null;
    if (why) {
      endedBy = why;
      unreachable = { level, why };
      break;
    }
    let step = await runOne(o, level, 1, steps);
    lost += step.missing;
    const disturbed = step.cpu.foreign > o.quietCores;
    if (!step.held && step.missing === 0 && step.refused === 0 && (disturbed || o.retryUndisturbed)) {
      o.log(`${o.name(level)}: trying once more${disturbed ? ` (other processes used ${step.cpu.foreign.toFixed(2)} cores)` : ''}`);
      if (o.waitForQuiet) await waitForQuiet(o.quietCores, 60_000);
      step = await runOne(o, level, 2, steps);
      lost += step.missing;
    }
    if (!step.held) {
      endedBy = `${o.name(level)} not held: ${step.why}`;
      break;
    }
    held = step;
  }
  return { steps, held, endedBy, unreachable, lost };
}

async function runOne<S extends StepOutcome>(o: RampOptions<S>, level: number, attempt: number, steps: S[]): Promise<S> {
  const step = await o.run(level);
  step.attempt = attempt;
  steps.push(step);
  o.log(o.describe(step));
  const dead = o.stack.deadNode();
  if (dead) throw new Error(dead);
  return step;
}

/** "CPU nodes 0.41 0.40, redis 0.02, postgres 0.20, bench 0.55, other processes 0.00 cores" */
export function describeCpu(cpu: CpuShares): string {
  return (
    `CPU nodes ${cpu.nodes.map((c) => c.toFixed(2)).join(' ')}` +
    (cpu.redis !== null ? `, redis ${cpu.redis.toFixed(2)}, postgres ${(cpu.postgres ?? 0).toFixed(2)}` : '') +
    `, bench ${cpu.bench.toFixed(2)}, other processes ${cpu.foreign.toFixed(2)} cores`
  );
}
