/**
 * Alert webhooks from Prometheus Alertmanager and Grafana, and heartbeats for the dead man's
 * switch (issue 16); the API token authenticates them. Also the routing keys that PagerDuty
 * Events API v2 clients send with their events (issue 19): made, listed and revoked by admins and
 * the API token, each for a service of the roster. (The events endpoint itself is
 * alerts/pagerduty/eventRoutes.ts: its clients send no token.)
 */
import { Router } from 'express';
import type { Response } from 'express';
import { adminRefusal } from '../../shared/access.ts';
import { CreateRoutingKey } from '../../shared/alerts.ts';
import { describeZodError } from '../../shared/commands.ts';
import type { AuditRecorder } from '../audit/AuditRecorder.ts';
import { CommandError, requireAllowed } from '../commands/CommandError.ts';
import type { AlertIntake, IntakeResult } from '../alerts/AlertIntake.ts';
import { splitWatchdog } from '../alerts/heartbeatAlerts.ts';
import { AlertmanagerPayload, GrafanaPayload } from '../alerts/payloads.ts';
import type { AlertNotification } from '../alerts/payloads.ts';
import type { RoutingKeys } from '../alerts/pagerduty/RoutingKeys.ts';
import type { Roster } from '../storage/roster.ts';
import type { DeadMansSwitch } from '../watchdog/DeadMansSwitch.ts';
import { principalOf } from './authMiddleware.ts';

export interface AlertRouteDeps {
  intake: AlertIntake;
  deadMansSwitch: Pick<DeadMansSwitch, 'beat'>;
  routingKeys: RoutingKeys;
  roster: Pick<Roster, 'get'>;
  audit: Pick<AuditRecorder, 'record'>;
  now: () => number;
}

export function alertRoutes(deps: AlertRouteDeps): Router {
  const { intake, deadMansSwitch, routingKeys } = deps;
  const router = Router();
  const requireAdmin = (res: Response, what: string) => requireAllowed(adminRefusal(principalOf(res), what));

  /** A firing Watchdog alert is a heartbeat (the answer says so); whatever else the notification holds goes to the intake. */
  const receive = async (n: AlertNotification): Promise<IntakeResult & { heartbeat?: true }> => {
    const { heartbeat, rest } = splitWatchdog(n);
    if (heartbeat) await deadMansSwitch.beat('alertmanager');
    const said = heartbeat ? { heartbeat: true as const } : {};
    if (!rest) return { incidentId: null, created: false, duplicate: false, ...said, ignored: "the Watchdog alert is the dead man's switch's heartbeat, never an incident" };
    return { ...(await intake.receive(rest)), ...said };
  };

  router.post('/alerts/alertmanager', async (req, res) => {
    requireAdmin(res, 'an alert webhook');
    const parsed = AlertmanagerPayload.safeParse(req.body);
    if (!parsed.success) throw new CommandError('invalid', `not an Alertmanager webhook: ${describeZodError(parsed.error)}`);
    res.json(await receive({ ...parsed.data, source: 'alertmanager' }));
  });

  router.post('/alerts/grafana', async (req, res) => {
    requireAdmin(res, 'an alert webhook');
    const parsed = GrafanaPayload.safeParse(req.body);
    if (!parsed.success) throw new CommandError('invalid', `not a Grafana alerting webhook: ${describeZodError(parsed.error)}`);
    res.json(await intake.receive({ ...parsed.data, source: 'grafana', title: parsed.data.title }));
  });

  /** Any sender's heartbeat (a cron job, a blackbox probe, another Alertmanager); the body is not read. */
  router.post('/heartbeat', async (_req, res) => {
    requireAdmin(res, 'a heartbeat');
    res.json(await deadMansSwitch.beat('api'));
  });

  router.post('/alerts/routing-keys', async (req, res) => {
    requireAdmin(res, 'a routing key');
    const parsed = CreateRoutingKey.safeParse(req.body);
    if (!parsed.success) throw new CommandError('invalid', describeZodError(parsed.error));
    const { service, name } = parsed.data;
    if (!(await deps.roster.get(service))) throw new CommandError('invalid', `service: no roster for service ${service}; add it first (PUT /api/services/${service})`);
    const p = principalOf(res);
    const created = await routingKeys.create({ service, name: name || service, createdBy: { id: p.userId, name: p.name } }, deps.now());
    await deps.audit.record({ at: deps.now(), userId: p.userId, action: 'routing-key.created', target: created.id, detail: `for service ${service}` });
    res.status(201).json(created);
  });

  router.get('/alerts/routing-keys', async (_req, res) => {
    requireAdmin(res, 'the routing keys');
    res.json({ routingKeys: await routingKeys.list() });
  });

  router.delete('/alerts/routing-keys/:id', async (req, res) => {
    requireAdmin(res, 'a routing key');
    if (!(await routingKeys.revoke(req.params.id, deps.now()))) throw new CommandError('not_found', `no routing key ${req.params.id}`);
    await deps.audit.record({ at: deps.now(), userId: principalOf(res).userId, action: 'routing-key.revoked', target: req.params.id, detail: null });
    res.status(204).end();
  });

  return router;
}
