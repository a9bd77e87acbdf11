/**
 * Everything under /status (issue 21). Public mode: anyone reads the page, its summary and feed
 * (other sites' widgets too: CORS is open for reading) and subscribes. Private mode: signed-in
 * people and the API token only, never a link for one incident. Off: nothing is there. A
 * subscriber's own links work in either mode: their signed token is the credential.
 * `GET /status` itself falls through to the client, which renders the page.
 */
import express, { Router } from 'express';
import type { RequestHandler, Response } from 'express';
import { organisationRefusal } from '../../shared/access.ts';
import { describeZodError } from '../../shared/commands.ts';
import { StatusPageLimits, Subscribe } from '../../shared/statusPage.ts';
import type { StatusPageMode } from '../../shared/statusPage.ts';
import { CommandError, requireAllowed } from '../commands/CommandError.ts';
import { principalOf } from '../http/authMiddleware.ts';
import { sendError } from '../http/errors.ts';
import type { WebhookTargets } from '../lifecycle/webhookTargets.ts';
import type { KeyedRateLimiter } from '../limits/KeyedRateLimiter.ts';
import type { SqlDatabase } from '../storage/sql/SqlDatabase.ts';
import type { PageCache } from './PageCache.ts';
import type { SubscriberDeliveries } from './SubscriberDeliveries.ts';
import type { SubscriberLinks } from './subscriberLinks.ts';
import type { Subscribers } from './Subscribers.ts';
import { subscriberTargetRefusal } from './subscriberTargets.ts';
import { actionPage, donePage } from './presenters/subscriberPages.ts';

export interface StatusRouteDeps {
  mode: StatusPageMode;
  pageName: string;
  pageUrl: string;
  db: SqlDatabase;
  cache: PageCache;
  subscribers: Subscribers;
  deliveries: SubscriberDeliveries;
  links: SubscriberLinks;
  targets: WebhookTargets;
  /** Subscriptions per source address (public) or person (private). */
  subscribeRate: KeyedRateLimiter;
  requireAuth: RequestHandler;
  now: () => number;
}

/** Subscribers' requests are an address or a URL: nothing larger is read. */
const MAX_BODY_BYTES = 4 * 1024;

export function statusRoutes(deps: StatusRouteDeps): Router {
  const router = Router();
  if (deps.mode === 'off') {
    router.use((_req, res) => sendError(res, 'not_found', 'there is no status page on this server (STATUS_PAGE is off)'));
    return router;
  }
  const readers: RequestHandler[] =
    deps.mode === 'private'
      ? [
          deps.requireAuth,
          (_req, res, next) => {
            requireAllowed(organisationRefusal(principalOf(res)));
            res.setHeader('Cache-Control', 'private, no-cache');
            next();
          },
        ]
      : [
          (_req, res, next) => {
            res.setHeader('Access-Control-Allow-Origin', '*');
            res.setHeader('Cache-Control', 'public, no-cache');
            next();
          },
        ];
  const rendered = async (res: Response, type: string, pick: (page: Awaited<ReturnType<PageCache['current']>>) => string) => {
    res.type(type).send(pick(await deps.cache.current()));
  };

  router.get('/api/v2/summary.json', ...readers, (_req, res) => rendered(res, 'application/json', (p) => p.summaryJson));
  router.get('/api/v2/status.json', ...readers, (_req, res) => rendered(res, 'application/json', (p) => p.statusJson));
  router.get('/api/page.json', ...readers, (_req, res) => rendered(res, 'application/json', (p) => p.pageJson));
  router.get('/feed.atom', ...readers, (_req, res) => rendered(res, 'application/atom+xml; charset=utf-8', (p) => p.feed));

  router.post('/api/subscribe', ...readers, express.json({ limit: MAX_BODY_BYTES }), async (req, res) => {
    const who = deps.mode === 'private' ? principalOf(res).userId : (req.socket.remoteAddress ?? 'unknown');
    if (!deps.subscribeRate.take(who)) throw new CommandError('rate_limited', 'too many subscriptions from here; try again later');
    const parsed = Subscribe.safeParse(req.body);
    if (!parsed.success) throw new CommandError('invalid', describeZodError(parsed.error));
    if ((await deps.subscribers.count()) >= StatusPageLimits.subscribers) throw new CommandError('conflict', 'this status page takes no more subscribers');
    const now = deps.now();
    if (parsed.data.email !== undefined) {
      if (!deps.deliveries.emailEnabled) throw new CommandError('unavailable', 'this server sends no email (SMTP_URL is unset); subscribe a webhook instead');
      const address = parsed.data.email.toLowerCase();
      await deps.db.transaction(async () => {
        const known = await deps.subscribers.find('email', address);
        // Whether an address is subscribed already is not told: it would list who follows the page.
        if (known?.confirmedAt) return;
        await deps.deliveries.sendConfirmation(known ?? (await deps.subscribers.add('email', address, false, now)));
      });
      res.status(202).json({ confirmation: 'sent', message: 'check your inbox: the subscription starts once you confirm it through the link we sent' });
      return;
    }
    const url = parsed.data.webhookUrl!;
    const refusal = subscriberTargetRefusal(url, deps.targets);
    if (refusal) throw new CommandError('invalid', refusal);
    if (await deps.subscribers.find('webhook', url)) throw new CommandError('conflict', 'this webhook URL is subscribed already');
    const subscriber = await deps.subscribers.add('webhook', url, true, now);
    res.status(201).json({ id: subscriber.id, unsubscribeUrl: deps.deliveries.unsubscribeUrl(subscriber.id) });
  });

  const subscriberOf = (token: string) => {
    const id = deps.links.subscriberOf(token);
    if (!id) throw new CommandError('not_found', 'no such subscription: the link is not valid');
    return id;
  };
  router.get('/api/subscribers/:token/confirm', (req, res) => {
    subscriberOf(req.params.token);
    res.type('html').send(actionPage(deps.pageName, 'confirm'));
  });
  router.post('/api/subscribers/:token/confirm', async (req, res) => {
    if (!(await deps.subscribers.confirm(subscriberOf(req.params.token), deps.now()))) throw new CommandError('not_found', 'no such subscription: it ended');
    res.type('html').send(donePage(deps.pageName, deps.pageUrl, 'Subscribed: you will receive the status updates of this page.'));
  });
  router.get('/api/subscribers/:token/unsubscribe', (req, res) => {
    subscriberOf(req.params.token);
    res.type('html').send(actionPage(deps.pageName, 'unsubscribe'));
  });
  const unsubscribe = async (token: string) => {
    await deps.subscribers.remove(subscriberOf(token));
  };
  router.post('/api/subscribers/:token/unsubscribe', async (req, res) => {
    await unsubscribe(req.params.token);
    res.type('html').send(donePage(deps.pageName, deps.pageUrl, 'Unsubscribed: nothing more will be sent.'));
  });
  router.delete('/api/subscribers/:token', async (req, res) => {
    await unsubscribe(req.params.token);
    res.status(204).end();
  });
  router.use('/api', (_req, res) => sendError(res, 'not_found', 'no such status page endpoint'));
  return router;
}
