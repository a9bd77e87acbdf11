/**
 * `POST /api/alerts/pagerduty/v2/enqueue`: PagerDuty's Events API v2 endpoint. Its clients send
 * no Authorization header; the routing key in the body is the credential, so this is mounted
 * before sign-in and answers as PagerDuty does (202, 400 "invalid event", 429 "throttle event"),
 * a body that is no JSON included. A refused event changes nothing.
 */
import { Router } from 'express';
import type { ErrorRequestHandler } from 'express';
import type { KeyedRateLimiter } from '../../limits/KeyedRateLimiter.ts';
import type { PagerDutyIntake } from './PagerDutyIntake.ts';
import { eventErrors, eventProcessed, invalidEvent, PagerDutyEvent, throttled } from './PagerDutyEvent.ts';
import type { RoutingKeys } from './RoutingKeys.ts';

export const ENQUEUE_PATH = '/alerts/pagerduty/v2/enqueue';

export interface EventRouteDeps {
  routingKeys: RoutingKeys;
  intake: PagerDutyIntake;
  /** COMMANDS_PER_MINUTE per routing key, as PagerDuty limits each integration key (about 120 a minute). */
  rate: Pick<KeyedRateLimiter, 'take'>;
}

export function pagerDutyEventRoutes(deps: EventRouteDeps): [Router, ErrorRequestHandler] {
  const router = Router();
  router.post(ENQUEUE_PATH, async (req, res) => {
    const parsed = PagerDutyEvent.safeParse(req.body);
    if (!parsed.success) return void res.status(400).json(invalidEvent(eventErrors(parsed.error)));
    const key = await deps.routingKeys.find(parsed.data.routing_key);
    if (!key) return void res.status(400).json(invalidEvent(['Invalid routing key']));
    if (!deps.rate.take(`routing-key:${key.id}`)) return void res.status(429).json(throttled());
    const outcome = await deps.intake.handle(parsed.data, key.service);
    res.status(202).json({ ...eventProcessed(outcome.dedupKey), ...(outcome.silenceId ? { silenced: true, silenceId: outcome.silenceId } : {}) });
  });

  // The JSON parser runs before this router: its refusals reach only error handlers after it.
  // A body that does not inflate (Content-Encoding over bytes that are not so encoded) carries a
  // 400 status and no type: it is the sender's mistake as much as bad JSON is (issue 22).
  const unreadable: ErrorRequestHandler = (error, req, res, next) => {
    const { type, status } = error as { type?: string; status?: unknown };
    const refused = type?.startsWith('entity.') || (typeof status === 'number' && status >= 400 && status < 500);
    if (req.path !== ENQUEUE_PATH || !refused) return next(error);
    res.status(type === 'entity.too.large' ? 413 : 400).json(invalidEvent([type === 'entity.too.large' ? 'the event is too large' : 'the body is not valid JSON']));
  };
  return [router, unreadable];
}
