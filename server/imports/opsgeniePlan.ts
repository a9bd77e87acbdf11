/**
 * An Opsgenie export (its REST API's answers) as an import plan, with a note for whatever this
 * server cannot express. Two differences shape it:
 *
 * - Opsgenie pages everyone on call in every rotation of a schedule; here the top layer that has
 *   someone decides. Rotations become layers in the order listed (the last on top), and a schedule
 *   with several gets a note: where they overlap, only one is paged here.
 * - An Opsgenie escalation rule's delay counts from the alert; a step here waits after the step
 *   before. Rules with the same delay become one step.
 */
import { EscalationLimits } from '../../shared/escalation.ts';
import type { OpsgenieEscalations, OpsgenieSchedules, OpsgenieTimeRestriction, OpsgenieUsers } from '../../shared/imports.ts';
import type { ContactMethodType } from '../../shared/notifications.ts';
import { canonicalTimeZone } from '../../shared/schedules.ts';
import type { Restriction, Rotation } from '../../shared/schedules.ts';
import type { ImportPlan, PlanNote, PlannedLayer, PlannedMethod, PlannedPerson, PlannedPolicy, PlannedSchedule } from './plan.ts';
import { hhmm, localText, uniqueNames } from './plan.ts';
import { weekRangeWindows } from './weekWindows.ts';

export interface OpsgenieExport {
  users: OpsgenieUsers;
  schedules: OpsgenieSchedules;
  escalations: OpsgenieEscalations;
}

type Note = (subject: string, message: string) => void;

const E164 = /^\+[1-9]\d{6,14}$/;
const METHOD_TYPES: Record<string, ContactMethodType> = { email: 'email', sms: 'sms', voice: 'voice' };
const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const UNIT_MINUTES: Record<string, number> = { minutes: 1, hours: 60, days: 1440 };

export function opsgeniePlan(source: OpsgenieExport, now: number): ImportPlan {
  const notes: PlanNote[] = [];
  const note: Note = (subject, message) => notes.push({ subject, message });
  const people = source.users.data.map((u) => person(u, note));
  // Opsgenie names a user by id or by username (their email) wherever it refers to one.
  const userRef = new Map<string, string>();
  for (const u of source.users.data) {
    userRef.set(u.id, u.id);
    userRef.set(u.username.toLowerCase(), u.id);
  }
  const schedules = source.schedules.data.flatMap((s) => schedule(s, userRef, now, note) ?? []);
  const scheduleRef = new Map<string, string>();
  for (const s of schedules) {
    scheduleRef.set(s.ref, s.ref);
    scheduleRef.set(s.name.toLowerCase(), s.ref);
  }
  const policies = source.escalations.data.flatMap((e) => policy(e, userRef, scheduleRef, note) ?? []);
  return { source: 'opsgenie', people, schedules, policies, notes };
}

function person(user: OpsgenieUsers['data'][number], note: Note): PlannedPerson {
  const name = user.fullName?.trim() || user.username;
  const subject = `person "${name}"`;
  const methods: PlannedMethod[] = [];
  for (const [i, c] of user.userContacts.entries()) {
    const kind = c.contactMethod ?? c.method ?? '';
    const type = METHOD_TYPES[kind];
    if (!type) {
      note(subject, `a "${kind}" contact has no counterpart here (email, SMS and voice only); not imported`);
      continue;
    }
    if (c.enabled === false) {
      note(subject, `${type} ${c.to} is disabled in Opsgenie; not imported`);
      continue;
    }
    // Opsgenie writes numbers as "<country code>-<number>".
    const address = type === 'email' ? c.to : `+${c.to.replace(/\D/g, '')}`;
    if (type !== 'email' && !E164.test(address)) {
      note(subject, `${type} number "${c.to}" is not a full international number; not imported`);
      continue;
    }
    methods.push({ ref: c.id ?? `${user.id}:${i}`, type, address });
  }
  return { ref: user.id, name, email: user.username, methods, rules: null };
}

