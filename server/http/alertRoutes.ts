/** Alert webhooks from Prometheus Alertmanager and Grafana; the API token authenticates them. */
import { Router } from 'express';
import { describeZodError } from '../../shared/commands.ts';
import { CommandError } from '../commands/CommandError.ts';
import type { AlertIntake } from '../alerts/AlertIntake.ts';
import { AlertmanagerPayload, GrafanaPayload } from '../alerts/payloads.ts';
import type { AlertNotification } from '../alerts/payloads.ts';
import { principalOf } from './authMiddleware.ts';

export function alertRoutes(intake: AlertIntake): Router {
  const router = Router();
  const requireAdmin = (access: string) => {
    if (access !== 'admin') throw new CommandError('forbidden', 'alert webhooks take the API token');
  };

  router.post('/alerts/alertmanager', async (req, res) => {
    requireAdmin(principalOf(res).access);
    const parsed = AlertmanagerPayload.safeParse(req.body);
    if (!parsed.success) throw new CommandError('invalid', `not an Alertmanager webhook: ${describeZodError(parsed.error)}`);
    const n: AlertNotification = { ...parsed.data, source: 'alertmanager' };
    res.json(await intake.receive(n));
  });

  router.post('/alerts/grafana', async (req, res) => {
    requireAdmin(principalOf(res).access);
    const parsed = GrafanaPayload.safeParse(req.body);
    if (!parsed.success) throw new CommandError('invalid', `not a Grafana alerting webhook: ${describeZodError(parsed.error)}`);
    const n: AlertNotification = { ...parsed.data, source: 'grafana', title: parsed.data.title };
    res.json(await intake.receive(n));
  });

  return router;
}
