/**
 * Silences over REST (issue 19): per service, made, listed and ended by signed-in responders,
 * admins and the API token; never through a link for one incident, which must not become a way to
 * keep every service's pages from reaching anyone. Times are the server's clock: a silence
 * without `start`, or with one in the past, starts now.
 */
import { Router } from 'express';
import type { Response } from 'express';
import { organisationRefusal, seesEveryIncident } from '../../shared/access.ts';
import { CreateSilence, SilenceLimits } from '../../shared/alerts.ts';
import { describeZodError } from '../../shared/commands.ts';
import { SERVICE_NAME_PATTERN } from '../../shared/roster.ts';
import type { AuditRecorder } from '../audit/AuditRecorder.ts';
import { CommandError, requireAllowed } from '../commands/CommandError.ts';
import { principalOf } from '../http/authMiddleware.ts';
import type { Roster } from '../storage/roster.ts';
import type { Silences } from './Silences.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface SilenceRouteDeps {
  silences: Silences;
  roster: Pick<Roster, 'get'>;
  audit: Pick<AuditRecorder, 'record'>;
  now: () => number;
}

export function silenceRoutes(deps: SilenceRouteDeps): Router {
  const { silences } = deps;
  const router = Router();
  const caller = (res: Response) => {
    const p = principalOf(res);
    requireAllowed(organisationRefusal(p));
    return p;
  };
  const serviceName = (raw: string) => {
    if (!SERVICE_NAME_PATTERN.test(raw)) throw new CommandError('invalid', 'service names are lowercase letters, digits, ".", "_" and "-", up to 63 characters');
    return raw;
  };

  router.post('/services/:service/silences', async (req, res) => {
    const p = caller(res);
    const service = serviceName(req.params.service);
    const parsed = CreateSilence.safeParse(req.body);
    if (!parsed.success) throw new CommandError('invalid', describeZodError(parsed.error));
    if (!(await deps.roster.get(service))) throw new CommandError('not_found', `no roster for service ${service}`);
    const now = deps.now();
    const startsAt = Math.max(now, parsed.data.start ? Date.parse(parsed.data.start) : now);
    const endsAt = Date.parse(parsed.data.end);
    if (endsAt <= startsAt) throw new CommandError('invalid', `end must be after ${parsed.data.start ? 'start' : 'now'}`);
    if (endsAt - startsAt > SilenceLimits.maxDays * DAY_MS) throw new CommandError('invalid', `a silence lasts at most ${SilenceLimits.maxDays} days; make another when it ends`);
    const created = await silences.create({ service, startsAt, endsAt, reason: parsed.data.reason, createdBy: { id: p.userId, name: p.name } }, now);
    await deps.audit.record({ at: now, userId: p.userId, action: 'silence.created', target: created.id, detail: `${service} from ${created.startsAt} to ${created.endsAt}` });
    res.status(201).json(created);
  });

  router.get('/services/:service/silences', async (req, res) => {
    caller(res);
    res.json({ silences: await silences.list(serviceName(req.params.service), deps.now()) });
  });

  router.get('/services/:service/silences/:id', async (req, res) => {
    caller(res);
    const silence = await silences.get(serviceName(req.params.service), req.params.id, deps.now());
    if (!silence) throw new CommandError('not_found', `no silence ${req.params.id} for service ${req.params.service}`);
    res.json(silence);
  });

  router.get('/services/:service/silences/:id/alerts', async (req, res) => {
    const p = caller(res);
    const silence = await silences.get(serviceName(req.params.service), req.params.id, deps.now());
    if (!silence) throw new CommandError('not_found', `no silence ${req.params.id} for service ${req.params.service}`);
    res.json({ silence, alerts: await silences.held(silence.id, seesEveryIncident(p)) });
  });

  /** Ends an active silence now, or calls off a scheduled one; the record of what it held stays. */
  router.delete('/services/:service/silences/:id', async (req, res) => {
    const p = caller(res);
    const silence = await silences.get(serviceName(req.params.service), req.params.id, deps.now());
    if (!silence) throw new CommandError('not_found', `no silence ${req.params.id} for service ${req.params.service}`);
    const now = deps.now();
    if (!(await silences.endEarly(silence.id, { id: p.userId, name: p.name }, now))) throw new CommandError('conflict', 'this silence has ended already');
    await deps.audit.record({ at: now, userId: p.userId, action: 'silence.ended', target: silence.id, detail: `${silence.service}, ${silence.state === 'scheduled' ? 'called off before its start' : 'ended early'}` });
    res.status(204).end();
  });

  return router;
}
