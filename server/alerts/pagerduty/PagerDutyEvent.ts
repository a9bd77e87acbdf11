/**
 * The PagerDuty Events API v2 alert event (`POST /v2/enqueue`), as PagerDuty documents it, and
 * the answers PagerDuty gives, so a tool that pages PagerDuty pages this room unchanged. Fields
 * PagerDuty allows to be left out may also be null or empty: senders in the wild send both.
 */
import { z } from 'zod';
import { describeZodError } from '../../../shared/commands.ts';

const optionalText = (max: number) => z.string().max(max, `must be at most ${max} characters`).nullish();

const Link = z.looseObject({ href: z.string().max(2000), text: optionalText(1024) });
const Image = z.looseObject({ src: z.string().max(2000), href: optionalText(2000), alt: optionalText(1024) });

export const PAGERDUTY_SEVERITIES = ['critical', 'error', 'warning', 'info'] as const;

const Payload = z.looseObject({
  summary: z.string().trim().min(1, 'must not be blank').max(1024, 'must be at most 1024 characters'),
  source: z.string().trim().min(1, 'must not be blank').max(1024, 'must be at most 1024 characters'),
  severity: z.enum(PAGERDUTY_SEVERITIES, { error: 'must be "critical", "error", "warning" or "info"' }),
  timestamp: optionalText(64),
  component: optionalText(1024),
  group: optionalText(1024),
  class: optionalText(1024),
  custom_details: z.unknown().optional(),
});

export const PagerDutyEvent = z
  .looseObject({
    routing_key: z.string().min(1, 'must not be blank').max(128, 'is not a routing key'),
    event_action: z.enum(['trigger', 'acknowledge', 'resolve'], { error: 'must be "trigger", "acknowledge" or "resolve"' }),
    dedup_key: optionalText(255),
    payload: Payload.nullish(),
    links: z.array(Link).max(100).nullish(),
    images: z.array(Image).max(100).nullish(),
    client: optionalText(1024),
    client_url: optionalText(2000),
  })
  .superRefine((e, ctx) => {
    if (e.event_action === 'trigger' && !e.payload) ctx.addIssue({ code: 'custom', path: ['payload'], message: 'is required to trigger' });
    if (e.event_action !== 'trigger' && !e.dedup_key) ctx.addIssue({ code: 'custom', path: ['dedup_key'], message: `is required to ${e.event_action}` });
  });
export type PagerDutyEvent = z.infer<typeof PagerDutyEvent>;

export const eventProcessed = (dedupKey: string) => ({ status: 'success', message: 'Event processed', dedup_key: dedupKey });

export const invalidEvent = (errors: string[]) => ({ status: 'invalid event', message: 'Event object is invalid', errors });

export const throttled = () => ({ status: 'throttle event', message: 'Requests for this service are arriving too quickly. Please retry later.' });

/** One line per problem, as PagerDuty lists them in `errors`. */
export function eventErrors(error: z.ZodError): string[] {
  return error.issues.map((issue) => describeZodError(new z.ZodError([issue])));
}
