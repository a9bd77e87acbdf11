/**
 * The scale-out figures as one table, setups side by side, for the terminal and for the
 * section of BENCHMARKS.md that `npm run bench:cluster` keeps; and the notes that say why each
 * ramp ended.
 */
import type { MachineFacts } from '../lib/machine.ts';
import { formatNumber } from '../lib/results.ts';
import type { ConnectionsResult } from './connectionsHeld.ts';
import type { ClusterPreset, ClusterSizes } from './options.ts';
import type { Setup } from './stack.ts';
import type { Stalls } from './stallWatch.ts';
import type { RatesResult } from './updateRate.ts';

export const CLUSTER_MARKERS = {
  start: '<!-- bench:cluster:start (written by npm run bench:cluster; edits here are overwritten) -->',
  end: '<!-- bench:cluster:end -->',
  heading: 'Scale-out results',
};

export interface SetupResult {
  setup: Setup;
  connections: ConnectionsResult | null;
  updates: RatesResult | null;
  /** Cores' worth of CPU other processes used while this setup ran (disturbance). */
  foreignCores: number | null;
  /** Harness failures (a node that died, a stack that did not start, a bound the harness missed). */
  errors: string[];
}

interface Line {
  section: string;
  label: string;
  values: string[];
}

const perNode = (values: number[], digits: number) => values.map((v) => v.toFixed(digits)).join(' / ');
const ms = (v: number | null) => (v === null ? '—' : `${formatNumber(v)} ms`);
/** Whole ms: the watch polls every 50 ms, finer figures would only be noise. */
const wholeMs = (v: number) => `${Math.round(v).toLocaleString('en-US')} ms`;
const stallText = (s: Stalls) => `${wholeMs(Math.max(...s.nodes))}${s.commit === null ? '' : `; ${wholeMs(s.commit)}`}`;

function lines(results: SetupResult[], sizes: ClusterSizes): Line[] {
  const out: Line[] = [];
  const add = (section: string, label: string, value: (r: SetupResult) => string) => out.push({ section, label, values: results.map(value) });
  const conn = sizes.connections;
  if (results.some((r) => r.connections)) {
    const section = `connections (${conn.rooms} incidents)`;
    const held = (r: SetupResult) => r.connections?.held ?? null;
    add(section, 'connections held (every client synced, check edit reached all)', (r) => {
      if (!r.connections) return '—';
      const h = held(r);
      if (!h) return 'none';
      const last = r.connections.steps.at(-1);
      return `${last?.held ? '≥ ' : ''}${h.clients.toLocaleString('en-US')}`;
    });
    add(section, `time to connect and sync them (bound ${conn.connectBoundMs / 1000} s)`, (r) => (held(r) ? `${(held(r)!.connectMs / 1000).toFixed(1)} s` : '—'));
    add(section, 'check edit reached every client in', (r) => ms(held(r)?.editMs ?? null));
    add(section, 'server CPU per connection (all nodes)', (r) => (held(r) ? `${formatNumber(held(r)!.serverCpuPerConnectionUs)} µs` : '—'));
    add(section, 'server RSS at that count, per node', (r) => (held(r) ? `${perNode(held(r)!.serverRssMiB, 0)} MiB` : '—'));
    add(section, 'bench process CPU while connecting (cores)', (r) => (held(r) ? held(r)!.cpu.bench.toFixed(2) : '—'));
    add(section, 'next count', (r) => {
      if (!r.connections) return '—';
      const last = r.connections.steps.at(-1);
      if (last && !last.held) return `${last.clients.toLocaleString('en-US')}: ${last.synced < last.clients ? `${last.synced.toLocaleString('en-US')} synced in time` : 'not held'}`;
      const next = r.connections.unreachable;
      return next ? `${next.level.toLocaleString('en-US')}: over the bench's open-file limit` : 'end of ramp';
    });
  }
  const up = sizes.updates;
  if (results.some((r) => r.updates)) {
    const section = `updates (${up.rooms} rooms × 3 writers, 3 readers)`;
    const held = (r: SetupResult) => r.updates?.held ?? null;
    add(section, `updates/s held (≥ ${up.minDelivered * 100} % on time, p99 < ${up.p99BoundMs} ms)`, (r) => {
      if (!r.updates) return '—';
      const h = held(r);
      if (!h) return 'none';
      return `${r.updates.steps.at(-1)?.held ? '≥ ' : ''}${h.offered.toLocaleString('en-US')} /s`;
    });
    add(section, 'delivered at that rate (per reader)', (r) => (held(r) ? `${formatNumber(held(r)!.deliveredPerSec)} /s` : '—'));
    add(section, 'latency p50, writer → reader on another node', (r) => ms(held(r)?.latency.p50 ?? null));
    add(section, 'latency p99, writer → reader on another node', (r) => ms(held(r)?.latency.p99 ?? null));
    add(section, 'longest stall at that rate: node loop; PostgreSQL COMMIT', (r) => (held(r) ? stallText(held(r)!.stalls) : '—'));
    add(section, 'server CPU per node (cores)', (r) => (held(r) ? perNode(held(r)!.cpu.nodes, 2) : '—'));
    add(section, 'Redis, PostgreSQL CPU (cores)', (r) => {
      const c = held(r)?.cpu;
      return c && c.redis !== null ? `${c.redis.toFixed(2)}, ${c.postgres!.toFixed(2)}` : '—';
    });
    add(section, 'bench process CPU (all clients; cores)', (r) => (held(r) ? held(r)!.cpu.bench.toFixed(2) : '—'));
    const failed = (r: SetupResult) => {
      const last = r.updates?.steps.at(-1);
      return last && !last.held ? last : null;
    };
    add(section, 'next rate (not held)', (r) => (failed(r) ? `${failed(r)!.offered.toLocaleString('en-US')} /s` : r.updates ? 'end of ramp' : '—'));
    add(section, 'next rate: latency p99; share on time', (r) => (failed(r) ? `${ms(failed(r)!.latency.p99)}; ${(failed(r)!.deliveredShare * 100).toFixed(1)} %` : '—'));
    add(section, 'next rate: longest stall (node loop; COMMIT)', (r) => (failed(r) ? stallText(failed(r)!.stalls) : '—'));
  }
  return out;
}

