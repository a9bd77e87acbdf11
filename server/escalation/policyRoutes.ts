/**
 * Escalation policies over REST (issue 18). A policy says who is woken and in which order:
 * organisation data, so a stakeholder link or a token for one incident is refused everywhere
 * here, and signed-in responders and the API token read and write. Every schedule and person a
 * step names must exist when the policy is saved; a policy that a service names cannot be
 * deleted (its incidents would page nobody).
 */
import { Router } from 'express';
import { organisationRefusal } from '../../shared/access.ts';
import { describeZodError } from '../../shared/commands.ts';
import { EscalationLimits, EscalationPolicyInput } from '../../shared/escalation.ts';
import type { EscalationPolicyView, EscalationTargetView } from '../../shared/escalation.ts';
import { CommandError, requireAllowed } from '../commands/CommandError.ts';
import { principalOf } from '../http/authMiddleware.ts';
import type { AuditRecorder } from '../audit/AuditRecorder.ts';
import type { ScheduleStore } from '../schedules/ScheduleStore.ts';
import type { Roster } from '../storage/roster.ts';
import type { Users } from '../storage/users.ts';
import type { PolicyContent, PolicyRecord, PolicyStore } from './PolicyStore.ts';

export interface PolicyRouteDeps {
  policies: PolicyStore;
  schedules: Pick<ScheduleStore, 'get'>;
  users: Pick<Users, 'person'>;
  roster: Pick<Roster, 'namingPolicy'>;
  /** Who changed the order people are woken in: every write here is audited. */
  audit: Pick<AuditRecorder, 'record'>;
  now: () => number;
}

export function escalationPolicyRoutes(deps: PolicyRouteDeps): Router {
  const { policies, schedules, users, roster, now } = deps;
  const router = Router();

  /** The policy as stored: every target checked to exist (a person: an active one). */
  const validPolicy = async (body: unknown): Promise<PolicyContent> => {
    const parsed = EscalationPolicyInput.safeParse(body);
    if (!parsed.success) throw new CommandError('invalid', describeZodError(parsed.error));
    for (const [i, step] of parsed.data.steps.entries()) {
      for (const [j, target] of step.targets.entries()) {
        const where = `steps.${i}.targets.${j}`;
        if (target.type === 'schedule') {
          if (!(await schedules.get(target.scheduleId))) throw new CommandError('invalid', `${where}.scheduleId: no schedule ${target.scheduleId}`);
        } else {
          const person = await users.person(target.userId);
          if (!person) throw new CommandError('invalid', `${where}.userId: no person with id ${target.userId}`);
          if (person.deactivatedAt !== null) throw new CommandError('invalid', `${where}.userId: ${person.name} is deactivated`);
        }
      }
    }
    return parsed.data;
  };

  const viewOf = async (policy: PolicyRecord): Promise<EscalationPolicyView> => {
    const targetView = async (t: PolicyRecord['steps'][number]['targets'][number]): Promise<EscalationTargetView> =>
      t.type === 'schedule' ? { ...t, name: (await schedules.get(t.scheduleId))?.name ?? null } : { ...t, name: (await users.person(t.userId))?.name ?? null };
    const steps = [];
    for (const step of policy.steps) steps.push({ delayMinutes: step.delayMinutes, targets: await Promise.all(step.targets.map(targetView)) });
    return {
      id: policy.id,
      name: policy.name,
      steps,
      repeat: policy.repeat,
      services: await roster.namingPolicy(policy.id),
      createdAt: new Date(policy.createdAt).toISOString(),
      updatedAt: new Date(policy.updatedAt).toISOString(),
    };
  };

  const policyOf = async (id: string) => {
    const policy = await policies.get(id);
    if (!policy) throw new CommandError('not_found', `no escalation policy ${id}`);
    return policy;
  };

  router.use('/escalation-policies', (_req, res, next) => {
    requireAllowed(organisationRefusal(principalOf(res)));
    next();
  });

  router.post('/escalation-policies', async (req, res) => {
    const content = await validPolicy(req.body);
    if ((await policies.count()) >= EscalationLimits.policies) throw new CommandError('invalid', `there can be at most ${EscalationLimits.policies} escalation policies`);
    const created = await policies.create(content, principalOf(res).userId, now());
    await deps.audit.record({ at: now(), userId: principalOf(res).userId, action: 'escalation-policy.created', target: created.id, detail: created.name });
    res.status(201).json(await viewOf(created));
  });

  router.get('/escalation-policies', async (_req, res) => {
    const views = [];
    for (const policy of await policies.list()) views.push(await viewOf(policy));
    res.json({ policies: views });
  });

  router.get('/escalation-policies/:id', async (req, res) => {
    res.json(await viewOf(await policyOf(req.params.id)));
  });

  router.put('/escalation-policies/:id', async (req, res) => {
    await policyOf(req.params.id);
    const updated = await policies.update(req.params.id, await validPolicy(req.body), now());
    if (!updated) throw new CommandError('not_found', `no escalation policy ${req.params.id}`);
    await deps.audit.record({ at: now(), userId: principalOf(res).userId, action: 'escalation-policy.updated', target: updated.id, detail: updated.name });
    res.json(await viewOf(updated));
  });

  router.delete('/escalation-policies/:id', async (req, res) => {
    await policyOf(req.params.id);
    const services = await roster.namingPolicy(req.params.id);
    if (services.length) throw new CommandError('conflict', `services ${services.join(', ')} name this policy; give them another one first`);
    await policies.remove(req.params.id);
    await deps.audit.record({ at: now(), userId: principalOf(res).userId, action: 'escalation-policy.deleted', target: req.params.id, detail: null });
    res.status(204).end();
  });

  return router;
}
