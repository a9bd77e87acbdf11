/**
 * Answers through an interaction's response_url, which reaches the person even where the bot is
 * not a member (a message shortcut used in any channel). The URL comes in the request, so it is
 * used only on Slack's own origin (or SLACK_API_URL's, where tests and proxies stand in for
 * Slack): a signed request still must not make the server post wherever it names.
 */
import { retryAfterMs } from '../../outbox/httpPost.ts';
import type { DeliveryResult } from '../../outbox/Outbox.ts';
import type { SlackMessage } from './presenters/blocks.ts';

const SLACK_HOOKS_ORIGIN = 'https://hooks.slack.com';

export function allowedResponseUrl(url: string | undefined, apiUrl: string): string | null {
  if (!url) return null;
  try {
    const origin = new URL(url).origin;
    return origin === SLACK_HOOKS_ORIGIN || origin === new URL(apiUrl).origin ? url : null;
  } catch {
    return null;
  }
}

export async function postToResponseUrl(url: string, message: SlackMessage, timeoutMs: number, now: () => number): Promise<DeliveryResult> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, ...message }),
      // A redirect could lead anywhere: the origin was checked, not where it points.
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.body?.cancel();
    if (res.ok) return { outcome: 'delivered', status: res.status };
    // An expired or used-up response_url (30 minutes, five uses) never heals.
    if (res.status >= 400 && res.status < 500 && res.status !== 429) return { outcome: 'give-up', status: res.status, error: `HTTP ${res.status}` };
    return { outcome: 'retry', status: res.status, error: `HTTP ${res.status}`, retryAfterMs: retryAfterMs(res.headers.get('retry-after') ?? undefined, now()) };
  } catch (error) {
    return { outcome: 'retry', status: null, error: (error as Error).message };
  }
}
