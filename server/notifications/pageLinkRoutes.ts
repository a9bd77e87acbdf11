/**
 * The door of a page's email link (issue 18; DESIGN "doors in, at the edge"), reached without a
 * session. The link itself (`/ack#token=…`) is the client's page: a GET of it, as mail scanners
 * make, changes nothing and the secret in its fragment never reaches the server. The page asks
 * `inspect` what the link is for, and its button posts `ack`, which spends the link and runs the
 * same `acknowledge` command as the room, as the person paged, in one transaction: a refused
 * command leaves the link unspent. The link acts as a responder for that one command, never more.
 * A link of a page without a room (issue 19) acknowledges that page, as the person it paged.
 */
import { Router } from 'express';
import type { Request } from 'express';
import type { Principal } from '../../shared/access.ts';
import { describeZodError } from '../../shared/commands.ts';
import { PageLinkRequest } from '../../shared/notifications.ts';
import type { PageLinkAcknowledged, PageLinkInfo } from '../../shared/notifications.ts';
import { readMeta } from '../../shared/stateDoc.ts';
import { CommandError } from '../commands/CommandError.ts';
import type { CommandServices } from '../commands/context.ts';
import { executeCommand } from '../commands/runCommand.ts';
import { requireVisibleIncident } from '../commands/visibleIncident.ts';
import type { KeyedRateLimiter } from '../limits/KeyedRateLimiter.ts';
import type { RoomlessPage, RoomlessPageStore } from '../roomlessPages/RoomlessPageStore.ts';
import type { Users } from '../storage/users.ts';
import type { PageLink, PageLinks } from './PageLinks.ts';
import { acknowledgeRoomless, closedWords } from './roomlessAck.ts';

const REFUSED = {
  unknown: new CommandError('not_found', 'this acknowledge link is not known here: open the incident in the room instead'),
  used: new CommandError('conflict', 'this acknowledge link was used already: it works once; open the incident in the room to see who acknowledged'),
  expired: new CommandError('conflict', 'this acknowledge link has expired: open the incident in the room and acknowledge there'),
} as const;

export interface PageLinkRouteDeps {
  links: PageLinks;
  roomless: RoomlessPageStore;
  services: CommandServices;
  users: Users;
  publicUrl: string;
  /** Requests per address: a guessed secret is hopeless (256 bits), and guessing costs storage reads. */
  rate: KeyedRateLimiter;
  now: () => number;
}

export function pageLinkRoutes(deps: PageLinkRouteDeps): Router {
  const router = Router();
  const { services } = deps;

  const tokenOf = (req: Request): string => {
    if (!deps.rate.take(req.socket.remoteAddress ?? 'unknown')) throw new CommandError('rate_limited', 'too many requests; wait a moment and try again');
    const parsed = PageLinkRequest.safeParse(req.body);
    if (!parsed.success) throw new CommandError('invalid', describeZodError(parsed.error));
    return parsed.data.token;
  };

  /** The person the link was sent to, as a responder; a deactivated account, or one who cannot see the incident now, gets nothing. */
  const personOf = async (link: PageLink): Promise<Principal> => {
    const account = await deps.users.state(link.userId);
    if (!account || account.deactivatedAt !== null) throw REFUSED.unknown;
    const principal: Principal = { userId: account.id, name: account.name, access: 'responder', incidentId: null, tokenId: null, sessionId: null, expiresAt: null };
    // A page without a room is the person's own: it has no audience but them.
    if (link.incidentId === null) return principal;
    await requireVisibleIncident(principal, link.incidentId, services.incidents).catch(() => {
      throw REFUSED.unknown;
    });
    return principal;
  };
  const roomlessOf = async (link: PageLink): Promise<RoomlessPage> => {
    const page = await deps.roomless.get(link.pageId);
    if (!page) throw REFUSED.unknown;
    return page;
  };
  const roomlessUrl = (page: RoomlessPage) => (page.incidentId ? `${deps.publicUrl}/incidents/${page.incidentId}` : `${deps.publicUrl}/`);

  /** Inside the link's transaction: a page no longer open leaves the link unspent. */
  const acknowledgeWithoutRoom = async (link: PageLink, person: Principal): Promise<PageLinkAcknowledged> => {
    const acked = await acknowledgeRoomless(deps.roomless, link.pageId, { id: person.userId, name: person.name }, deps.now());
    if (!acked) throw REFUSED.unknown;
    if (acked.kind === 'closed') throw new CommandError('conflict', closedWords(acked.page));
    const { page } = acked;
    return {
      incidentId: null,
      pageId: page.id,
      acknowledgedAt: page.acknowledgedAt!,
      byYou: acked.kind === 'acknowledged',
      acknowledgedBy: page.acknowledgedBy?.name ?? null,
      roomUrl: roomlessUrl(page),
    };
  };

  router.post('/page-links/inspect', async (req, res) => {
    const link = await deps.links.inspect(tokenOf(req), deps.now());
    if ('refused' in link) throw REFUSED[link.refused];
    const person = await personOf(link);
    if (link.incidentId === null) {
      const page = await roomlessOf(link);
      const roomless: PageLinkInfo = {
        incident: { id: page.id, title: page.title, severity: page.severity, status: page.status },
        roomless: true,
        roomUrl: roomlessUrl(page),
        person: { id: person.userId, name: person.name },
        acknowledged: page.acknowledgedAt === null ? null : { at: page.acknowledgedAt, by: page.acknowledgedBy?.name ?? null },
        expiresAt: link.expiresAt,
      };
      return void res.json(roomless);
    }
    const meta = readMeta(await services.state.read(link.incidentId));
    if (!meta) throw REFUSED.unknown;
    const body: PageLinkInfo = {
      incident: { id: meta.id, title: meta.title, severity: meta.severity, status: meta.status },
      roomless: false,
      roomUrl: `${deps.publicUrl}/incidents/${link.incidentId}`,
      person: { id: person.userId, name: person.name },
      acknowledged: meta.acknowledgedAt === null ? null : { at: meta.acknowledgedAt, by: meta.acknowledgedBy?.name ?? null },
      expiresAt: link.expiresAt,
    };
    res.json(body);
  });

  router.post('/page-links/ack', async (req, res) => {
    const token = tokenOf(req);
    const body = await services.state.atomically(async (): Promise<PageLinkAcknowledged> => {
      const link = await deps.links.use(token, deps.now());
      if ('refused' in link) throw REFUSED[link.refused];
      const person = await personOf(link);
      if (link.incidentId === null) return acknowledgeWithoutRoom(link, person);
      const { acknowledgedAt } = (await executeCommand({ type: 'acknowledge', incidentId: link.incidentId }, person, services)) as { acknowledgedAt: number };
      const meta = readMeta(await services.state.read(link.incidentId));
      const by = meta?.acknowledgedBy ?? null;
      return {
        incidentId: link.incidentId,
        pageId: link.pageId,
        acknowledgedAt,
        byYou: by?.id === person.userId && meta?.acknowledgedAt === acknowledgedAt,
        acknowledgedBy: by?.name ?? null,
        roomUrl: `${deps.publicUrl}/incidents/${link.incidentId}`,
      };
    });
    res.json(body);
  });

  return router;
}
