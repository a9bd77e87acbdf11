/**
 * Who is on call, all layers and overrides together: the newest override covering an instant
 * wins; otherwise the top-most layer (the last listed) that has someone. The list of final shifts
 * and the answer for one instant come from the same sweep, so they can never disagree.
 */
import type { RotationLayer, Shift } from './rotation.ts';
import { rotationShifts } from './rotation.ts';
import { activeWindows, withinWindows } from './restrictions.ts';

export interface EngineSchedule {
  timeZone: string;
  /** Bottom to top. */
  layers: readonly RotationLayer[];
}

export interface EngineOverride {
  id: string;
  userId: string;
  start: number;
  end: number;
}

export type FinalSource = { kind: 'layer'; layer: number; index: number } | { kind: 'override'; overrideId: string };

export interface FinalShift {
  start: number;
  end: number;
  userId: string;
  source: FinalSource;
}

export interface Timeline {
  final: FinalShift[];
  /** Each layer's shifts with its restrictions applied, bottom to top. */
  layers: Shift[][];
}

const WEEK_MS = 7 * 86_400_000;

export function layerShifts(layer: RotationLayer, zone: string, from: number, to: number): Shift[] {
  return withinWindows(rotationShifts(layer, zone, from, to), activeWindows(layer.restrictions, zone, from, to));
}

const sameSource = (a: FinalSource, b: FinalSource) =>
  a.kind === 'override' ? b.kind === 'override' && a.overrideId === b.overrideId : b.kind === 'layer' && a.layer === b.layer && a.index === b.index;

/**
 * The final shifts within [from, to). `overrides` in the order they were made: a later one wins
 * where two overlap.
 */
export function timeline(schedule: EngineSchedule, overrides: readonly EngineOverride[], from: number, to: number): Timeline {
  const layers = schedule.layers.map((layer) => layerShifts(layer, schedule.timeZone, from, to));
  const live = overrides.filter((o) => o.start < to && o.end > from);
  const cuts = new Set<number>([from, to]);
  for (const shifts of layers) for (const s of shifts) cuts.add(s.start).add(s.end);
  for (const o of live) cuts.add(Math.max(o.start, from)).add(Math.min(o.end, to));
  const points = [...cuts].sort((a, b) => a - b);

  const cursors = layers.map(() => 0);
  const final: FinalShift[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const start = points[i]!;
    const end = points[i + 1]!;
    const chosen = overrideAt(live, start) ?? layerAt(layers, cursors, start);
    if (!chosen) continue;
    const previous = final[final.length - 1];
    if (previous && previous.end === start && previous.userId === chosen.userId && sameSource(previous.source, chosen.source)) previous.end = end;
    else final.push({ start, end, ...chosen });
  }
  return { final, layers };
}

function overrideAt(live: readonly EngineOverride[], t: number): Omit<FinalShift, 'start' | 'end'> | null {
  for (let j = live.length - 1; j >= 0; j--) {
    const o = live[j]!;
    if (o.start <= t && t < o.end) return { userId: o.userId, source: { kind: 'override', overrideId: o.id } };
  }
  return null;
}

/** The top-most layer's shift at `t`; cursors only move forward, as the sweep does. */
function layerAt(layers: Shift[][], cursors: number[], t: number): Omit<FinalShift, 'start' | 'end'> | null {
  for (let l = layers.length - 1; l >= 0; l--) {
    const shifts = layers[l]!;
    let c = cursors[l]!;
    while (c < shifts.length && shifts[c]!.end <= t) c++;
    cursors[l] = c;
    const shift = shifts[c];
    if (shift && shift.start <= t) return { userId: shift.userId, source: { kind: 'layer', layer: l, index: shift.index } };
  }
  return null;
}

/** The final shift under way at `at`, as seen within a week either side. */
export function shiftAt(schedule: EngineSchedule, overrides: readonly EngineOverride[], at: number): FinalShift | null {
  return timeline(schedule, overrides, at - WEEK_MS, at + WEEK_MS).final.find((s) => s.start <= at && at < s.end) ?? null;
}
