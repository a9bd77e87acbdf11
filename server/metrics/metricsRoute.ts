/**
 * GET /metrics for Prometheus (issue 16), outside /api: the text format, to a bearer token only.
 * The API token reads it, and so does METRICS_TOKEN, which is all a scraper should hold: it opens
 * nothing else. Never anonymous: the metrics tell an outsider how busy the room is and when.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { adminRefusal } from '../../shared/access.ts';
import type { Authenticator } from '../auth/authenticator.ts';
import { sendError } from '../http/errors.ts';
import type { ServerMetrics } from './ServerMetrics.ts';

const digest = (s: string) => createHash('sha256').update(s).digest();

export function metricsRoute(metrics: ServerMetrics, auth: Authenticator, metricsToken: string | undefined, now: () => number): RequestHandler {
  const scraperDigest = metricsToken ? digest(metricsToken) : null;
  return async (req, res) => {
    const header = req.headers.authorization;
    if (!header?.startsWith('Bearer ')) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      return sendError(res, 'unauthorized', 'metrics need a bearer token: the API token or METRICS_TOKEN');
    }
    const secret = header.slice(7).trim();
    if (!(scraperDigest && timingSafeEqual(digest(secret), scraperDigest))) {
      const result = await auth.fromSecret(secret, now());
      if ('error' in result) {
        res.setHeader('WWW-Authenticate', 'Bearer realm="metrics", error="invalid_token"');
        return sendError(res, 'unauthorized', result.error);
      }
      const refusal = adminRefusal(result.principal, 'metrics');
      if (refusal) return sendError(res, 'forbidden', 'metrics needs the API token or METRICS_TOKEN');
    }
    res.setHeader('Content-Type', metrics.registry.contentType);
    res.send(await metrics.registry.metrics());
  };
}
