/**
 * The on-call roster over REST: read and edited by signed-in responders and automation (it
 * names people and holds webhook addresses: nothing for a per-incident link). Webhook targets
 * are checked by WebhookTargets; the names stored are the people's account names, whatever the
 * request says, because the roster's names become role holders on the timeline. A service may name
 * an escalation policy (issue 18), which must exist; the list then says who is on call for it now.
 */
import { Router } from 'express';
import { describeZodError } from '../../shared/commands.ts';
import { organisationRefusal } from '../../shared/access.ts';
import { SERVICE_NAME_PATTERN, ServiceRoster } from '../../shared/roster.ts';
import type { OnCallPerson, ServiceEntry, ServiceListing } from '../../shared/roster.ts';
import type { Person } from '../../shared/incident.ts';
import { CommandError, requireAllowed } from '../commands/CommandError.ts';
import type { WebhookTargets } from '../lifecycle/webhookTargets.ts';
import type { Roster } from '../storage/roster.ts';
import type { Users } from '../storage/users.ts';
import { principalOf } from './authMiddleware.ts';

/** What the roster asks of escalation policies. */
export interface ServicePolicies {
  exists(policyId: string): Promise<boolean>;
  /** Who is on call now through the policy's first step; null for a policy that is gone. */
  onCallNow(policyId: string): Promise<Person[] | null>;
}

export function rosterRoutes(roster: Roster, users: Users, targets: WebhookTargets, now: () => number, policies: ServicePolicies): Router {
  const router = Router();
  // Computed at each request: schedules hand off and overrides start whenever they do.
  const listing = async (entry: ServiceEntry): Promise<ServiceListing> => {
    const onCallNow = entry.escalationPolicyId ? await policies.onCallNow(entry.escalationPolicyId) : null;
    return onCallNow ? { ...entry, onCallNow } : entry;
  };
  const serviceName = (raw: string) => {
    if (!SERVICE_NAME_PATTERN.test(raw)) throw new CommandError('invalid', 'service names are lowercase letters, digits, ".", "_" and "-", up to 63 characters');
    return raw;
  };
  const accountName = async (userId: string) => {
    const user = await users.get(userId);
    if (!user) throw new CommandError('not_found', `no user ${userId}`);
    return user.name;
  };
  const withAccountName = async (person: OnCallPerson | null) => (person ? { userId: person.userId, name: await accountName(person.userId) } : null);

  router.use('/services', (_req, res, next) => {
    requireAllowed(organisationRefusal(principalOf(res)));
    next();
  });

  router.get('/services', async (_req, res) => {
    const services = [];
    for (const entry of await roster.list()) services.push(await listing(entry));
    res.json({ services });
  });

  router.get('/services/:service', async (req, res) => {
    const entry = await roster.get(serviceName(req.params.service));
    if (!entry) throw new CommandError('not_found', `no roster for service ${req.params.service}`);
    res.json(await listing(entry));
  });

  router.put('/services/:service', async (req, res) => {
    const service = serviceName(req.params.service);
    const parsed = ServiceRoster.safeParse(req.body);
    if (!parsed.success) throw new CommandError('invalid', describeZodError(parsed.error));
    const input = parsed.data;
    for (const url of [...input.webhooks, ...input.slackWebhooks]) requireAllowed(targets.refusal(url, principalOf(res)));
    if (input.escalationPolicyId && !(await policies.exists(input.escalationPolicyId))) {
      throw new CommandError('invalid', `escalationPolicyId: no escalation policy ${input.escalationPolicyId}`);
    }
    const smes = [];
    for (const sme of input.smes) smes.push(sme.userId ? { ...sme, name: await accountName(sme.userId) } : sme);
    const stored = { ...input, primary: await withAccountName(input.primary), secondary: await withAccountName(input.secondary), smes };
    res.json(await listing(await roster.put(service, stored, now())));
  });

  router.delete('/services/:service', async (req, res) => {
    if (!(await roster.remove(serviceName(req.params.service)))) throw new CommandError('not_found', `no roster for service ${req.params.service}`);
    res.status(204).end();
  });

  return router;
}
