/**
 * Building schedules for engine tests the way a request does (shared schema, then what is stored),
 * and reading the engine's answer as plain { from, to, who } rows of ISO instants, so expectations
 * are written by hand from known clock changes, never computed with the engine's own helpers.
 */
import { ScheduleInput } from '../../shared/schedules.ts';
import { storedLayers } from '../../server/schedules/scheduleInput.ts';
import { timeline } from '../../server/schedules/finalSchedule.ts';
import type { EngineOverride, EngineSchedule } from '../../server/schedules/finalSchedule.ts';

export function engineSchedule(input: unknown): EngineSchedule {
  const parsed = ScheduleInput.parse(input);
  return { timeZone: parsed.timeZone, layers: storedLayers(parsed) };
}

export interface Row {
  from: string;
  to: string;
  who: string;
}

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

export function finalRows(schedule: EngineSchedule, from: string, to: string, overrides: EngineOverride[] = []): Row[] {
  return timeline(schedule, overrides, Date.parse(from), Date.parse(to)).final.map((s) => ({ from: iso(s.start), to: iso(s.end), who: s.userId }));
}

export function layerRows(schedule: EngineSchedule, layer: number, from: string, to: string): Row[] {
  return timeline(schedule, [], Date.parse(from), Date.parse(to)).layers[layer]!.map((s) => ({ from: iso(s.start), to: iso(s.end), who: s.userId }));
}

export const hoursBetween = (row: Row) => (Date.parse(row.to) - Date.parse(row.from)) / 3_600_000;
