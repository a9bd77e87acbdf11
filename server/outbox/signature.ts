/**
 * How an event webhook delivery is signed (issue 14), after the Standard Webhooks idea kept
 * simple: `Webhook-Signature: sha256=<hex HMAC-SHA256 of "<Webhook-Timestamp>.<raw body>">`
 * with the subscription's secret. Receivers recompute it over the raw body, compare in constant
 * time, and refuse old timestamps so a captured delivery cannot be replayed later.
 */
import { createHmac } from 'node:crypto';

export function webhookSignature(secret: string, timestamp: number, body: Buffer): string {
  return 'sha256=' + createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

export function signedHeaders(secret: string, id: number, nowMs: number, body: Buffer): Record<string, string> {
  const timestamp = Math.floor(nowMs / 1000);
  return { 'webhook-id': String(id), 'webhook-timestamp': String(timestamp), 'webhook-signature': webhookSignature(secret, timestamp, body) };
}
