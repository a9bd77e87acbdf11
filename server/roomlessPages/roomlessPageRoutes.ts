/**
 * Pages without a room over REST (issue 19): listed, acknowledged and promoted to an incident by
 * signed-in responders, admins and the API token; never through a link for one incident or a
 * stakeholder link (`organisationRefusal`): alerts of every service are organisation data. A
 * private alert's title is shown only to the person it pages and to admins.
 */
import { Router } from 'express';
import type { Response } from 'express';
import { organisationRefusal, seesEveryIncident } from '../../shared/access.ts';
import type { Principal } from '../../shared/access.ts';
import { describeZodError } from '../../shared/commands.ts';
import { MAX_LISTED_PAGES, PRIVATE_PAGE_TITLE, RoomlessPageQuery } from '../../shared/pages.ts';
import type { PromotedPage, RoomlessPageList, RoomlessPageView } from '../../shared/pages.ts';
import { CommandError, requireAllowed } from '../commands/CommandError.ts';
import { principalOf } from '../http/authMiddleware.ts';
import { acknowledgeRoomless, closedWords } from '../notifications/roomlessAck.ts';
import type { CommandServices } from '../commands/context.ts';
import type { PagePromotion } from './PagePromotion.ts';
import { pageView } from './RoomlessPageStore.ts';
import type { RoomlessPage, RoomlessPageStore } from './RoomlessPageStore.ts';

export interface RoomlessPageRouteDeps {
  store: RoomlessPageStore;
  promotion: PagePromotion;
  services: Pick<CommandServices, 'state' | 'now'>;
}

export function roomlessPageRoutes(deps: RoomlessPageRouteDeps): Router {
  const { store } = deps;
  const router = Router();
  const caller = (res: Response): Principal => {
    const p = principalOf(res);
    requireAllowed(organisationRefusal(p));
    return p;
  };
  const shown = (page: RoomlessPage, p: Principal): RoomlessPageView =>
    pageView(page, page.private && page.target?.id !== p.userId && !seesEveryIncident(p) ? PRIVATE_PAGE_TITLE : page.title);
  const notFound = (id: string) => new CommandError('not_found', `no page ${id}`);

  router.get('/pages', async (req, res) => {
    const p = caller(res);
    const parsed = RoomlessPageQuery.safeParse(req.query);
    if (!parsed.success) throw new CommandError('invalid', describeZodError(parsed.error));
    const body: RoomlessPageList = { pages: (await store.list(parsed.data.status, MAX_LISTED_PAGES)).map((page) => shown(page, p)) };
    res.json(body);
  });

  router.post('/pages/:id/acknowledge', async (req, res) => {
    const p = caller(res);
    const acked = await deps.services.state.atomically(() => acknowledgeRoomless(store, req.params.id, { id: p.userId, name: p.name }, deps.services.now()));
    if (!acked) throw notFound(req.params.id);
    if (acked.kind === 'closed') throw new CommandError('conflict', closedWords(acked.page));
    if (acked.kind === 'acknowledged-before') throw new CommandError('conflict', `${acked.page.acknowledgedBy?.name ?? 'someone'} acknowledged this page already`);
    res.json(shown(acked.page, p));
  });

  router.post('/pages/:id/promote', async (req, res) => {
    const p = caller(res);
    const promoted = await deps.promotion.promote(req.params.id, p);
    if (!promoted) throw notFound(req.params.id);
    const body: PromotedPage = { incidentId: promoted.incidentId };
    res.status(promoted.created ? 201 : 200).json(body);
  });

  return router;
}