export function textTable(results: SetupResult[], sizes: ClusterSizes): string {
  const heads = ['', ...results.map((r) => r.setup.label)];
  const body = lines(results, sizes);
  const rows: string[][] = [];
  let section = '';
  for (const l of body) {
    if (l.section !== section) {
      if (section) rows.push([]);
      rows.push([l.section]);
      section = l.section;
    }
    rows.push([`  ${l.label}`, ...l.values]);
  }
  const widths = heads.map((h, i) => Math.max(h.length, ...rows.filter((r) => r.length > 1).map((r) => r[i]?.length ?? 0)));
  const fmtRow = (r: string[]) => (r.length === 1 ? r[0]! : r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd());
  return [fmtRow(heads), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map((r) => (r.length === 0 ? '' : fmtRow(r)))].join('\n');
}

export function markdownTable(results: SetupResult[], sizes: ClusterSizes): string {
  const escape = (s: string) => s.replace(/\|/g, '\\|');
  const out = [`| | ${results.map((r) => escape(r.setup.label)).join(' | ')} |`, `| --- | ${results.map(() => '---:').join(' | ')} |`];
  let section = '';
  for (const l of lines(results, sizes)) {
    if (l.section !== section) {
      out.push(`| **${escape(l.section)}** | ${results.map(() => '').join(' | ')} |`);
      section = l.section;
    }
    out.push(`| ${escape(l.label)} | ${l.values.map(escape).join(' | ')} |`);
  }
  return out.join('\n');
}

/** "1006 ×3, 1000 (unloaded) ×1", or "" when no socket was closed. */
function closeCounts(steps: Array<{ closes: Array<{ code: number; count: number; reason: string }> }>): string {
  const counts = new Map<string, number>();
  for (const st of steps) {
    for (const c of st.closes) {
      const key = `${c.code}${c.reason ? ` (${c.reason})` : ''}`;
      counts.set(key, (counts.get(key) ?? 0) + c.count);
    }
  }
  return [...counts].map(([k, n]) => `${k} ×${n}`).join(', ');
}

/** Why each ramp ended, connections closed along the way, and harness errors. */
export function notes(results: SetupResult[], quietCores: number): string[] {
  const out: string[] = [];
  for (const r of results) {
    const who = r.setup.label;
    if (r.connections) {
      out.push(`${who}, connections: ramp ended: ${r.connections.endedBy}`);
      const closes = closeCounts(r.connections.steps);
      if (closes) out.push(`${who}, connections: sockets closed by the server or the network during the ramp: ${closes}`);
      if (r.connections.lost > 0) out.push(`${who}, connections: ${r.connections.lost} entry receipts LOST`);
    }
    if (r.updates) {
      out.push(`${who}, updates: ramp ended: ${r.updates.endedBy}`);
      if (r.updates.lost > 0) out.push(`${who}, updates: ${r.updates.lost} entry receipts LOST`);
      const closes = closeCounts([r.updates.warmUp, ...r.updates.steps]);
      if (closes) out.push(`${who}, updates: sockets closed by the server or the network during the ramp: ${closes}`);
    }
    const disturbed = [
      ...(r.connections?.steps ?? []).map((st) => ({ name: `${st.clients.toLocaleString('en-US')} clients`, st })),
      ...(r.updates?.steps ?? []).map((st) => ({ name: `${st.offered.toLocaleString('en-US')}/s`, st })),
    ].filter(({ st }) => st.cpu.foreign > quietCores);
    if (disturbed.length > 0) {
      const list = disturbed.map(({ name, st }) => `${name}${st.attempt > 1 ? ' (second try)' : ''}: ${st.cpu.foreign.toFixed(2)} cores`).join(', ');
      out.push(`${who}: steps during which other processes used more than ${quietCores} cores: ${list}`);
    }
    for (const e of r.errors) out.push(`${who}: FAILED: ${e}`);
  }
  return out;
}

export function markdownSection(machine: MachineFacts, preset: ClusterPreset, command: string, results: SetupResult[], sizes: ClusterSizes, quietCores: number): string {
  const steps = results.flatMap((r) => [...(r.connections?.steps ?? []), ...(r.updates?.steps ?? [])]);
  const foreign = Math.max(0, ...steps.map((st) => st.cpu.foreign));
  const facts = [
    `- Date: ${machine.date.slice(0, 16).replace('T', ' ')} UTC${machine.commit ? `, commit ${machine.commit}` : ''}`,
    `- Machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB; ${machine.os}`,
    `- Node.js ${machine.node}; command \`${command}\` (${preset} sizes)`,
    '- Everything shares these cores: every node is its own process, PostgreSQL and Redis run here too, and all clients run in the bench process.',
    `- Other processes on the machine used at most ${foreign.toFixed(2)} cores during any one step (disturbed steps are in the notes).`,
  ];
  const n = notes(results, quietCores);
  return [CLUSTER_MARKERS.start, '', ...facts, '', markdownTable(results, sizes), '', ...(n.length > 0 ? ['Notes from the run:', '', ...n.map((x) => `- ${x}`), ''] : []), CLUSTER_MARKERS.end].join('\n');
}
