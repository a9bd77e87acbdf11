/**
 * The trackers' webhooks (issue 21), mounted at /api/integrations before the JSON parser and
 * sign-in: `POST /github/webhook` and `POST /jira/webhook`. Each delivery is verified as its
 * tracker documents, over the raw bytes, before anything is read from it. A delivery that fails
 * is answered 401 (nothing to verify) or 403 (wrong signature or secret), changes nothing and
 * leaves a line in the audit trail, rate-limited per address by the AuditRecorder. A verified
 * delivery about an issue that is none of ours is answered 200 and ignored, as trackers expect.
 */
import express, { Router } from 'express';
import type { TrackerKind } from '../../shared/followUps.ts';
import type { AuditRecorder } from '../audit/AuditRecorder.ts';
import type { FollowUps } from './FollowUps.ts';
import type { Tracker } from './Tracker.ts';

export interface TrackerHookDeps {
  followUps: Pick<FollowUps, 'trackerSays'>;
  trackers: ReadonlyMap<TrackerKind, Tracker>;
  audit: Pick<AuditRecorder, 'record'>;
  maxBodyBytes: number;
  now: () => number;
}

export function trackerHookRoutes(deps: TrackerHookDeps): Router {
  const router = Router();
  for (const tracker of deps.trackers.values()) {
    router.post(`/${tracker.kind}/webhook`, express.raw({ type: () => true, limit: deps.maxBodyBytes }), async (req, res) => {
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const verdict = tracker.verify(req, raw);
      if (!verdict.ok) {
        await deps.audit.record({
          at: deps.now(),
          userId: null,
          source: req.socket.remoteAddress ?? 'unknown',
          action: `${tracker.kind}.webhook-refused`,
          target: req.path,
          detail: `${verdict.why} signature or secret`,
        });
        res.status(verdict.why === 'missing' ? 401 : 403).json({ error: { code: verdict.why === 'missing' ? 'unauthorized' : 'forbidden', message: `not a verified ${tracker.kind} webhook` } });
        return;
      }
      let body: unknown;
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        res.status(400).json({ error: { code: 'invalid', message: 'the body is not JSON' } });
        return;
      }
      const change = tracker.change(req, body);
      const changed = change ? await deps.followUps.trackerSays(tracker.kind, change.key, change.closed, deps.now()) : 0;
      res.json({ ok: true, changed });
    });
  }
  return router;
}