function schedule(s: OpsgenieSchedules['data'][number], userRef: Map<string, string>, now: number, note: Note): PlannedSchedule | null {
  const subject = `schedule "${s.name}"`;
  const timeZone = canonicalTimeZone(s.timezone);
  if (!timeZone) {
    note(subject, `time zone "${s.timezone}" is not an IANA time zone; schedule not imported`);
    return null;
  }
  if (s.enabled === false) note(subject, 'is disabled in Opsgenie; imported all the same (a policy naming it pages its on-call person here)');
  const names = uniqueNames(s.rotations.map((r, i) => r.name?.trim() || `Rotation ${i + 1}`));
  const layers: PlannedLayer[] = [];
  for (const [i, r] of s.rotations.entries()) {
    const where = `${subject}, rotation "${names[i]}"`;
    if (r.endDate && Date.parse(r.endDate) <= now) {
      note(where, `ended ${r.endDate}; not imported`);
      continue;
    }
    if (r.endDate) note(where, `ends ${r.endDate} in Opsgenie; layers here do not end, so end it by hand then`);
    const rotation = rotationOf(r.type, r.length, where, note);
    const start = Date.parse(r.startDate);
    if (!rotation || !Number.isFinite(start)) {
      if (rotation) note(where, `startDate "${r.startDate}" is not a date; not imported`);
      continue;
    }
    const userRefs: string[] = [];
    for (const p of r.participants) {
      const ref = p.type === 'user' ? userRef.get((p.id ?? '').toString()) ?? userRef.get((p.username ?? '').toLowerCase()) : undefined;
      if (ref) userRefs.push(ref);
      else if (p.type === 'none') note(where, 'an empty ("none") turn cannot be expressed here; it is left out, so the others take turns without the gap');
      else note(where, `participant ${p.type} ${p.username ?? p.name ?? p.id ?? ''} is not a user of users.json; left out`);
    }
    if (userRefs.length === 0) {
      note(where, 'has nobody to rotate through; not imported');
      continue;
    }
    layers.push({ name: names[i]!, start: localText(start, timeZone), rotation, userRefs, restrictions: restrictionsOf(r.timeRestriction ?? null, where, note) });
  }
  if (layers.length === 0) {
    note(subject, 'no rotation could be imported; schedule not imported');
    return null;
  }
  if (layers.length > 1) note(subject, 'Opsgenie pages the on-call people of every rotation at once; here the last rotation that has someone on call decides where they overlap');
  return { ref: s.id, name: s.name, timeZone, layers, overrides: [] };
}

function rotationOf(type: 'daily' | 'weekly' | 'hourly', length: number, where: string, note: Note): Rotation | null {
  if (length === 1 && type !== 'hourly') return { type };
  const hours = length * { hourly: 1, daily: 24, weekly: 168 }[type];
  if (hours > 24 * 30) {
    note(where, `turns of ${length} ${type === 'hourly' ? 'hours' : type === 'daily' ? 'days' : 'weeks'} are longer than 30 days; not imported`);
    return null;
  }
  if (type !== 'hourly') note(where, `turns of ${length} ${type === 'daily' ? 'days' : 'weeks'} are ${hours} elapsed hours here: across a clock change the hand-off moves by an hour`);
  return { type: 'hours', hours };
}

