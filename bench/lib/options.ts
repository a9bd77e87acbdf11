/**
 * Command-line options of `npm run bench` and the sizes each scenario runs at. Three presets:
 * the default (the figures BENCHMARKS.md reports; a few minutes on 2 cores), --quick (about a
 * third) and --smoke (tiny, about a minute, for CI). Size options override the preset.
 */
import { parseArgs } from 'node:util';
import { TARGET_KINDS } from './targets.ts';
import type { TargetKind } from './targets.ts';

export interface Sizes {
  /** Clients whose handshakes are in flight together when connecting many. */
  wave: number;
  /** settleMs: how long a started server is left idle while its memory is read. */
  startup: { settleMs: number };
  fanout: { readers: number[]; rate: number; seconds: number; burst: number };
  /** settleMs: pause before each memory reading, so the server's garbage is collected. */
  manyRooms: { rooms: number; clientsPerRoom: number; editsPerClient: number; settleMs: number };
  coldLoad: { entries: number; batch: number; trials: number };
  storm: { clients: number; rooms: number; seedEntries: number; offlineEdits: number; rounds: number };
  stakeholder: { viewers: number; rate: number; seconds: number };
  presence: { clients: number; seconds: number; hz: number; editRate: number };
}

export type Preset = 'full' | 'quick' | 'smoke';

const PRESETS: Record<Preset, Sizes> = {
  full: {
    wave: 100,
    startup: { settleMs: 3000 },
    fanout: { readers: [10, 50, 200], rate: 20, seconds: 5, burst: 200 },
    manyRooms: { rooms: 1000, clientsPerRoom: 3, editsPerClient: 3, settleMs: 3000 },
    coldLoad: { entries: 10_000, batch: 100, trials: 5 },
    storm: { clients: 200, rooms: 20, seedEntries: 50, offlineEdits: 10, rounds: 3 },
    stakeholder: { viewers: 1000, rate: 10, seconds: 5 },
    presence: { clients: 500, seconds: 10, hz: 1, editRate: 5 },
  },
  quick: {
    wave: 100,
    startup: { settleMs: 2000 },
    fanout: { readers: [10, 50], rate: 20, seconds: 3, burst: 100 },
    manyRooms: { rooms: 300, clientsPerRoom: 3, editsPerClient: 3, settleMs: 2000 },
    coldLoad: { entries: 3000, batch: 100, trials: 3 },
    storm: { clients: 100, rooms: 10, seedEntries: 50, offlineEdits: 10, rounds: 2 },
    stakeholder: { viewers: 300, rate: 10, seconds: 3 },
    presence: { clients: 200, seconds: 5, hz: 1, editRate: 5 },
  },
  smoke: {
    wave: 50,
    startup: { settleMs: 500 },
    fanout: { readers: [5], rate: 20, seconds: 1, burst: 20 },
    manyRooms: { rooms: 20, clientsPerRoom: 3, editsPerClient: 2, settleMs: 300 },
    coldLoad: { entries: 300, batch: 100, trials: 2 },
    storm: { clients: 20, rooms: 4, seedEntries: 10, offlineEdits: 3, rounds: 1 },
    stakeholder: { viewers: 20, rate: 10, seconds: 1 },
    presence: { clients: 20, seconds: 2, hz: 1, editRate: 5 },
  },
};

export const SCENARIO_NAMES = ['startup', 'fanout', 'many-rooms', 'cold-load', 'reconnect-storm', 'stakeholder', 'presence'] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

export interface BenchOptions {
  preset: Preset;
  sizes: Sizes;
  scenarios: ScenarioName[];
  servers: TargetKind[];
  /** Runs of each scenario per server; figures are the median over runs (counts are summed). */
  repeat: number;
  cpuProf: boolean;
  jsonPath: string;
  /** Rewrite the results section of BENCHMARKS.md: "auto" does so after a default full run only. */
  updateMarkdown: boolean | 'auto';
  /** True when presets, sizes, scenarios and servers are all the defaults. */
  isDefaultRun: boolean;
}

export const USAGE = `Usage: npm run bench -- [options]   (node --import tsx bench/run.ts [options])

Scenarios (default: all): ${SCENARIO_NAMES.join(', ')}

  --scenario a,b          run only these scenarios
  --server a,b            run against only these servers: ours, y-websocket, hocuspocus
                          (default: all three)
  --quick                 smaller sizes, about a third of the time
  --smoke                 tiny sizes, about a minute (CI)
  --readers 10,50,200     fan-out: reader counts
  --rate 20 --seconds 5   fan-out: steady entries per second and seconds
  --burst 200             fan-out: entries written at once
  --rooms 1000            many rooms: rooms (3 clients each)
  --entries 10000         cold load: transcript entries
  --trials 5              cold load: connects timed (cold and warm each)
  --storm-clients 200     reconnect storm: clients (in --storm-rooms rooms, default 20)
  --viewers 1000          stakeholder broadcast: read-only viewers
  --presence-clients 500  presence: clients updating their cursor
  --presence-seconds 10   presence: how long
  --repeat 3              run each scenario this many times per server (alternating servers)
                          and report the median of each figure
  --cpu-prof              run our server under node --cpu-prof (profiles in test-artifacts/profiles)
                          and print the top 15 functions by self time
  --json PATH             where to write figures (default test-artifacts/bench/latest.json)
  --update-md / --no-update-md
                          rewrite BENCHMARKS.md's results (default: only after a full default run,
                          repeated or not)
  --md-from PATH          rewrite BENCHMARKS.md's results from an earlier run's figures (its --json
                          file), without running anything
  -h, --help`;

