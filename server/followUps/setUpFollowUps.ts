/**
 * Follow-ups put together for the server (issue 21): their REST routes (after sign-in), the
 * trackers' webhooks (before it), and the outbox channel that creates tracker issues.
 */
import type { Router } from 'express';
import type { TrackerKind } from '../../shared/followUps.ts';
import type { AuditRecorder } from '../audit/AuditRecorder.ts';
import { githubTracker } from '../integrations/github/githubTracker.ts';
import { jiraTracker } from '../integrations/jira/jiraTracker.ts';
import type { Outbox } from '../outbox/Outbox.ts';
import type { Incidents } from '../storage/incidents.ts';
import type { SqlDatabase } from '../storage/sql/SqlDatabase.ts';
import type { Users } from '../storage/users.ts';
import type { TrackerSettings } from './env.ts';
import { followUpRoutes } from './followUpRoutes.ts';
import type { FollowUpRouteDeps } from './followUpRoutes.ts';
import { FollowUps } from './FollowUps.ts';
import type { Tracker } from './Tracker.ts';
import { trackerHookRoutes } from './trackerHookRoutes.ts';
import { trackerSender } from './trackerSender.ts';

export interface FollowUpsDeps {
  settings: TrackerSettings;
  db: SqlDatabase;
  incidents: Incidents;
  users: Pick<Users, 'state'>;
  outbox: Outbox;
  audit: Pick<AuditRecorder, 'record'>;
  publicUrl: string;
  /** How long one request to a tracker may take (WEBHOOK_TIMEOUT_MS). */
  timeoutMs: number;
  maxBodyBytes: number;
  state: FollowUpRouteDeps['state'];
  writes: FollowUpRouteDeps['writes'];
  now: () => number;
}

export interface FollowUpsSetUp {
  /** /incidents/:id/follow-ups and /follow-ups: after sign-in. */
  routes(): Router;
  /** /github/webhook and /jira/webhook, for /api/integrations: before the JSON parser and sign-in. */
  hookRoutes(): Router;
}

export function setUpFollowUps(deps: FollowUpsDeps): FollowUpsSetUp {
  const followUps = new FollowUps(deps.db);
  const trackers = new Map<TrackerKind, Tracker>();
  if (deps.settings.github) trackers.set('github', githubTracker(deps.settings.github));
  if (deps.settings.jira) trackers.set('jira', jiraTracker(deps.settings.jira));
  const incidentUrl = (incidentId: string) => `${deps.publicUrl}/incidents/${incidentId}`;
  deps.outbox.register('tracker-issue', trackerSender({ followUps, trackers, incidentUrl, timeoutMs: deps.timeoutMs, now: deps.now }));
  return {
    routes: () => followUpRoutes({ db: deps.db, followUps, incidents: deps.incidents, users: deps.users, outbox: deps.outbox, trackers, state: deps.state, writes: deps.writes, now: deps.now }),
    hookRoutes: () => trackerHookRoutes({ followUps, trackers, audit: deps.audit, maxBodyBytes: deps.maxBodyBytes, now: deps.now }),
  };
}
