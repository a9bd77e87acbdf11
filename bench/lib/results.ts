/**
 * Sets our metrics beside the two references', computes the ratio of ours to the better
 * reference figure, checks the issue's goals, and formats the table for the terminal and for
 * BENCHMARKS.md.
 */
import type { Goal, Metric } from './scenario.ts';
import { median } from './stats.ts';
import { REFERENCE_KINDS, TARGET_KINDS, TARGET_TITLES } from './targets.ts';
import type { ReferenceKind, TargetKind } from './targets.ts';

export interface ScenarioRun {
  scenario: string;
  title: string;
  server: TargetKind;
  metrics: Metric[];
  notes: string[];
  refusals: Array<{ code: number; count: number; reason: string }>;
  /** Other closes the server (or the network) caused, e.g. 1006 or 1000 "unloaded". */
  otherCloses: Array<{ code: number; count: number; reason: string }>;
  error: string | null;
  timedOut: boolean;
  durationMs: number;
  serverPeakRssMiB: number | null;
  serverCpuMs: number | null;
  /** Cores' worth of CPU other processes on the machine used during the run (disturbance). */
  foreignCores: number | null;
  /** The commit the server ran from (others may commit while a long run goes on). */
  commit: string | null;
}

/**
 * One run per scenario and server from several: each figure is the median over the runs, a
 * delivery count the sum (so any shortfall stays visible), and notes and refusals are kept.
 * Runs during which other processes took more than `quietCores` are left out of the medians
 * when at least one undisturbed run remains.
 */
export function mergeRuns(runs: ScenarioRun[], quietCores: number): ScenarioRun {
  const first = runs[0]!;
  if (runs.length === 1) return first;
  const quiet = runs.filter((r) => (r.foreignCores ?? 0) <= quietCores);
  const basis = new Set(quiet.length > 0 ? quiet : runs);
  const byKey = new Map<string, Array<{ metric: Metric; counted: boolean }>>();
  for (const run of runs) {
    for (const m of run.metrics) byKey.set(m.key, [...(byKey.get(m.key) ?? []), { metric: m, counted: basis.has(run) }]);
  }
  const metrics = [...byKey.values()].map((ms): Metric => {
    const head = ms[0]!.metric;
    if (head.expected !== undefined) {
      return { ...head, value: ms.reduce((a, m) => a + (m.metric.value ?? 0), 0), expected: ms.reduce((a, m) => a + (m.metric.expected ?? 0), 0) };
    }
    const values = ms.filter((m) => m.counted).map((m) => m.metric.value).filter((v): v is number => v !== null);
    return { ...head, value: median(values) };
  });
  const sumCloses = (lists: Array<ScenarioRun['refusals']>) => {
    const merged = new Map<number, { count: number; reason: string }>();
    for (const list of lists) for (const c of list) merged.set(c.code, { count: (merged.get(c.code)?.count ?? 0) + c.count, reason: c.reason });
    return [...merged].map(([code, v]) => ({ code, ...v }));
  };
  const leftOut = runs.length - basis.size;
  return {
    ...first,
    metrics,
    notes: [
      ...runs.flatMap((r, i) => r.notes.map((n) => `run ${i + 1}: ${n}`)),
      ...(leftOut > 0 ? [`${leftOut} disturbed run(s) left out of the medians`] : []),
    ],
    refusals: sumCloses(runs.map((r) => r.refusals)),
    otherCloses: sumCloses(runs.map((r) => r.otherCloses)),
    error: runs.map((r) => r.error).find((e) => e !== null) ?? null,
    timedOut: runs.some((r) => r.timedOut),
    durationMs: runs.reduce((a, r) => a + r.durationMs, 0),
    serverPeakRssMiB: median(runs.map((r) => r.serverPeakRssMiB).filter((v): v is number => v !== null)),
    serverCpuMs: median(runs.map((r) => r.serverCpuMs).filter((v): v is number => v !== null)),
    foreignCores: median([...basis].map((r) => r.foreignCores ?? 0)),
  };
}

export interface Row {
  scenario: string;
  group: string;
  label: string;
  unit: string;
  /** Each server's figure, where it has one. */
  figures: Partial<Record<TargetKind, Metric>>;
  /** The reference with the better figure (lower or higher, as the metric says), or null. */
  bestReference: ReferenceKind | null;
  /** ours / the better reference's figure, for figures where lower or higher is better. */
  ratio: number | null;
  goal: Goal | null;
  /** Whether our figure meets its goal; null when there is none or a figure is missing. */
  holds: boolean | null;
}

export function buildRows(runs: ScenarioRun[]): Row[] {
  const rows: Row[] = [];
  const byKey = new Map<string, Row>();
  for (const run of runs) {
    for (const m of run.metrics) {
      let row = byKey.get(m.key);
      if (!row) {
        row = { scenario: run.scenario, group: m.group, label: m.label, unit: m.unit, figures: {}, bestReference: null, ratio: null, goal: m.goal ?? null, holds: null };
        byKey.set(m.key, row);
        rows.push(row);
      }
      row.figures[run.server] = m;
      if (m.goal) row.goal = m.goal;
    }
  }
  for (const row of rows) {
    row.bestReference = bestReference(row);
    const o = row.figures.ours?.value ?? null;
    const r = row.bestReference ? row.figures[row.bestReference]!.value! : null;
    if (o !== null && r !== null) row.ratio = o / r;
    row.holds = evaluate(row);
  }
  return rows;
}

