/**
 * Carries out an import plan through the REST API, or, for a dry run, reads what is there and
 * says what it would create. Running it again creates nothing new: people are matched by email
 * (an invite account without one by its name), schedules and policies by name, contact methods by
 * type and address, overrides by person and range; a service already naming a policy keeps it.
 * Something that exists here already is matched and left as it is here, never overwritten.
 */
import type { PersonAccount } from '../../shared/api.ts';
import type { ContactMethod, StoredNotificationRules } from '../../shared/notifications.ts';
import type { ServiceListing } from '../../shared/roster.ts';
import type { ApiClient } from './apiClient.ts';
import { errorMessage } from './apiClient.ts';
import type { ImportPlan, PlannedPerson, PlannedPolicy, PlannedRule, PlannedSchedule } from './plan.ts';

export type Outcome = 'created' | 'updated' | 'matched' | 'skipped' | 'failed';

export interface ImportLine {
  kind: 'person' | 'schedule' | 'policy' | 'service';
  name: string;
  outcome: Outcome;
  detail: string;
}

export interface ApplyOptions {
  dryRun: boolean;
  /** Services the policies name that have no roster here get one naming the policy. */
  createServices: boolean;
}

const sameName = (a: string, b: string) => a.normalize('NFC').localeCompare(b.normalize('NFC'), undefined, { sensitivity: 'accent' }) === 0;

