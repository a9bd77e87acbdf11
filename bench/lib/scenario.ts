/**
 * What a scenario is and what it reports. A scenario runs once per server against a fresh
 * server process; it reports metrics under stable keys, so the runner can put our figure and
 * the references' side by side. Metrics are reported as soon as they are known, so a scenario
 * cut short by its time bound still reports what it measured.
 */
import type { ClientPool } from './clients.ts';
import type { Sizes } from './options.ts';
import type { Target } from './targets.ts';

/** The issues' goals (6 and 15) for a figure of ours. */
export interface Goal {
  /** Ours / the better reference's figure must be at most this. */
  ratioMax?: number;
  /** Ours must be at most this, in the metric's unit. */
  max?: number;
  /** Delivered must equal expected. */
  noShortfall?: boolean;
}

export interface Metric {
  /** Stable across servers, e.g. "fanout.n50.steady.p99". */
  key: string;
  /** Row heading in the table. */
  group: string;
  label: string;
  value: number | null;
  unit: string;
  /** For delivery counts: how many were expected. */
  expected?: number;
  /** Figures where lower is better get a ratio; "none" is informational. */
  better: 'lower' | 'higher' | 'none';
  goal?: Goal;
}

export interface ScenarioContext {
  target: Target;
  pool: ClientPool;
  sizes: Sizes;
  /** performance.now() by which the scenario must have finished. */
  deadline: number;
  report(metric: Metric): void;
  note(text: string): void;
  log(text: string): void;
}

export interface Scenario {
  /** CLI name, e.g. "fanout". */
  name: string;
  title: string;
  /** Environment for our server for this scenario (limits, grace periods). */
  serverEnv(sizes: Sizes): Record<string, string>;
  /** Start the servers with --inspect, so the scenario can force garbage collections before memory readings. */
  inspect?: boolean;
  /** Hard time bound for one run against one server. */
  timeoutMs(sizes: Sizes): number;
  run(ctx: ScenarioContext): Promise<void>;
}

/** Remaining time before the deadline, at least `floorMs`. */
export function remaining(ctx: ScenarioContext, floorMs = 1000): number {
  return Math.max(floorMs, ctx.deadline - performance.now());
}

/** Reports p50, p99 and max of a latency summary under `${key}.p50` etc.; `p99Goal` applies to p99. */
export function reportLatency(
  ctx: ScenarioContext,
  key: string,
  group: string,
  label: string,
  summary: { p50: number | null; p99: number | null; max: number | null },
  p99Goal?: Goal,
): void {
  ctx.report({ key: `${key}.p50`, group, label: `${label} p50`, value: summary.p50, unit: 'ms', better: 'lower' });
  ctx.report({ key: `${key}.p99`, group, label: `${label} p99`, value: summary.p99, unit: 'ms', better: 'lower', ...(p99Goal ? { goal: p99Goal } : {}) });
  ctx.report({ key: `${key}.max`, group, label: `${label} max`, value: summary.max, unit: 'ms', better: 'lower' });
}

export function reportDelivered(ctx: ScenarioContext, key: string, group: string, label: string, delivered: number, expected: number): void {
  ctx.report({ key, group, label, value: delivered, expected, unit: 'count', better: 'higher', goal: { noShortfall: true } });
  if (delivered < expected) ctx.note(`${group}: ${label} ${delivered} of ${expected} (${expected - delivered} missing)`);
}
