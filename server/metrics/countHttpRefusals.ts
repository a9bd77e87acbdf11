/**
 * Counts every refused HTTP answer (status 400 and above) by its reason, whichever route or
 * middleware sent it: one place sees all of them, so a new route is counted without a line.
 */
import type { RequestHandler } from 'express';
import type { ServerMetrics } from './ServerMetrics.ts';

export function countHttpRefusals(metrics: Pick<ServerMetrics, 'httpRefused'>): RequestHandler {
  return (_req, res, next) => {
    res.once('finish', () => {
      if (res.statusCode >= 400) metrics.httpRefused(res.statusCode);
    });
    next();
  };
}
