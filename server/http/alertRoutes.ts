/**
 * Alert webhooks from Prometheus Alertmanager and Grafana, and heartbeats for the dead man's
 * switch (issue 16); the API token authenticates them.
 */
import { Router } from 'express';
import type { Response } from 'express';
import { adminRefusal } from '../../shared/access.ts';
import { describeZodError } from '../../shared/commands.ts';
import { CommandError, requireAllowed } from '../commands/CommandError.ts';
import type { AlertIntake, IntakeResult } from '../alerts/AlertIntake.ts';
import { splitWatchdog } from '../alerts/heartbeatAlerts.ts';
import { AlertmanagerPayload, GrafanaPayload } from '../alerts/payloads.ts';
import type { AlertNotification } from '../alerts/payloads.ts';
import type { DeadMansSwitch } from '../watchdog/DeadMansSwitch.ts';
import { principalOf } from './authMiddleware.ts';

export function alertRoutes(intake: AlertIntake, deadMansSwitch: Pick<DeadMansSwitch, 'beat'>): Router {
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

  return router;
}