function restrictionsOf(restriction: OpsgenieTimeRestriction | null, where: string, note: Note): Restriction[] {
  if (!restriction) return [];
  const minutesOf = (h: number, m: number) => h * 60 + m;
  if (restriction.type === 'time-of-day') {
    const { startHour, startMin, endHour, endMin } = restriction.restriction;
    const from = minutesOf(startHour, startMin);
    const to = minutesOf(endHour, endMin);
    if (from === to) return [];
    return [{ from: hhmm(from), to: to === 1440 ? '24:00' : hhmm(to % 1440) }];
  }
  const windows: Restriction[] = [];
  for (const r of restriction.restrictions) {
    const startDay = DAYS.indexOf(r.startDay.toLowerCase());
    const endDay = DAYS.indexOf(r.endDay.toLowerCase());
    if (startDay < 0 || endDay < 0) {
      note(where, `restriction from ${r.startDay} to ${r.endDay} does not name weekdays; left out`);
      continue;
    }
    const start = startDay * 1440 + minutesOf(r.startHour, r.startMin);
    let length = endDay * 1440 + minutesOf(r.endHour, r.endMin) - start;
    if (length <= 0) length += 7 * 1440;
    const found = weekRangeWindows(start, length);
    if (found === null) return [];
    windows.push(...found);
  }
  return windows;
}


function policy(e: OpsgenieEscalations['data'][number], userRef: Map<string, string>, scheduleRef: Map<string, string>, note: Note): PlannedPolicy | null {
  const subject = `escalation "${e.name}"`;
  const byDelay = new Map<number, PlannedPolicy['steps'][number]['targets']>();
  for (const [i, rule] of e.rules.entries()) {
    const where = `${subject}, rule ${i + 1}`;
    const unit = UNIT_MINUTES[rule.delay.timeUnit ?? 'minutes'] ?? 1;
    const at = rule.delay.timeAmount * unit;
    const r = rule.recipient;
    let target: PlannedPolicy['steps'][number]['targets'][number] | null = null;
    if (r.type === 'user') {
      const ref = userRef.get(r.id ?? '') ?? userRef.get((r.username ?? '').toLowerCase());
      if (ref) target = { type: 'user', ref };
    } else if (r.type === 'schedule') {
      const ref = scheduleRef.get(r.id ?? '') ?? scheduleRef.get((r.name ?? '').toLowerCase());
      if (ref) target = { type: 'schedule', ref };
      if (ref && rule.notifyType && !['default', 'all'].includes(rule.notifyType)) note(where, `notifies the "${rule.notifyType}" on-call person in Opsgenie; here the one on call now`);
    }
    if (!target) {
      note(where, `recipient ${r.type} ${r.username ?? r.name ?? r.id ?? ''} was not imported; left out`);
      continue;
    }
    const targets = byDelay.get(at) ?? [];
    targets.push(target);
    byDelay.set(at, targets);
  }
  const delays = [...byDelay.keys()].sort((a, b) => a - b);
  if (delays.length === 0) {
    note(subject, 'no rule could be imported; escalation not imported');
    return null;
  }
  if (delays[0]! > 0) note(subject, `its first rule notifies ${delays[0]} min after the alert in Opsgenie; here step 1 pages at once`);
  const wait = e.repeat?.waitInterval ?? 0;
  const count = e.repeat?.count ?? 0;
  const clamp = (minutes: number) => Math.min(Math.max(minutes, 1), EscalationLimits.maxDelayMinutes);
  const steps = delays.map((at, i) => {
    const delay = i + 1 < delays.length ? delays[i + 1]! - at : wait;
    if (clamp(delay) !== delay && (i + 1 < delays.length || count > 0)) note(subject, `a wait of ${delay} min is ${clamp(delay)} min here (1 to ${EscalationLimits.maxDelayMinutes})`);
    return { delayMinutes: clamp(delay), targets: byDelay.get(at)!.slice(0, EscalationLimits.targetsPerStep) };
  });
  const repeat = Math.min(count, EscalationLimits.maxRepeat);
  if (repeat !== count) note(subject, `repeats ${count} times in Opsgenie; at most ${EscalationLimits.maxRepeat} here`);
  if (steps.length > EscalationLimits.steps) note(subject, `only the first ${EscalationLimits.steps} delays are kept`);
  return { ref: e.id, name: e.name, steps: steps.slice(0, EscalationLimits.steps), repeat, services: [] };
}
