/**
 * What an import would do, in this server's terms, before it does anything: each vendor's
 * mapper (pagerdutyPlan.ts, opsgeniePlan.ts) turns an export into a plan, and applyPlan.ts
 * carries it out through the REST API, or only reads it out for a dry run. Records point at each
 * other by the vendor's ids (`ref`); the server's ids exist only once they are created or matched.
 */
import type { ImportSource } from '../../shared/imports.ts';
import type { ContactMethodType } from '../../shared/notifications.ts';
import type { Restriction, Rotation } from '../../shared/schedules.ts';
import { wallClock } from '../schedules/zonedTime.ts';

export interface PlannedMethod {
  ref: string;
  type: ContactMethodType;
  address: string;
}

export interface PlannedRule {
  afterMinutes: number;
  methodRefs: string[];
}

export interface PlannedPerson {
  ref: string;
  name: string;
  email: string;
  methods: PlannedMethod[];
  /** Null: the vendor's export has none, and the person keeps this server's default. */
  rules: { rules: PlannedRule[]; highUrgencyRules?: PlannedRule[] } | null;
}

export interface PlannedLayer {
  name: string;
  /** Local to the schedule's zone (no offset), as schedules take it. */
  start: string;
  rotation: Rotation;
  handoffTime?: string;
  userRefs: string[];
  restrictions: Restriction[];
}

export interface PlannedSchedule {
  ref: string;
  name: string;
  timeZone: string;
  layers: PlannedLayer[];
  overrides: Array<{ userRef: string; start: string; end: string }>;
}

export interface PlannedPolicy {
  ref: string;
  name: string;
  steps: Array<{ delayMinutes: number; targets: Array<{ type: 'schedule' | 'user'; ref: string }> }>;
  repeat: number;
  /** The services that use the policy, as this server names services. */
  services: string[];
}

/** Something the export holds that this server cannot express as it is: said, never dropped in silence. */
export interface PlanNote {
  /** What it is about: `schedule "Primary", layer "Night"`. */
  subject: string;
  message: string;
}

export interface ImportPlan {
  source: ImportSource;
  people: PlannedPerson[];
  schedules: PlannedSchedule[];
  policies: PlannedPolicy[];
  notes: PlanNote[];
}

/** A vendor's service name as a roster service name: lowercase letters, digits, ".", "_" and "-". */
export function serviceNameOf(name: string): string {
  return name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .replace(/-+$/, '')
    .slice(0, 63);
}

const pad = (n: number) => String(n).padStart(2, '0');
export const hhmm = (minutes: number) => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;

/** An instant as a local time in `zone` ("2026-03-02T09:00:00"), which is how schedules take a layer's start. */
export function localText(at: number, zone: string): string {
  const t = wallClock(at, zone);
  return `${t.year}-${pad(t.month)}-${pad(t.day)}T${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}`;
}

/** Names made unique the way schedules require (layer names differ, case aside): "Layer", "Layer 2". */
export function uniqueNames(names: readonly string[]): string[] {
  const seen = new Set<string>();
  return names.map((name) => {
    let candidate = name;
    for (let n = 2; seen.has(candidate.toLowerCase()); n++) candidate = `${name} ${n}`;
    seen.add(candidate.toLowerCase());
    return candidate;
  });
}
