/**
 * Signed event webhooks over REST (issue 14): admins and the API token subscribe a URL to
 * timeline event types, list and delete subscriptions, and read each one's delivery log. Targets
 * follow the restrictions of issue 11 (WebhookTargets); the signing secret is answered once.
 */
import { Router } from 'express';
import type { Response } from 'express';
import { adminRefusal } from '../../shared/access.ts';
import { CreateEventWebhook, DeliveriesQuery } from '../../shared/api.ts';
import type { CreatedEventWebhook, EventWebhook, WebhookDelivery, WebhookDeliveryPage } from '../../shared/api.ts';
import { describeZodError } from '../../shared/commands.ts';
import { CommandError, requireAllowed } from '../commands/CommandError.ts';
import type { WebhookTargets } from '../lifecycle/webhookTargets.ts';
import { newId } from '../ids.ts';
import { newSecret } from '../storage/tokens.ts';
import type { Outbox } from '../outbox/Outbox.ts';
import type { DeliveryRecord } from '../outbox/OutboxRows.ts';
import { subscriptionTarget } from '../outbox/EventWebhooks.ts';
import type { Subscription, WebhookSubscriptions } from '../outbox/WebhookSubscriptions.ts';
import { principalOf } from './authMiddleware.ts';

const listed = ({ secret: _secret, ...webhook }: Subscription): EventWebhook => webhook;

function delivery(r: DeliveryRecord): WebhookDelivery {
  const outcome = r.deliveredAt !== null ? 'delivered' : r.failedAt !== null ? 'failed' : 'pending';
  return {
    id: r.id,
    eventType: r.eventType,
    incidentId: r.incidentId,
    createdAt: r.createdAt,
    outcome,
    attempts: r.attempts,
    nextAttemptAt: outcome === 'pending' ? r.dueAt : null,
    lastStatus: r.lastStatus,
    lastError: r.lastError,
    endedAt: r.deliveredAt ?? r.failedAt,
  };
}

export function webhookRoutes(subscriptions: WebhookSubscriptions, outbox: Outbox, targets: WebhookTargets, now: () => number): Router {
  const router = Router();
  const existing = async (id: string) => {
    const found = await subscriptions.get(id);
    if (!found) throw new CommandError('not_found', `no webhook ${id}`);
    return found;
  };

  router.use('/webhooks', (_req, res: Response, next) => {
    requireAllowed(adminRefusal(principalOf(res), 'event webhooks'));
    next();
  });

  router.post('/webhooks', async (req, res) => {
    const parsed = CreateEventWebhook.safeParse(req.body);
    if (!parsed.success) throw new CommandError('invalid', describeZodError(parsed.error));
    const principal = principalOf(res);
    requireAllowed(targets.refusal(parsed.data.url, principal));
    const created: CreatedEventWebhook = {
      id: newId('wh'),
      url: parsed.data.url,
      events: parsed.data.events,
      secret: parsed.data.secret ?? newSecret(),
      createdBy: principal.userId,
      createdAt: now(),
    };
    await subscriptions.add(created);
    res.status(201).json(created);
  });

  router.get('/webhooks', async (_req, res) => {
    res.json({ webhooks: (await subscriptions.active()).map(listed) });
  });

  router.delete('/webhooks/:id', async (req, res) => {
    if (!(await subscriptions.disable(req.params.id, now()))) throw new CommandError('not_found', `no webhook ${req.params.id}`);
    res.status(204).end();
  });

  router.get('/webhooks/:id/deliveries', async (req, res) => {
    const webhook = await existing(req.params.id);
    const query = DeliveriesQuery.safeParse(req.query);
    if (!query.success) throw new CommandError('invalid', describeZodError(query.error));
    const rows = await outbox.deliveries(subscriptionTarget(webhook.id), query.data.limit, query.data.before ?? null);
    const page: WebhookDeliveryPage = { deliveries: rows.map(delivery), next: rows.length === query.data.limit ? rows[rows.length - 1]!.id : null };
    res.json(page);
  });

  return router;
}
