/**
 * When a restricted layer is on call: its restrictions' windows as instants, and its shifts cut to
 * them. Outside every window the layer has nobody, so the layers below it decide.
 */
import { WEEKDAYS } from '../../shared/schedules.ts';
import type { Restriction } from '../../shared/schedules.ts';
import type { Shift } from './rotation.ts';
import { addDays, dayNumber, instantAtMinutes, localDateOf, minutesOf, weekdayIndex } from './zonedTime.ts';

type Window = [start: number, end: number];

/** The union of the windows within [from, to), in order. */
export function activeWindows(restrictions: readonly Restriction[], zone: string, from: number, to: number): Window[] {
  if (restrictions.length === 0) return from < to ? [[from, to]] : [];
  const windows: Window[] = [];
  // A window that began the local day before `from` may still be open.
  const first = addDays(localDateOf(from, zone), -1);
  const last = dayNumber(localDateOf(to, zone));
  for (let date = first; dayNumber(date) <= last; date = addDays(date, 1)) {
    const weekday = WEEKDAYS[weekdayIndex(date)]!;
    for (const r of restrictions) {
      if (r.days && !r.days.includes(weekday)) continue;
      const fromMinutes = minutesOf(r.from);
      const toMinutes = minutesOf(r.to);
      const start = instantAtMinutes(date, fromMinutes, zone);
      const end = instantAtMinutes(date, toMinutes > fromMinutes ? toMinutes : toMinutes + 1440, zone);
      const clipped: Window = [Math.max(start, from), Math.min(end, to)];
      if (clipped[0] < clipped[1]) windows.push(clipped);
    }
  }
  return union(windows);
}

function union(windows: Window[]): Window[] {
  windows.sort((a, b) => a[0] - b[0]);
  const out: Window[] = [];
  for (const w of windows) {
    const lastWindow = out[out.length - 1];
    if (lastWindow && w[0] <= lastWindow[1]) lastWindow[1] = Math.max(lastWindow[1], w[1]);
    else out.push([w[0], w[1]]);
  }
  return out;
}

/** The parts of each shift inside a window; both lists are ordered and non-overlapping. */
export function withinWindows(shifts: readonly Shift[], windows: readonly Window[]): Shift[] {
  const out: Shift[] = [];
  let w = 0;
  for (const shift of shifts) {
    while (w < windows.length && windows[w]![1] <= shift.start) w++;
    for (let i = w; i < windows.length && windows[i]![0] < shift.end; i++) {
      const [start, end] = windows[i]!;
      const piece = { ...shift, start: Math.max(start, shift.start), end: Math.min(end, shift.end) };
      if (piece.start < piece.end) out.push(piece);
    }
  }
  return out;
}
