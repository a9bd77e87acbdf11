/**
 * One outgoing JSON POST to a target set through the API, connecting only where WebhookTargets
 * allows (the address is checked as connected to, not only as saved). Resolves with the status;
 * rejects on refusal, network failure or timeout.
 */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { WebhookTargets } from './webhookTargets.ts';
import { isNonPublicAddress } from './webhookTargets.ts';

/** Replies are not read beyond their status; a target cannot make the server buffer its body. */
export function postJson(url: string, body: unknown, targets: WebhookTargets, timeoutMs: number): Promise<number> {
  const target = new URL(url);
  const hostname = target.hostname.replace(/^\[|\]$/g, '');
  if (net.isIP(hostname) !== 0 && isNonPublicAddress(hostname) && !targets.isListed(hostname)) {
    return Promise.reject(new Error(`${hostname} is a non-public address; list it in WEBHOOK_ALLOWED_HOSTS to allow it`));
  }
  const payload = Buffer.from(JSON.stringify(body));
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      target,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': payload.length },
        lookup: targets.lookupFor(hostname),
        timeout: timeoutMs,
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(payload);
  });
}
