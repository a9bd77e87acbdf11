/**
 * The status page (issue 21) put together for the server: its tables' feed from incidents'
 * events (built before the state writer, which calls it), the page's cache, the subscribers'
 * outbox channels, and the routes under /status and /api/status-page.
 */
import type { RequestHandler, Router } from 'express';
import type { AuditRecorder } from '../audit/AuditRecorder.ts';
import type { EmailSettings } from '../integrations/email/env.ts';
import type { WebhookTargets } from '../lifecycle/webhookTargets.ts';
import { KeyedRateLimiter } from '../limits/KeyedRateLimiter.ts';
import type { Logger } from '../logger.ts';
import type { Outbox } from '../outbox/Outbox.ts';
import type { EventFeed } from '../state/IncidentStateWriter.ts';
import type { Roster } from '../storage/roster.ts';
import type { SqlDatabase } from '../storage/sql/SqlDatabase.ts';
import { ComponentOverrides } from './ComponentOverrides.ts';
import { componentRoutes } from './componentRoutes.ts';
import type { StatusPageSettings } from './env.ts';
import { PageCache } from './PageCache.ts';
import { PageIncidents } from './PageIncidents.ts';
import { PageVersion } from './PageVersion.ts';
import { StatusPageFeed } from './StatusPageFeed.ts';
import { statusRoutes } from './statusRoutes.ts';
import { SubscriberDeliveries } from './SubscriberDeliveries.ts';
import { SubscriberLinks } from './subscriberLinks.ts';
import { Subscribers } from './Subscribers.ts';

export interface StatusPageDeps {
  settings: StatusPageSettings;
  db: SqlDatabase;
  roster: Roster;
  outbox: Outbox;
  targets: WebhookTargets;
  email: EmailSettings | null;
  /** WEBHOOK_TIMEOUT_MS, for each delivery. */
  timeoutMs: number;
  /** Signs subscribers' links; the same on every node. */
  linkKey: string;
  audit: AuditRecorder;
  publicUrl: string;
  now: () => number;
  logger: Logger;
}

export interface StatusPage {
  /** Called with each change's events, inside its transaction. */
  onEvents: EventFeed;
  /** Mounted at /status, before the client. */
  routes(requireAuth: RequestHandler): Router;
  /** Mounted under /api, after sign-in. */
  apiRoutes(): Router;
}

export async function setUpStatusPage(deps: StatusPageDeps): Promise<StatusPage> {
  const { db, now } = deps;
  const pageUrl = `${deps.publicUrl}/status`;
  const incidents = new PageIncidents(db);
  const overrides = new ComponentOverrides(db);
  const version = new PageVersion(db);
  const subscribers = new Subscribers(db);
  const links = new SubscriberLinks(deps.linkKey);
  const cache = new PageCache({
    db,
    roster: deps.roster,
    incidents,
    overrides,
    version,
    name: deps.settings.name,
    publicUrl: deps.publicUrl,
    emailSubscriptions: deps.email !== null,
    now,
  });
  const deliveries = await SubscriberDeliveries.start({
    outbox: deps.outbox,
    subscribers,
    incidents,
    cache,
    links,
    targets: deps.targets,
    email: deps.email,
    timeoutMs: deps.timeoutMs,
    pageName: deps.settings.name,
    pageUrl,
    now,
    logger: deps.logger,
  });
  const feed = new StatusPageFeed(incidents, version, deliveries, now);
  const perHour = deps.settings.subscribesPerHour;
  return {
    onEvents: feed.onEvents,
    routes: (requireAuth) =>
      statusRoutes({
        mode: deps.settings.mode,
        pageName: deps.settings.name,
        pageUrl,
        db,
        cache,
        subscribers,
        deliveries,
        links,
        targets: deps.targets,
        subscribeRate: new KeyedRateLimiter(perHour / 3600, 3600, now),
        requireAuth,
        now,
      }),
    apiRoutes: () => componentRoutes({ db, roster: deps.roster, overrides, version, audit: deps.audit, now }),
  };
}
