/**
 * Command-line options of `npm run bench:cluster` and the sizes of its two ramps. Two presets:
 * the default (the figures BENCHMARKS.md reports; under ten minutes on 2 cores) and --smoke
 * (tiny, well under a minute, to prove the harness works). Size options override the preset.
 */
import { parseArgs } from 'node:util';
import { list, positiveInt } from '../lib/options.ts';
import { SETUP_NAMES } from './stack.ts';
import type { SetupName } from './stack.ts';

export interface ConnectionSizes {
  /** Incidents the clients are spread over (round-robin, as are the nodes). */
  rooms: number;
  /** Client counts of the ramp; it stops at the first count not held. */
  counts: number[];
  /** Handshakes in flight at once. */
  inFlight: number;
  /** Every client must be synced this long after the first connect, or the count is not held. */
  connectBoundMs: number;
  /** The check edit must reach every client of its room within this, or the count is not held. */
  editBoundMs: number;
  /** Each room's scribe writes an entry this often while its room fills (see connectionsHeld.ts). */
  heartbeatMs: number;
  /** Pause after the clients of a count leave, before the next count connects. */
  settleMs: number;
}

export interface UpdateSizes {
  /** Shared rooms; each has one writer and one reader per node slot (3 of each). */
  rooms: number;
  /** Offered updates per second, all rooms together; the ramp stops at the first rate not held. */
  rates: number[];
  /** Seconds each rate is offered. */
  seconds: number;
  /** Untimed seconds at the first rate before the ramp, so every process has compiled its hot paths. */
  warmUpSeconds: number;
  /** After the last write, updates delivered within this still count as delivered on time. */
  drainMs: number;
  /** A rate is held when delivered/offered ≥ this … */
  minDelivered: number;
  /** … and cross-node latency p99 stays under this. */
  p99BoundMs: number;
}

export interface ClusterSizes {
  connections: ConnectionSizes;
  updates: UpdateSizes;
  /** After a bound is missed, how long the harness still waits before it calls an edit lost. */
  lossGraceMs: number;
}

export type ClusterPreset = 'full' | 'smoke';

/** What the ramps need to know about the machine they run on. */
export interface RampSettings {
  /** The open-file limit of the bench process (ulimit -n): every client is a socket. */
  fdLimit: number;
  /** Other processes may use this many cores before a step counts as disturbed. */
  quietCores: number;
  /** Wait for a quiet machine before a second try (not in smoke runs). */
  waitForQuiet: boolean;
}

const PRESETS: Record<ClusterPreset, ClusterSizes> = {
  full: {
    connections: {
      rooms: 20,
      counts: [250, 500, 1000, 2000, 4000, 8000, 12_000, 16_000],
      inFlight: 200,
      connectBoundMs: 30_000,
      editBoundMs: 5000,
      heartbeatMs: 10_000,
      settleMs: 2000,
    },
    updates: {
      rooms: 30,
      rates: [100, 200, 400, 600, 800, 1000, 1200, 1500, 1800, 2200, 2600, 3000, 3500, 4000, 4500],
      seconds: 5,
      warmUpSeconds: 3,
      drainMs: 1000,
      minDelivered: 0.99,
      p99BoundMs: 250,
    },
    lossGraceMs: 30_000,
  },
  smoke: {
    connections: { rooms: 5, counts: [30, 60], inFlight: 50, connectBoundMs: 10_000, editBoundMs: 5000, heartbeatMs: 2000, settleMs: 300 },
    updates: { rooms: 4, rates: [20, 40], seconds: 1, warmUpSeconds: 1, drainMs: 1000, minDelivered: 0.99, p99BoundMs: 250 },
    lossGraceMs: 15_000,
  },
};

/** A writer stays this far under the server's default RATE_UPDATES_PER_SEC (60), so the limit is never what is measured. */
export const MAX_RATE_PER_WRITER = 50;
export const SLOTS_PER_ROOM = 3;

export const TEST_NAMES = ['connections', 'updates'] as const;
export type TestName = (typeof TEST_NAMES)[number];

