/**
 * A PagerDuty export (the REST API's answers) as an import plan. Where PagerDuty can say something
 * this server cannot, the plan carries a note saying what was changed or left out.
 *
 * PagerDuty's GET /schedules lists a schedule's layers top layer first (the reverse of the order
 * a POST takes them in); layers here are listed bottom to top, so they are reversed.
 */
import { EscalationLimits } from '../../shared/escalation.ts';
import type { PagerDutyPolicies, PagerDutyRestriction, PagerDutySchedules, PagerDutyUsers } from '../../shared/imports.ts';
import type { ContactMethodType } from '../../shared/notifications.ts';
import { canonicalTimeZone } from '../../shared/schedules.ts';
import type { Restriction, Rotation } from '../../shared/schedules.ts';
import type { ImportPlan, PlanNote, PlannedLayer, PlannedMethod, PlannedPerson, PlannedPolicy, PlannedRule, PlannedSchedule } from './plan.ts';
import { localText, serviceNameOf, uniqueNames } from './plan.ts';
import { dailyRangeWindow, weekRangeWindows } from './weekWindows.ts';

export interface PagerDutyExport {
  users: PagerDutyUsers;
  schedules: PagerDutySchedules;
  policies: PagerDutyPolicies;
}

const E164 = /^\+[1-9]\d{6,14}$/;
const METHOD_TYPES: Record<string, ContactMethodType> = { email_contact_method: 'email', sms_contact_method: 'sms', phone_contact_method: 'voice' };
const HOUR_S = 3600;

export function pagerDutyPlan(source: PagerDutyExport, now: number): ImportPlan {
  const notes: PlanNote[] = [];
  const note = (subject: string, message: string) => notes.push({ subject, message });
  const people = source.users.users.map((u) => person(u, note));
  const known = new Set(people.map((p) => p.ref));
  const schedules = source.schedules.schedules.flatMap((s) => schedule(s, known, now, note) ?? []);
  const scheduleRefs = new Set(schedules.map((s) => s.ref));
  const policies = source.policies.escalation_policies.flatMap((p) => policy(p, known, scheduleRefs, note) ?? []);
  return { source: 'pagerduty', people, schedules, policies, notes };
}

type Note = (subject: string, message: string) => void;

function person(user: PagerDutyUsers['users'][number], note: Note): PlannedPerson {
  const subject = `person "${user.name}"`;
  const methods: PlannedMethod[] = [];
  for (const [i, m] of user.contact_methods.entries()) {
    const type = METHOD_TYPES[m.type];
    if (m.type.endsWith('_reference')) {
      note(subject, `contact method ${m.id ?? i} is only a reference: export users with include[]=contact_methods to bring it over`);
      continue;
    }
    if (!type) {
      note(subject, `a ${m.type.replace(/_contact_method$/, '').replace(/_/g, ' ')} contact method has no counterpart here (email, SMS and voice only); not imported`);
      continue;
    }
    const address = type === 'email' ? (m.address ?? '') : `+${m.country_code ?? ''}${(m.address ?? '').replace(/\D/g, '')}`;
    if (type !== 'email' && !E164.test(address)) {
      note(subject, `${type} number "${m.address}" (country code ${m.country_code ?? 'missing'}) is not a full international number; not imported`);
      continue;
    }
    methods.push({ ref: m.id ?? `${user.id}:${i}`, type, address });
  }
  const planned = new Set(methods.map((m) => m.ref));
  const byUrgency = (urgency: 'high' | 'low') => {
    const steps = new Map<number, string[]>();
    for (const rule of user.notification_rules) {
      if ((rule.urgency ?? 'high') !== urgency || !planned.has(rule.contact_method.id)) continue;
      const refs = steps.get(rule.start_delay_in_minutes) ?? [];
      if (!refs.includes(rule.contact_method.id)) refs.push(rule.contact_method.id);
      steps.set(rule.start_delay_in_minutes, refs);
    }
    return [...steps.entries()].sort(([a], [b]) => a - b).map(([afterMinutes, methodRefs]): PlannedRule => ({ afterMinutes, methodRefs }));
  };
  const dropped = user.notification_rules.filter((r) => !planned.has(r.contact_method.id)).length;
  if (dropped > 0) note(subject, `${dropped} notification rule(s) name a contact method that was not imported; those rules are left out`);
  const low = byUrgency('low');
  const high = byUrgency('high');
  const rules = low.length > 0 || high.length > 0 ? { rules: low.length > 0 ? low : high, ...(high.length > 0 ? { highUrgencyRules: high } : {}) } : null;
  return { ref: user.id, name: user.name, email: user.email, methods, rules };
}

