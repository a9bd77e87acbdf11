/** The on-call roster over REST: read by anyone signed in, edited by responders and automation. */
import { Router } from 'express';
import { describeZodError } from '../../shared/commands.ts';
import { SERVICE_NAME_PATTERN, ServiceRoster } from '../../shared/roster.ts';
import { CommandError } from '../commands/CommandError.ts';
import type { Roster } from '../storage/roster.ts';
import type { Users } from '../storage/users.ts';
import { principalOf } from './authMiddleware.ts';

export function rosterRoutes(roster: Roster, users: Users, now: () => number): Router {
  const router = Router();
  const serviceName = (raw: string) => {
    if (!SERVICE_NAME_PATTERN.test(raw)) throw new CommandError('invalid', 'service names are lowercase letters, digits, ".", "_" and "-", up to 63 characters');
    return raw;
  };
  const requireResponder = (access: string) => {
    if (access === 'stakeholder') throw new CommandError('forbidden', 'stakeholder links are read-only');
  };

  router.get('/services', async (_req, res) => {
    requireResponder(principalOf(res).access);
    res.json({ services: await roster.list() });
  });

  router.get('/services/:service', async (req, res) => {
    requireResponder(principalOf(res).access);
    const entry = await roster.get(serviceName(req.params.service));
    if (!entry) throw new CommandError('not_found', `no roster for service ${req.params.service}`);
    res.json(entry);
  });

  router.put('/services/:service', async (req, res) => {
    const p = principalOf(res);
    requireResponder(p.access);
    if (p.incidentId !== null) throw new CommandError('forbidden', 'a token for one incident cannot edit the roster');
    const service = serviceName(req.params.service);
    const parsed = ServiceRoster.safeParse(req.body);
    if (!parsed.success) throw new CommandError('invalid', describeZodError(parsed.error));
    for (const person of [parsed.data.primary, parsed.data.secondary, ...parsed.data.smes]) {
      if (person?.userId && !(await users.get(person.userId))) throw new CommandError('not_found', `no user ${person.userId}`);
    }
    res.json(await roster.put(service, parsed.data, now()));
  });

  router.delete('/services/:service', async (req, res) => {
    const p = principalOf(res);
    requireResponder(p.access);
    if (p.incidentId !== null) throw new CommandError('forbidden', 'a token for one incident cannot edit the roster');
    if (!(await roster.remove(serviceName(req.params.service)))) throw new CommandError('not_found', `no roster for service ${req.params.service}`);
    res.status(204).end();
  });

  return router;
}
