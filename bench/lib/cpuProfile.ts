/**
 * Reads the .cpuprofile files `node --cpu-prof` writes and ranks functions by self time. Only
 * samples taken while the server was serving a scenario count (between its first health answer
 * and the stop signal), so start-up compilation does not crowd out the hot paths; V8 stamps
 * samples with the same monotonic clock as process.hrtime. A function in a bundle is named by
 * its place in the source, through the bundle's source map.
 */
import fs from 'node:fs';
import { SourceMap } from 'node:module';
import type { SourceMapping } from 'node:module';
import path from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface CpuProfile {
  nodes: Array<{ id: number; callFrame: CallFrame }>;
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface HotFunction {
  name: string;
  location: string;
  selfMs: number;
  /** Share of the busy (non-idle) time in the summarised samples. */
  share: number;
}

export interface ProfileSummary {
  files: string[];
  busyMs: number;
  idleMs: number;
  /** True when the samples were limited to the serving window (false: no sample fell in it, all were used). */
  windowed: boolean;
  top: HotFunction[];
}

/** Self time by function, accumulated over several profiles. */
export class SelfTimeTable {
  private readonly byFunction = new Map<string, { name: string; location: string; us: number }>();
  /** Source map of each script seen, null for a script without one. */
  private readonly sourceMaps = new Map<string, SourceMap | null>();
  readonly files: string[] = [];
  busyUs = 0;
  idleUs = 0;
  windowed = true;

  constructor(private readonly repoRoot: string) {}

  /** Adds one profile's samples taken in [fromMicros, toMicros]. */
  add(file: string, fromMicros: number, toMicros: number): void {
    const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
    this.files.push(path.relative(this.repoRoot, file));
    const frames = new Map<number, CallFrame>();
    for (const node of profile.nodes) frames.set(node.id, node.callFrame);
    const times = new Float64Array(profile.samples.length);
    let t = profile.startTime;
    for (let i = 0; i < profile.samples.length; i++) times[i] = t += profile.timeDeltas[i] ?? 0;
    const inWindow = (i: number) => times[i]! >= fromMicros && times[i]! <= toMicros;
    let windowed = false;
    for (let i = 0; i < times.length && !windowed; i++) windowed = inWindow(i);
    if (!windowed) this.windowed = false;
    for (let i = 0; i < profile.samples.length - 1; i++) {
      if (windowed && !inWindow(i)) continue;
      const us = times[i + 1]! - times[i]!;
      const frame = frames.get(profile.samples[i]!);
      if (!frame) continue;
      const name = frame.functionName || '(anonymous)';
      if (name === '(idle)') {
        this.idleUs += us;
        continue;
      }
      this.busyUs += us;
      const location = this.locate(frame);
      const key = `${name}\u0000${location}`;
      const entry = this.byFunction.get(key);
      if (entry) entry.us += us;
      else this.byFunction.set(key, { name, location, us });
    }
  }

  summary(topN = 15): ProfileSummary {
    const top = [...this.byFunction.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, topN)
      .map((f) => ({ name: f.name, location: f.location, selfMs: f.us / 1000, share: this.busyUs > 0 ? f.us / this.busyUs : 0 }));
    return { files: this.files, busyMs: this.busyUs / 1000, idleMs: this.idleUs / 1000, windowed: this.windowed, top };
  }

  private locate(frame: CallFrame): string {
    if (!frame.url) return '';
    let where = frame.url.startsWith('file://') ? decodeURIComponent(new URL(frame.url).pathname) : frame.url;
    let line = frame.lineNumber;
    // findEntry answers {} where the map has no entry.
    const original = (path.isAbsolute(where) ? this.sourceMapOf(where)?.findEntry(frame.lineNumber, frame.columnNumber) : undefined) as Partial<SourceMapping> | undefined;
    if (original?.originalSource !== undefined && original.originalLine !== undefined) {
      where = path.resolve(path.dirname(where), original.originalSource);
      line = original.originalLine;
    }
    if (path.isAbsolute(where)) where = path.relative(this.repoRoot, where);
    // tsx compiles each TypeScript module onto one line: a line number there says nothing.
    return line === 0 && where.endsWith('.ts') ? where : `${where}:${line + 1}`;
  }

  private sourceMapOf(file: string): SourceMap | null {
    let map = this.sourceMaps.get(file);
    if (map === undefined) {
      const mapFile = `${file}.map`;
      map = fs.existsSync(mapFile) ? new SourceMap(JSON.parse(fs.readFileSync(mapFile, 'utf8'))) : null;
      this.sourceMaps.set(file, map);
    }
    return map;
  }
}

/** Profiles a process with this pid wrote into dir (one per thread that ran JavaScript). */
export function profilesOf(dir: string, pid: number): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile') && f.split('.').includes(String(pid)))
    .map((f) => path.join(dir, f));
}

export function formatProfile(summary: ProfileSummary): string {
  const lines = summary.top.map((f, i) => `${String(i + 1).padStart(3)}. ${(f.share * 100).toFixed(1).padStart(5)}%  ${f.selfMs.toFixed(0).padStart(7)} ms  ${f.name}  ${f.location}`);
  const scope = summary.windowed ? 'while serving scenarios' : 'whole process lifetime';
  return [`busy ${summary.busyMs.toFixed(0)} ms, idle ${summary.idleMs.toFixed(0)} ms (${scope}); top ${summary.top.length} by self time:`, ...lines].join('\n');
}