function schedule(s: PagerDutySchedules['schedules'][number], known: Set<string>, now: number, note: Note): PlannedSchedule | null {
  const subject = `schedule "${s.name}"`;
  const timeZone = canonicalTimeZone(s.time_zone);
  if (!timeZone) {
    note(subject, `time zone "${s.time_zone}" is not an IANA time zone; schedule not imported`);
    return null;
  }
  const bottomFirst = [...s.schedule_layers].reverse();
  const names = uniqueNames(bottomFirst.map((l, i) => l.name?.trim() || `Layer ${i + 1}`));
  const layers: PlannedLayer[] = [];
  for (const [i, layer] of bottomFirst.entries()) {
    const where = `${subject}, layer "${names[i]}"`;
    const end = layer.end ? Date.parse(layer.end) : null;
    if (end !== null && end <= now) {
      note(where, `ended ${layer.end}; not imported`);
      continue;
    }
    if (end !== null) note(where, `ends ${layer.end} in PagerDuty; layers here do not end, so end it by hand then`);
    const start = Date.parse(layer.start);
    if (start > now) note(where, `starts ${layer.start} in PagerDuty; here its rotation is on call from its virtual start`);
    const rotation = rotationOf(layer.rotation_turn_length_seconds, where, note);
    if (!rotation) continue;
    const userRefs = layer.users.map((u) => u.user.id).filter((ref) => known.has(ref) || (note(where, `user ${ref} is not in users.json; left out of the rotation`), false));
    if (userRefs.length === 0) {
      note(where, 'has nobody to rotate through; not imported');
      continue;
    }
    const virtualStart = Date.parse(layer.rotation_virtual_start);
    if (!Number.isFinite(virtualStart)) {
      note(where, `rotation_virtual_start "${layer.rotation_virtual_start}" is not a date; not imported`);
      continue;
    }
    layers.push({ name: names[i]!, start: localText(virtualStart, timeZone), rotation, userRefs, restrictions: restrictionsOf(layer.restrictions, where, note) });
  }
  if (layers.length === 0) {
    note(subject, 'no layer could be imported; schedule not imported');
    return null;
  }
  const overrides = s.overrides.filter((o) => Date.parse(o.end) > now && known.has(o.user.id)).map((o) => ({ userRef: o.user.id, start: o.start, end: o.end }));
  const left = s.overrides.length - overrides.length;
  if (left > 0) note(subject, `${left} override(s) already over or naming someone not in users.json; not imported`);
  return { ref: s.id, name: s.name, timeZone, layers, overrides };
}

function rotationOf(seconds: number, where: string, note: Note): Rotation | null {
  if (seconds === 24 * HOUR_S) return { type: 'daily' };
  if (seconds === 7 * 24 * HOUR_S) return { type: 'weekly' };
  if (seconds % HOUR_S !== 0 || seconds / HOUR_S > 24 * 30) {
    note(where, `a turn of ${seconds} s is not a whole number of hours up to 30 days; not imported`);
    return null;
  }
  const hours = seconds / HOUR_S;
  if (hours % 24 === 0) note(where, `turns of ${hours / 24} days are ${hours} elapsed hours here: across a clock change the hand-off moves by an hour`);
  return { type: 'hours', hours };
}

function restrictionsOf(restrictions: readonly PagerDutyRestriction[], where: string, note: Note): Restriction[] {
  const windows: Restriction[] = [];
  for (const r of restrictions) {
    const [h, m, s] = r.start_time_of_day.split(':').map(Number) as [number, number, number | undefined];
    if ((s ?? 0) !== 0 || r.duration_seconds % 60 !== 0) note(where, `restriction ${r.start_time_of_day} for ${r.duration_seconds} s is rounded to whole minutes`);
    const from = h * 60 + m;
    const minutes = Math.round(r.duration_seconds / 60);
    const found =
      r.type === 'daily_restriction'
        ? dailyRangeWindow(from, minutes)
        : weekRangeWindows(((r.start_day_of_week ?? 1) - 1) * 1440 + from, minutes);
    // A restriction covering the whole day or week restricts nothing, whatever else is listed.
    if (found === null) return [];
    windows.push(...(Array.isArray(found) ? found : [found]));
  }
  return windows;
}

function policy(p: PagerDutyPolicies['escalation_policies'][number], people: Set<string>, schedules: Set<string>, note: Note): PlannedPolicy | null {
  const subject = `escalation policy "${p.name}"`;
  const steps: PlannedPolicy['steps'] = [];
  for (const [i, rule] of p.escalation_rules.entries()) {
    const targets: PlannedPolicy['steps'][number]['targets'] = [];
    for (const t of rule.targets) {
      const type = t.type.replace(/_reference$/, '');
      if (type === 'schedule' && schedules.has(t.id)) targets.push({ type: 'schedule', ref: t.id });
      else if (type === 'user' && people.has(t.id)) targets.push({ type: 'user', ref: t.id });
      else note(`${subject}, rule ${i + 1}`, `target ${t.type} ${t.id} was not imported; left out`);
    }
    if (targets.length === 0) {
      note(`${subject}, rule ${i + 1}`, 'has no target left; rule left out');
      continue;
    }
    const delayMinutes = Math.min(Math.max(rule.escalation_delay_in_minutes, 1), EscalationLimits.maxDelayMinutes);
    if (delayMinutes !== rule.escalation_delay_in_minutes) note(`${subject}, rule ${i + 1}`, `a delay of ${rule.escalation_delay_in_minutes} min is ${delayMinutes} min here (1 to ${EscalationLimits.maxDelayMinutes})`);
    steps.push({ delayMinutes, targets: targets.slice(0, EscalationLimits.targetsPerStep) });
    if (targets.length > EscalationLimits.targetsPerStep) note(`${subject}, rule ${i + 1}`, `only the first ${EscalationLimits.targetsPerStep} targets are kept`);
  }
  if (steps.length === 0) {
    note(subject, 'no rule could be imported; policy not imported');
    return null;
  }
  if (steps.length > EscalationLimits.steps) note(subject, `only the first ${EscalationLimits.steps} rules are kept`);
  const repeat = Math.min(p.num_loops, EscalationLimits.maxRepeat);
  if (repeat !== p.num_loops) note(subject, `repeats ${p.num_loops} times in PagerDuty; at most ${EscalationLimits.maxRepeat} here`);
  const services = p.services.flatMap((s) => {
    const name = serviceNameOf(s.summary ?? s.name ?? '');
    if (name === '') note(subject, `service ${s.id} has no name in the export; export policies with their service summaries`);
    return name === '' ? [] : [name];
  });
  return { ref: p.id, name: p.name, steps: steps.slice(0, EscalationLimits.steps), repeat, services };
}