const SCENARIO_ALIASES: Record<string, ScenarioName> = {
  'start-up': 'startup',
  start: 'startup',
  'fan-out': 'fanout',
  rooms: 'many-rooms',
  manyrooms: 'many-rooms',
  cold: 'cold-load',
  coldload: 'cold-load',
  storm: 'reconnect-storm',
  reconnect: 'reconnect-storm',
  'stakeholder-broadcast': 'stakeholder',
  broadcast: 'stakeholder',
};

/** A comma-separated option value. */
export function list(text: string): string[] {
  return text.split(',').map((s) => s.trim()).filter(Boolean);
}

export function positiveInt(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer, not "${text}"`);
  return n;
}

/** `--md-from`: only rewrite BENCHMARKS.md from a saved run. */
export interface MarkdownFromRun {
  mdFrom: string;
}

export function parseOptions(argv: string[]): BenchOptions | MarkdownFromRun | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      scenario: { type: 'string' },
      server: { type: 'string' },
      quick: { type: 'boolean' },
      smoke: { type: 'boolean' },
      readers: { type: 'string' },
      rate: { type: 'string' },
      seconds: { type: 'string' },
      burst: { type: 'string' },
      rooms: { type: 'string' },
      entries: { type: 'string' },
      trials: { type: 'string' },
      'storm-clients': { type: 'string' },
      'storm-rooms': { type: 'string' },
      viewers: { type: 'string' },
      'presence-clients': { type: 'string' },
      'presence-seconds': { type: 'string' },
      repeat: { type: 'string' },
      'cpu-prof': { type: 'boolean' },
      json: { type: 'string' },
      'update-md': { type: 'boolean' },
      'no-update-md': { type: 'boolean' },
      'md-from': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  if (values['md-from']) return { mdFrom: values['md-from'] };
  if (values.quick && values.smoke) throw new Error('--quick and --smoke exclude each other');
  const preset: Preset = values.smoke ? 'smoke' : values.quick ? 'quick' : 'full';
  const sizes = structuredClone(PRESETS[preset]);
  let sized = false;
  const int = (name: keyof typeof values, set: (n: number) => void) => {
    const v = values[name];
    if (typeof v === 'string') {
      set(positiveInt(name, v));
      sized = true;
    }
  };
  if (values.readers) {
    sizes.fanout.readers = list(values.readers).map((r) => positiveInt('readers', r));
    sized = true;
  }
  int('rate', (n) => (sizes.fanout.rate = n));
  int('seconds', (n) => (sizes.fanout.seconds = n));
  int('burst', (n) => (sizes.fanout.burst = n));
  int('rooms', (n) => (sizes.manyRooms.rooms = n));
  int('entries', (n) => (sizes.coldLoad.entries = n));
  int('trials', (n) => (sizes.coldLoad.trials = n));
  int('storm-clients', (n) => (sizes.storm.clients = n));
  int('storm-rooms', (n) => (sizes.storm.rooms = n));
  int('viewers', (n) => (sizes.stakeholder.viewers = n));
  int('presence-clients', (n) => (sizes.presence.clients = n));
  int('presence-seconds', (n) => (sizes.presence.seconds = n));
  if (sizes.storm.rooms > sizes.storm.clients) throw new Error('--storm-rooms must not exceed --storm-clients');

  const scenarios = values.scenario
    ? list(values.scenario).map((name) => {
        const key = name.toLowerCase();
        const found = (SCENARIO_NAMES as readonly string[]).includes(key) ? (key as ScenarioName) : SCENARIO_ALIASES[key];
        if (!found) throw new Error(`unknown scenario "${name}"; one of ${SCENARIO_NAMES.join(', ')}`);
        return found;
      })
    : [...SCENARIO_NAMES];
  const servers = values.server
    ? list(values.server).map((s) => {
        if (!(TARGET_KINDS as readonly string[]).includes(s)) throw new Error(`unknown server "${s}"; one of ${TARGET_KINDS.join(', ')}`);
        return s as TargetKind;
      })
    : [...TARGET_KINDS];
  const cpuProf = values['cpu-prof'] ?? false;
  const repeat = values.repeat ? positiveInt('repeat', values.repeat) : 1;
  return {
    preset,
    sizes,
    scenarios: SCENARIO_NAMES.filter((s) => scenarios.includes(s)),
    servers: TARGET_KINDS.filter((k) => servers.includes(k)),
    repeat,
    cpuProf,
    jsonPath: values.json ?? 'test-artifacts/bench/latest.json',
    updateMarkdown: values['no-update-md'] ? false : values['update-md'] ? true : 'auto',
    isDefaultRun: preset === 'full' && !sized && !values.scenario && !values.server && !cpuProf,
  };
}