export async function applyPlan(plan: ImportPlan, api: ApiClient, options: ApplyOptions): Promise<ImportLine[]> {
  const lines: ImportLine[] = [];
  const line = (kind: ImportLine['kind'], name: string, outcome: Outcome, detail: string) => lines.push({ kind, name, outcome, detail });
  /** Vendor ids to this server's ids; a dry run's would-be records get a stand-in id. */
  const people = new Map<string, string>();
  const schedules = new Map<string, string>();
  const write = async (method: string, pathname: string, body?: unknown) => {
    const answer = await api.call(method, pathname, body);
    if (answer.status >= 400) throw new Refused(errorMessage(answer.body));
    return answer.body;
  };
  const planned = (id: string) => id.startsWith('planned:');

  const accounts = (await read<{ people: PersonAccount[] }>(api, '/api/people')).people;
  for (const person of plan.people) {
    try {
      await importPerson(person);
    } catch (error) {
      if (!(error instanceof Refused)) throw error;
      line('person', personName(person), 'failed', error.message);
    }
  }

  async function importPerson(person: PlannedPerson) {
    const name = personName(person);
    const email = person.email.toLowerCase();
    const existing =
      accounts.find((a) => a.email?.toLowerCase() === email) ?? accounts.find((a) => a.email === null && a.issuer === 'invite' && sameName(a.name, person.name));
    if (existing?.deactivatedAt != null) {
      line('person', name, 'skipped', `${existing.name} is deactivated here; schedules and policies leave them out`);
      return;
    }
    const details: string[] = [];
    let id: string;
    if (existing) {
      id = existing.id;
      details.push(existing.email ? 'by email' : 'by name (an invite account)');
    } else if (options.dryRun) {
      id = `planned:${person.ref}`;
    } else {
      id = (await write('POST', '/api/people', { name: person.name, email: person.email, source: plan.source, externalId: person.ref })).id;
    }
    people.set(person.ref, id);
    const methods = planned(id) ? [] : (await read<{ contactMethods: ContactMethod[] }>(api, `/api/users/${id}/contact-methods`)).contactMethods;
    const methodIds = new Map<string, string>();
    const added: string[] = [];
    for (const m of person.methods) {
      const found = methods.find((x) => x.type === m.type && x.address.toLowerCase() === m.address.toLowerCase());
      if (found) methodIds.set(m.ref, found.id);
      else {
        added.push(m.type);
        if (!options.dryRun) methodIds.set(m.ref, (await write('POST', `/api/users/${id}/contact-methods`, { type: m.type, address: m.address })).id);
      }
    }
    if (added.length > 0) details.push(`${options.dryRun ? 'would add' : 'added'} ${added.join(', ')}`);
    if (person.rules) {
      const current = planned(id) ? null : await read<StoredNotificationRules>(api, `/api/users/${id}/notification-rules`);
      if (current && !current.isDefault) details.push('kept their notification rules here');
      else if (options.dryRun) details.push('would set notification rules');
      else {
        const ids = (rules: PlannedRule[]) => rules.map((r) => ({ afterMinutes: r.afterMinutes, contactMethodIds: r.methodRefs.map((ref) => methodIds.get(ref)!) }));
        await write('PUT', `/api/users/${id}/notification-rules`, { rules: ids(person.rules.rules), ...(person.rules.highUrgencyRules ? { highUrgencyRules: ids(person.rules.highUrgencyRules) } : {}) });
        details.push('notification rules set');
      }
    }
    const outcome: Outcome = existing ? (added.length > 0 && !options.dryRun ? 'updated' : 'matched') : 'created';
    line('person', name, outcome, details.join('; '));
  }

  const existingSchedules = (await read<{ schedules: Array<{ id: string; name: string }> }>(api, '/api/schedules')).schedules;
  for (const schedule of plan.schedules) {
    try {
      await importSchedule(schedule);
    } catch (error) {
      if (!(error instanceof Refused)) throw error;
      line('schedule', schedule.name, 'failed', error.message);
    }
  }

  async function importSchedule(schedule: PlannedSchedule) {
    const existing = existingSchedules.find((s) => sameName(s.name, schedule.name));
    if (existing) {
      schedules.set(schedule.ref, existing.id);
      line('schedule', schedule.name, 'matched', 'a schedule of this name exists; kept as it is here');
      return;
    }
    const left: string[] = [];
    const layers = schedule.layers.flatMap((layer) => {
      const users = layer.userRefs.flatMap((ref) => people.get(ref) ?? []);
      if (users.length < layer.userRefs.length) left.push(`layer "${layer.name}" without ${layer.userRefs.length - users.length} person(s) not imported`);
      if (users.length === 0) return [];
      const { userRefs: _refs, ...rest } = layer;
      return [{ ...rest, users }];
    });
    if (layers.length === 0) {
      line('schedule', schedule.name, 'skipped', 'none of its people were imported');
      return;
    }
    const overrides = schedule.overrides.filter((o) => people.has(o.userRef));
    const what = `${layers.length} layer(s), ${overrides.length} override(s)${left.length ? `; ${left.join('; ')}` : ''}`;
    if (options.dryRun) {
      schedules.set(schedule.ref, `planned:${schedule.ref}`);
      line('schedule', schedule.name, 'created', what);
      return;
    }
    const created = await write('POST', '/api/schedules', { name: schedule.name, timeZone: schedule.timeZone, layers: layers.map(withoutEmpty) });
    schedules.set(schedule.ref, created.id);
    const refused: string[] = [];
    for (const o of overrides) {
      const answer = await api.call('POST', `/api/schedules/${created.id}/overrides`, { userId: people.get(o.userRef), start: o.start, end: o.end });
      if (answer.status >= 400) refused.push(`override ${o.start}–${o.end}: ${errorMessage(answer.body)}`);
    }
    line('schedule', schedule.name, 'created', [what, ...refused].join('; '));
  }

  const policyList = (await read<{ policies: Array<{ id: string; name: string }> }>(api, '/api/escalation-policies')).policies;
  const policyIds = new Map<string, string>();
  for (const policy of plan.policies) {
    try {
      await importPolicy(policy);
    } catch (error) {
      if (!(error instanceof Refused)) throw error;
      line('policy', policy.name, 'failed', error.message);
    }
  }

  async function importPolicy(policy: PlannedPolicy) {
    const existing = policyList.find((p) => sameName(p.name, policy.name));
    if (existing) {
      policyIds.set(policy.ref, existing.id);
      line('policy', policy.name, 'matched', 'a policy of this name exists; kept as it is here');
      return;
    }
    const steps = policy.steps.flatMap((step) => {
      const targets = step.targets.flatMap((t) => {
        const id = t.type === 'schedule' ? schedules.get(t.ref) : people.get(t.ref);
        if (!id) return [];
        return [t.type === 'schedule' ? { type: 'schedule' as const, scheduleId: id } : { type: 'user' as const, userId: id }];
      });
      return targets.length > 0 ? [{ delayMinutes: step.delayMinutes, targets }] : [];
    });
    if (steps.length === 0) {
      line('policy', policy.name, 'skipped', 'none of its targets were imported');
      return;
    }
    const what = `${steps.length} step(s), repeat ${policy.repeat}${steps.length < policy.steps.length ? `; ${policy.steps.length - steps.length} step(s) without an imported target left out` : ''}`;
    if (options.dryRun) {
      policyIds.set(policy.ref, `planned:${policy.ref}`);
      line('policy', policy.name, 'created', what);
      return;
    }
    const created = await write('POST', '/api/escalation-policies', { name: policy.name, steps, repeat: policy.repeat });
    policyIds.set(policy.ref, created.id);
    line('policy', policy.name, 'created', what);
  }

  const services = (await read<{ services: ServiceListing[] }>(api, '/api/services')).services;
  for (const policy of plan.policies) {
    const policyId = policyIds.get(policy.ref);
    for (const service of policy.services) {
      try {
        await importService(service, policy.name, policyId);
      } catch (error) {
        if (!(error instanceof Refused)) throw error;
        line('service', service, 'failed', error.message);
      }
    }
  }

  async function importService(service: string, policyName: string, policyId: string | undefined) {
    if (!policyId) {
      line('service', service, 'skipped', `its policy "${policyName}" was not imported`);
      return;
    }
    const existing = services.find((s) => s.service === service);
    if (existing?.escalationPolicyId === policyId) {
      line('service', service, 'matched', `names "${policyName}" already`);
      return;
    }
    if (existing?.escalationPolicyId) {
      line('service', service, 'skipped', `names another escalation policy here (${existing.escalationPolicyId}); left as it is`);
      return;
    }
    if (!existing && !options.createServices) {
      line('service', service, 'skipped', 'no service of this name here (--create-services makes one)');
      return;
    }
    if (!options.dryRun) {
      const roster = existing
        ? { primary: existing.primary, secondary: existing.secondary, smes: existing.smes, webhooks: existing.webhooks, slackWebhooks: existing.slackWebhooks }
        : {};
      await write('PUT', `/api/services/${encodeURIComponent(service)}`, { ...roster, escalationPolicyId: policyId });
    }
    line('service', service, existing ? 'updated' : 'created', `pages through "${policyName}"`);
  }

  return lines;
}

/** A refusal of one record: that record fails, the others go on. */
class Refused extends Error {}

async function read<T>(api: ApiClient, pathname: string): Promise<T> {
  const answer = await api.call<T>('GET', pathname);
  if (answer.status !== 200) throw new Error(`GET ${pathname}: ${answer.status} ${errorMessage(answer.body)}`);
  return answer.body;
}

const personName = (p: PlannedPerson) => `${p.name} <${p.email}>`;

/** A layer as schedules take it: no empty restriction list. */
function withoutEmpty<T extends { restrictions: unknown[] }>(layer: T): Omit<T, 'restrictions'> | T {
  if (layer.restrictions.length > 0) return layer;
  const { restrictions: _none, ...rest } = layer;
  return rest;
}
