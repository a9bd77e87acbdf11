/**
 * `PUT /api/status-page/components/<service>` (issue 21): a component's state by hand, or null to
 * let incidents and silences decide again. Signed-in responders, admins and the API token, as
 * for silences; never a link for one incident, which must not speak for every service.
 */
import { Router } from 'express';
import { organisationRefusal } from '../../shared/access.ts';
import { describeZodError } from '../../shared/commands.ts';
import { SERVICE_NAME_PATTERN } from '../../shared/roster.ts';
import { ComponentOverride } from '../../shared/statusPage.ts';
import type { AuditRecorder } from '../audit/AuditRecorder.ts';
import { CommandError, requireAllowed } from '../commands/CommandError.ts';
import { principalOf } from '../http/authMiddleware.ts';
import type { Roster } from '../storage/roster.ts';
import type { SqlDatabase } from '../storage/sql/SqlDatabase.ts';
import type { ComponentOverrides } from './ComponentOverrides.ts';
import type { PageVersion } from './PageVersion.ts';

export interface ComponentRouteDeps {
  db: SqlDatabase;
  roster: Pick<Roster, 'get'>;
  overrides: ComponentOverrides;
  version: PageVersion;
  audit: Pick<AuditRecorder, 'record'>;
  now: () => number;
}

export function componentRoutes(deps: ComponentRouteDeps): Router {
  const router = Router();
  router.put('/status-page/components/:service', async (req, res) => {
    const p = principalOf(res);
    requireAllowed(organisationRefusal(p));
    const service = req.params.service;
    if (!SERVICE_NAME_PATTERN.test(service)) throw new CommandError('invalid', 'service names are lowercase letters, digits, ".", "_" and "-", up to 63 characters');
    const parsed = ComponentOverride.safeParse(req.body);
    if (!parsed.success) throw new CommandError('invalid', describeZodError(parsed.error));
    if (!(await deps.roster.get(service))) throw new CommandError('not_found', `no roster for service ${service}: components are the roster's services`);
    const now = deps.now();
    const { override } = parsed.data;
    await deps.db.transaction(async () => {
      await deps.overrides.set(service, override, p.userId, now);
      await deps.version.bump();
    });
    await deps.audit.record({ at: now, userId: p.userId, action: 'statusPage.override', target: service, detail: override ?? 'cleared' });
    res.json({ service, override });
  });
  return router;
}
