/**
 * One layer's rotation: when its hand-offs are and who holds each shift (shared/schedules.ts says
 * the rules). Pure: the same layer, zone and range always give the same shifts.
 */
import type { Restriction, Rotation } from '../../shared/schedules.ts';
import { addDays, dayNumber, instantAtMinutes, localDateOf, minutesOf } from './zonedTime.ts';
import type { LocalDate } from './zonedTime.ts';

/** A layer as the engine reads it: instants in ms, the hand-off time resolved at save time. */
export interface RotationLayer {
  start: number;
  rotation: Rotation;
  /** "HH:MM" for daily and weekly rotations; null for "hours". */
  handoffTime: string | null;
  users: readonly string[];
  restrictions: readonly Restriction[];
}

/** A stretch of one person's shift; `index` numbers the rotation's shifts from 0. */
export interface Shift {
  start: number;
  end: number;
  userId: string;
  index: number;
}

const HOUR_MS = 3_600_000;

/** The hand-offs of one layer in its zone: hand-off 0 is the start, k ends shift k - 1. */
class Handoffs {
  private readonly startDate: LocalDate;
  private readonly periodDays: number;

  constructor(
    private readonly layer: RotationLayer,
    private readonly zone: string,
  ) {
    this.startDate = localDateOf(layer.start, zone);
    this.periodDays = layer.rotation.type === 'weekly' ? 7 : 1;
  }

  at(k: number): number {
    if (k === 0) return this.layer.start;
    const rotation = this.layer.rotation;
    if (rotation.type === 'hours') return this.layer.start + k * rotation.hours * HOUR_MS;
    return instantAtMinutes(addDays(this.startDate, k * this.periodDays), minutesOf(this.layer.handoffTime ?? '00:00'), this.zone);
  }

  /** The shift under way at `t` (not before the start). */
  indexAt(t: number): number {
    const rotation = this.layer.rotation;
    if (rotation.type === 'hours') return Math.floor((t - this.layer.start) / (rotation.hours * HOUR_MS));
    const days = dayNumber(localDateOf(t, this.zone)) - dayNumber(this.startDate);
    let k = Math.max(0, Math.floor(days / this.periodDays));
    while (k > 0 && this.at(k) > t) k--;
    while (this.at(k + 1) <= t) k++;
    return k;
  }
}

/** The rotation's shifts that overlap [from, to), clipped to it; none before the layer starts. */
export function rotationShifts(layer: RotationLayer, zone: string, from: number, to: number): Shift[] {
  const begin = Math.max(from, layer.start);
  if (begin >= to || layer.users.length === 0) return [];
  const handoffs = new Handoffs(layer, zone);
  const shifts: Shift[] = [];
  let k = handoffs.indexAt(begin);
  let start = handoffs.at(k);
  while (start < to) {
    const end = handoffs.at(k + 1);
    shifts.push({ start: Math.max(start, begin), end: Math.min(end, to), userId: layer.users[k % layer.users.length]!, index: k });
    k++;
    start = end;
  }
  return shifts;
}
