/**
 * One outgoing POST of the outbox, connecting only where WebhookTargets allows: an address
 * literal is checked here, a name on the connection itself (issue 11). Never rejects: every
 * answer or failure becomes a DeliveryResult, Retry-After included.
 */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { WebhookTargets } from '../lifecycle/webhookTargets.ts';
import { isNonPublicAddress } from '../lifecycle/webhookTargets.ts';
import type { DeliveryResult } from './Outbox.ts';

/** Retry-After in seconds or as an HTTP date (RFC 9110, 10.2.3), as milliseconds from `now`. */
export function retryAfterMs(header: string | undefined, now: number): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Replies are not read beyond their status and headers; a target cannot make the server buffer its body. */
export function httpPost(
  url: string,
  body: Buffer,
  headers: Record<string, string>,
  targets: WebhookTargets,
  timeoutMs: number,
  now: () => number,
): Promise<DeliveryResult> {
  const target = new URL(url);
  const hostname = target.hostname.replace(/^\[|\]$/g, '');
  if (net.isIP(hostname) !== 0 && isNonPublicAddress(hostname) && !targets.isListed(hostname)) {
    return Promise.resolve({ outcome: 'retry', status: null, error: `${hostname} is a non-public address; list it in WEBHOOK_ALLOWED_HOSTS to allow it` });
  }
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    const req = client.request(
      target,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': body.length, ...headers },
        lookup: targets.lookupFor(hostname),
        timeout: timeoutMs,
      },
      (res) => {
        res.resume();
        const status = res.statusCode ?? 0;
        if (status >= 200 && status < 300) return resolve({ outcome: 'delivered', status });
        const header = res.headers['retry-after'];
        resolve({ outcome: 'retry', status, error: `HTTP ${status}`, retryAfterMs: retryAfterMs(Array.isArray(header) ? header[0] : header, now()) });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (error) => resolve({ outcome: 'retry', status: null, error: error.message }));
    req.end(body);
  });
}
