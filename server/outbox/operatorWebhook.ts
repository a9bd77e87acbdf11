/**
 * Posts to an incoming webhook the operator configured (MATTERMOST_WEBHOOK_URL,
 * TEAMS_WEBHOOK_URL). Like every address in the environment it is trusted as configured
 * (webhookTargets.ts): a Mattermost on the LAN must work, so that one host may resolve to a
 * private address, and nothing a user sets can change where these posts go.
 *
 * Answers, for the outbox: 2xx delivered; 429 again after its Retry-After; 408, 5xx and no
 * answer at all retried with backoff; any other 4xx (a deleted webhook, a body it refuses) will
 * never be taken, so it is given up and the posts behind it move on.
 */
import type { DeliveryResult } from './Outbox.ts';
import { httpPost } from './httpPost.ts';
import { WebhookTargets } from '../lifecycle/webhookTargets.ts';

export type WebhookPost = (payload: unknown) => Promise<DeliveryResult>;

export function operatorWebhook(url: string, timeoutMs: number, now: () => number): WebhookPost {
  const targets = new WebhookTargets([new URL(url).hostname]);
  return async (payload) => {
    const result = await httpPost(url, Buffer.from(JSON.stringify(payload)), {}, targets, timeoutMs, now);
    if (result.outcome === 'retry' && result.status !== null && neverTaken(result.status)) {
      return { outcome: 'give-up', status: result.status, error: result.error };
    }
    return result;
  };
}

const neverTaken = (status: number) => status >= 400 && status < 500 && status !== 408 && status !== 429;
