/**
 * Where a subscriber's webhook may point (issue 21). Anyone may subscribe to a public page, so,
 * as for roster webhooks (issue 11), loopback, private and link-local addresses are refused
 * unless WEBHOOK_ALLOWED_HOSTS lists them; a name is checked again on each delivery's connection.
 */
import net from 'node:net';
import type { WebhookTargets } from '../lifecycle/webhookTargets.ts';
import { isNonPublicAddress } from '../lifecycle/webhookTargets.ts';

export function subscriberTargetRefusal(url: string, targets: WebhookTargets): string | null {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (targets.isListed(host)) return null;
  if (host === 'localhost' || host.endsWith('.localhost') || (net.isIP(host) !== 0 && isNonPublicAddress(host))) {
    return `webhookUrl: ${host} is a loopback, private or link-local address`;
  }
  return null;
}
