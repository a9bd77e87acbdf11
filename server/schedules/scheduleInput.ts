/**
 * A validated request turned into what is stored: instants in ms, local times resolved in the
 * schedule's zone once, at save time, so a stored layer means the same thing forever.
 */
import type { LayerInput, OverrideInput, ScheduleInput } from '../../shared/schedules.ts';
import { ScheduleLimits } from '../../shared/schedules.ts';
import { CommandError } from '../commands/CommandError.ts';
import type { RotationLayer } from './rotation.ts';
import { instantOf, wallClock } from './zonedTime.ts';

export interface StoredLayer extends RotationLayer {
  name: string;
}

/** Schedules are about the present: times from 2000 to 2200 keep every computation in Date's range. */
const EARLIEST = Date.UTC(2000, 0, 1);
const LATEST = Date.UTC(2200, 0, 1);
const HAS_ZONE = /(Z|[+-]\d{2}:?\d{2})$/i;
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/;

/** An ISO 8601 text (already validated by the shared schema) as an instant; `field` names it in errors. */
export function instantFromText(text: string, zone: string, field: string): number {
  let at: number;
  const local = HAS_ZONE.test(text) ? null : LOCAL.exec(text);
  if (local) {
    const [, y, mo, d, h, mi, s] = local.map(Number) as number[];
    at = instantOf({ year: y!, month: mo!, day: d!, hour: h!, minute: mi!, second: Number.isNaN(s) ? 0 : s! }, zone);
  } else {
    at = Date.parse(text);
  }
  if (!Number.isFinite(at) || at < EARLIEST || at >= LATEST) throw new CommandError('invalid', `${field} must be a time between 2000 and 2200`);
  return at;
}

const pad = (n: number) => String(n).padStart(2, '0');

function storedLayer(layer: LayerInput, zone: string, index: number): StoredLayer {
  const start = instantFromText(layer.start, zone, `layers.${index}.start`);
  let handoffTime: string | null = null;
  if (layer.rotation.type !== 'hours') {
    const local = wallClock(start, zone);
    handoffTime = layer.handoffTime ?? `${pad(local.hour)}:${pad(local.minute)}`;
  }
  return {
    name: layer.name,
    start,
    rotation: layer.rotation,
    handoffTime,
    users: layer.users,
    restrictions: (layer.restrictions ?? []).map((r) => (r.days ? { days: [...new Set(r.days)], from: r.from, to: r.to } : { from: r.from, to: r.to })),
  };
}

export function storedLayers(input: ScheduleInput): StoredLayer[] {
  return input.layers.map((layer, i) => storedLayer(layer, input.timeZone, i));
}

export interface OverrideRange {
  userId: string;
  start: number;
  end: number;
}

/** An override's range, refused when empty, too long or already over. */
export function overrideRange(input: OverrideInput, zone: string, now: number, field = ''): OverrideRange {
  const start = instantFromText(input.start, zone, `${field}start`);
  const end = instantFromText(input.end, zone, `${field}end`);
  if (end <= start) throw new CommandError('invalid', `${field}end must be after ${field}start`);
  if (end - start > ScheduleLimits.maxOverrideMs) throw new CommandError('invalid', `an override lasts at most ${ScheduleLimits.maxOverrideMs / 86_400_000} days`);
  if (end <= now) throw new CommandError('invalid', `${field}end is in the past: an override that is already over changes nothing`);
  return { userId: input.userId, start, end };
}