/** The reference to compare ours with: the better of the two where both have a figure that has a direction. */
function bestReference(row: Row): ReferenceKind | null {
  const better = Object.values(row.figures)[0]?.better;
  if (better === undefined || better === 'none' || row.unit === 'count') return null;
  let best: ReferenceKind | null = null;
  for (const kind of REFERENCE_KINDS) {
    const v = row.figures[kind]?.value ?? null;
    if (v === null || v <= 0) continue;
    const current = best === null ? null : row.figures[best]!.value!;
    if (current === null || (better === 'lower' ? v < current : v > current)) best = kind;
  }
  return best;
}

function evaluate(row: Row): boolean | null {
  const goal = row.goal;
  const ours = row.figures.ours;
  if (!goal || !ours) return null;
  if (ours.value === null) return false;
  const checks: boolean[] = [];
  if (goal.noShortfall) checks.push(ours.expected === undefined || ours.value >= ours.expected);
  if (goal.max !== undefined) checks.push(ours.value <= goal.max);
  // Without a reference figure (none run, or zero) the ratio goal cannot be judged.
  if (goal.ratioMax !== undefined && row.ratio !== null) checks.push(row.ratio <= goal.ratioMax);
  return checks.length > 0 ? checks.every(Boolean) : null;
}

export function goalText(goal: Goal | null, unit: string): string {
  if (!goal) return '';
  const parts: string[] = [];
  if (goal.noShortfall) parts.push('all delivered');
  if (goal.ratioMax !== undefined) parts.push(`≤ ${goal.ratioMax.toFixed(1)}× better ref`);
  if (goal.max !== undefined) parts.push(`≤ ${goal.max} ${unit}`);
  return parts.join(', ');
}

export function formatValue(m: Metric | null): string {
  if (!m) return '—';
  if (m.value === null) return 'n/a';
  if (m.expected !== undefined) {
    const short = m.value < m.expected && m.better !== 'none';
    return `${m.value.toLocaleString('en-US')}/${m.expected.toLocaleString('en-US')}${short ? ' SHORT' : ''}`;
  }
  return `${formatNumber(m.value)} ${m.unit}`;
}

export function formatNumber(v: number): string {
  const a = Math.abs(v);
  if (a >= 100) return Math.round(v).toLocaleString('en-US');
  if (a >= 10) return v.toFixed(1);
  if (a >= 1) return v.toFixed(2);
  return v.toFixed(3);
}

function verdict(row: Row): string {
  return row.holds === null ? '' : row.holds ? 'yes' : 'NO';
}

/** The servers that ran, in the table's order. */
export function serversOf(runs: ScenarioRun[]): TargetKind[] {
  return TARGET_KINDS.filter((kind) => runs.some((r) => r.server === kind));
}

function headings(servers: readonly TargetKind[]): string[] {
  return ['scenario', 'metric', ...servers.map((k) => TARGET_TITLES[k]), 'ours/better ref', 'goal', 'holds'];
}

function cells(rows: Row[], servers: readonly TargetKind[]): string[][] {
  return rows.map((row) => [
    row.group,
    row.label,
    ...servers.map((k) => formatValue(row.figures[k] ?? null)),
    row.ratio === null ? '' : `${row.ratio.toFixed(2)}×`,
    goalText(row.goal, row.unit),
    verdict(row),
  ]);
}

/** Columns of figures and the ratio, which are right-aligned. */
function isNumeric(column: number, servers: readonly TargetKind[]): boolean {
  return column >= 2 && column <= 2 + servers.length;
}

export function textTable(rows: Row[], servers: readonly TargetKind[]): string {
  const head = headings(servers);
  const body = cells(rows, servers);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (isNumeric(i, servers) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  const out = [line(head), widths.map((w) => '-'.repeat(w)).join('  ')];
  let previous = '';
  for (const r of body) {
    if (previous && r[0] !== previous) out.push('');
    out.push(line(r[0] === previous ? ['', ...r.slice(1)] : r));
    previous = r[0]!;
  }
  return out.join('\n');
}

export function markdownTable(rows: Row[], servers: readonly TargetKind[]): string {
  const escape = (s: string) => s.replace(/\|/g, '\\|');
  const head = headings(servers);
  const holds = head.length - 1;
  const out = [`| ${head.join(' | ')} |`, `| ${head.map((_, i) => (isNumeric(i, servers) ? '---:' : '---')).join(' | ')} |`];
  let previous = '';
  for (const r of cells(rows, servers)) {
    const shown = r[0] === previous ? ['', ...r.slice(1)] : r;
    previous = r[0]!;
    out.push(`| ${shown.map((c, i) => (i === holds && c === 'NO' ? '**NO**' : escape(c))).join(' | ')} |`);
  }
  return out.join('\n');
}