export interface ClusterOptions {
  preset: ClusterPreset;
  sizes: ClusterSizes;
  setups: SetupName[];
  tests: TestName[];
  jsonPath: string;
  /** Rewrite BENCHMARKS.md's cluster results: "auto" does so after a full default run only. */
  updateMarkdown: boolean | 'auto';
  isDefaultRun: boolean;
}

export const USAGE = `Usage: npm run bench:cluster -- [options]   (node --import tsx bench/cluster.ts [options])

Measures, per setup, how many connections and how many updates per second the deployment holds.
Setups: ${SETUP_NAMES.join(', ')} (default: all). Needs PostgreSQL at BENCH_PG_URL (default
postgres://postgres@127.0.0.1:5432/postgres, trust auth) and redis-server on PATH.

  --setup a,b             run only these setups
  --test connections,updates
                          run only these measurements (default: both)
  --smoke                 tiny sizes, well under a minute (CI)
  --counts 250,500,1000   connection ramp: client counts
  --rooms 20              connection ramp: incidents the clients are spread over
  --rates 100,200,400     update ramp: offered updates per second (all rooms together)
  --seconds 5             update ramp: seconds per rate
  --json <path>           where to write figures (default test-artifacts/bench/cluster.json)
  --update-md / --no-update-md
                          rewrite BENCHMARKS.md's cluster results (default: only after a full default run)
  -h, --help`;

function ascending(name: string, values: number[]): number[] {
  if (values.some((v, i) => i > 0 && v <= values[i - 1]!)) throw new Error(`--${name} must ascend`);
  return values;
}

export function parseOptions(argv: string[]): ClusterOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      setup: { type: 'string' },
      test: { type: 'string' },
      smoke: { type: 'boolean' },
      counts: { type: 'string' },
      rooms: { type: 'string' },
      rates: { type: 'string' },
      seconds: { type: 'string' },
      json: { type: 'string' },
      'update-md': { type: 'boolean' },
      'no-update-md': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  const preset: ClusterPreset = values.smoke ? 'smoke' : 'full';
  const sizes = structuredClone(PRESETS[preset]);
  let sized = false;
  if (values.counts) {
    sizes.connections.counts = ascending('counts', list(values.counts).map((c) => positiveInt('counts', c)));
    sized = true;
  }
  if (values.rooms) {
    sizes.connections.rooms = positiveInt('rooms', values.rooms);
    sized = true;
  }
  if (values.rates) {
    sizes.updates.rates = ascending('rates', list(values.rates).map((r) => positiveInt('rates', r)));
    sized = true;
  }
  if (values.seconds) {
    sizes.updates.seconds = positiveInt('seconds', values.seconds);
    sized = true;
  }
  const writers = sizes.updates.rooms * SLOTS_PER_ROOM;
  const top = sizes.updates.rates.at(-1) ?? 0;
  if (top / writers > MAX_RATE_PER_WRITER) {
    throw new Error(`--rates up to ${top}/s would need more than ${MAX_RATE_PER_WRITER}/s from each of the ${writers} writers (the server allows 60/s per connection)`);
  }
  if (sizes.connections.counts.some((c) => c < sizes.connections.rooms)) throw new Error('every --counts value must be at least --rooms');
  const setups = values.setup
    ? list(values.setup).map((s) => {
        if (!(SETUP_NAMES as readonly string[]).includes(s)) throw new Error(`unknown setup "${s}"; one of ${SETUP_NAMES.join(', ')}`);
        return s as SetupName;
      })
    : [...SETUP_NAMES];
  const tests = values.test
    ? list(values.test).map((t) => {
        if (!(TEST_NAMES as readonly string[]).includes(t)) throw new Error(`unknown test "${t}"; one of ${TEST_NAMES.join(', ')}`);
        return t as TestName;
      })
    : [...TEST_NAMES];
  return {
    preset,
    sizes,
    setups: SETUP_NAMES.filter((s) => setups.includes(s)),
    tests: TEST_NAMES.filter((t) => tests.includes(t)),
    jsonPath: values.json ?? 'test-artifacts/bench/cluster.json',
    updateMarkdown: values['no-update-md'] ? false : values['update-md'] ? true : 'auto',
    isDefaultRun: preset === 'full' && !sized && !values.setup && !values.test,
  };
}
