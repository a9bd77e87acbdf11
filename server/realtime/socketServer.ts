/**
 * socket.io carries intent and notifications: commands with acknowledgements, and the live
 * lobby. Sockets authenticate at the handshake like every other transport; a browser
 * handshake from a foreign origin is refused before any event is read.
 */
import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { Socket } from 'socket.io';
import type { ClientToServerEvents, RoleTakenNotice, ServerToClientEvents } from '../../shared/api.ts';
import type { Principal } from '../../shared/access.ts';
import { organisationRefusal, seesEveryIncident } from '../../shared/access.ts';
import type { CommandReply } from '../../shared/commands.ts';
import type { IncidentSummary } from '../../shared/incident.ts';
import type { Authenticator } from '../auth/authenticator.ts';
import { authenticateRequest } from '../auth/authenticateRequest.ts';
import { isAllowedOrigin } from '../auth/origin.ts';
import type { CommandServices } from '../commands/context.ts';
import { runCommand } from '../commands/runCommand.ts';
import type { Logger } from '../logger.ts';
import type { LiveCredentials } from '../auth/LiveCredentials.ts';
import { requestTarget } from '../http/requestTarget.ts';
import { ThrottledLog } from '../throttledLog.ts';
import type { Notifier } from '../lifecycle/IncidentLifecycle.ts';
import type { RoomlessNotifier } from '../roomlessPages/RoomlessPaging.ts';
import type { RoomlessPageView } from '../../shared/pages.ts';
import type { createAdapter } from '@socket.io/redis-adapter';
import type { ServerMetrics } from '../metrics/ServerMetrics.ts';
import type { LobbyAudience } from '../state/IncidentStateWriter.ts';
import { canSeeIncident, visibleIncidents } from '../commands/visibleIncident.ts';

/** What server nodes say to each other through the adapter. */
interface PeerEvents {
  peer: (message: PeerMessage) => void;
  /** Each other node answers how many stakeholder tabs it serves per link of the incident. */
  viewers: (incidentId: string, reply: (counts: Record<string, number>) => void) => void;
}

type IoServer = Server<ClientToServerEvents, ServerToClientEvents, PeerEvents, { principal: Principal }>;
type IoSocket = Socket<ClientToServerEvents, ServerToClientEvents, PeerEvents, { principal: Principal }>;


/**
 * The lobby's rooms (issue 13). A public incident's changes go to LOBBY; a private one's only to
 * its members' lobby rooms and to admins', one emit to a handful of rooms whatever the number of
 * watchers, relayed to every node by the adapter. Only sockets watching the lobby join them.
 */
const LOBBY = 'lobby';
const LOBBY_ADMINS = 'lobby:admins';
const lobbyOf = (userId: string) => `lobby:user:${userId}`;
const userRoom = (userId: string) => `user:${userId}`;

export interface SocketServerDeps {
  auth: Authenticator;
  services: CommandServices;
  logger: Logger;
  now: () => number;
  allowedOrigins: readonly string[];
  maxBodyBytes: number;
  /** socket.io's Redis adapter on a cluster, so events reach sockets on every node. */
  adapter: ReturnType<typeof createAdapter> | null;
  onPeerMessage: (message: PeerMessage) => void;
  /** Where live connections are tracked, so a credential's expiry or revocation closes them. */
  live: LiveCredentials;
  /** Stakeholder tabs this node serves per link (token id) of an incident. */
  viewersHere: (incidentId: string) => Record<string, number>;
  metrics: Pick<ServerMetrics, 'refused'>;
}

/** What one node tells the others about connections they may hold. */
export type PeerMessage =
  | { type: 'token.revoked'; tokenId: string }
  | { type: 'session.revoked'; sessionId: string }
  | { type: 'user.deactivated'; userId: string }
  | { type: 'transcript.hidden'; incidentId: string }
  /** Fewer people may see the incident now (issue 13): close the live connections of the others. */
  | { type: 'audience.narrowed'; incidentId: string };


/** Where socket.io is served; upgrades to any other path but the sync endpoint's are answered 404. */
export const SOCKET_IO_PATH = '/socket.io';

export class SocketServer implements Notifier, RoomlessNotifier {
  private readonly io: IoServer;

  constructor(server: HttpServer, private readonly deps: SocketServerDeps) {
    this.io = new Server(server, {
      path: SOCKET_IO_PATH,
      serveClient: false,
      maxHttpBufferSize: deps.maxBodyBytes,
      // The sync endpoint shares this HTTP server; its upgrades must not be destroyed here.
      destroyUpgrade: false,
      allowRequest: (req, callback) => {
        const origin = req.headers.origin;
        const allowed = origin === undefined || isAllowedOrigin(origin, req.headers.host, deps.allowedOrigins);
        if (!allowed) deps.metrics.refused('socketio', 'forbidden');
        callback(null, allowed);
      },
    });
    if (deps.adapter) this.io.adapter(deps.adapter);
    const failures = new ThrottledLog(deps.logger, 10, deps.now);
    // Everything here is the sender's: a throw or a rejection escaping this middleware stopped
    // the process (issue 11, a cookie `ir_session=%`). Each failure is a connect_error instead.
    this.io.use((socket, next) => {
      this.authenticate(socket).then(
        (refusal) => next(refusal ?? undefined),
        (error: unknown) => {
          failures.warn({ err: error }, 'socket authentication failed');
          deps.metrics.refused('socketio', 'internal');
          next(new Error('internal error'));
        },
      );
    });
    this.io.on('peer', (message) => this.deps.onPeerMessage(message));
    this.io.on('viewers', (incidentId, reply) => {
      if (typeof incidentId === 'string' && typeof reply === 'function') reply(this.deps.viewersHere(incidentId));
    });
    this.io.on('connection', (socket) => this.onConnection(socket));
  }

  /** Tells everyone watching the lobby who may see it that an incident changed. */
  publishIncident(summary: IncidentSummary, audience: LobbyAudience): void {
    const rooms = audience === null ? [LOBBY] : [LOBBY_ADMINS, ...audience.map(lobbyOf)];
    this.io.to(rooms).emit('lobby:incident', summary);
  }

  /**
   * Takes an incident off the lobbies of everyone who may no longer see it (it became private,
   * or a member left), on every node; its members and admins keep it.
   */
  removeFromLobby(incidentId: string, members: readonly string[]): void {
    this.io.to(LOBBY).except([LOBBY_ADMINS, ...members.map(lobbyOf)]).emit('lobby:removed', incidentId);
  }

  page(userId: string, page: Parameters<Notifier['page']>[1]): void {
    this.io.to(userRoom(userId)).emit('page', page);
  }

  roomlessPage(userId: string, page: RoomlessPageView): void {
    this.io.to(userRoom(userId)).emit('roomlessPage', page);
  }

  reminder(userId: string, reminder: Parameters<Notifier['reminder']>[1]): void {
    this.io.to(userRoom(userId)).emit('reminder', reminder);
  }

  roleTaken(userId: string, notice: RoleTakenNotice): void {
    this.io.to(userRoom(userId)).emit('role:taken', notice);
  }

  /** Stakeholder tabs per link of an incident, on every node (those that answer within the adapter's request timeout). */
  async viewers(incidentId: string): Promise<Record<string, number>> {
    const total = this.deps.viewersHere(incidentId);
    if (!this.deps.adapter) return total;
    let answers: Array<Record<string, number>>;
    try {
      answers = await this.io.serverSideEmitWithAck('viewers', incidentId);
    } catch (error) {
      // A node that did not answer in time is left out; the count is a hint, never a decision.
      answers = (error as { responses?: Array<Record<string, number>> }).responses ?? [];
    }
    for (const answer of answers) {
      for (const [tokenId, n] of Object.entries(answer)) if (typeof n === 'number') total[tokenId] = (total[tokenId] ?? 0) + n;
    }
    return total;
  }

  /** Tells the other server nodes (through the adapter); a single node has none. */
  tellPeers(message: PeerMessage): void {
    if (this.deps.adapter) this.io.serverSideEmit('peer', message);
  }

  /** Sockets connected to this node. */
  get connectionCount(): number {
    return this.io.of('/').sockets.size;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.io.close(() => resolve()));
  }

  /** Why the handshake is refused, or null once the socket's principal is set. Async, so a throw is a rejection. */
  private async authenticate(socket: IoSocket): Promise<Error | null> {
    const req = socket.request;
    const url = requestTarget(req.url);
    if (!url) {
      this.deps.metrics.refused('socketio', 'invalid');
      return new Error('malformed request');
    }
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    if (typeof token === 'string') req.headers.authorization = `Bearer ${token}`;
    const result = await authenticateRequest(req, url, this.deps.auth, this.deps.allowedOrigins, this.deps.now());
    if ('error' in result) {
      this.deps.metrics.refused('socketio', result.error.startsWith('origin') ? 'forbidden' : 'unauthorized');
      return new Error(result.error);
    }
    socket.data.principal = result.principal;
    return null;
  }

  private onConnection(socket: IoSocket): void {
    const principal = socket.data.principal;
    const untrack = this.deps.live.add({
      principal,
      end: (reason) => {
        socket.emit('access:revoked', reason);
        socket.disconnect(true);
      },
    });
    socket.once('disconnect', untrack);
    // Pages and reminders are addressed to a person, wherever they have the room open.
    if (principal.access !== 'stakeholder') void socket.join(userRoom(principal.userId));
    socket.on('command', (command, reply) => {
      if (typeof reply !== 'function') return;
      void this.safely(() => runCommand(command, principal, this.deps.services)).then(reply);
    });
    socket.on('lobby:watch', (reply) => {
      if (typeof reply !== 'function') return;
      // The live lobby of every incident is organisation data; a link for one incident sees that one.
      const organisation = organisationRefusal(principal) === null;
      if (organisation) void socket.join([LOBBY, seesEveryIncident(principal) ? LOBBY_ADMINS : lobbyOf(principal.userId)]);
      void this.safely(async (): Promise<CommandReply<IncidentSummary[]>> => {
        const { incidents } = this.deps.services;
        if (organisation) return { ok: true, data: await visibleIncidents(principal, incidents) };
        const own = principal.incidentId !== null && (await canSeeIncident(principal, principal.incidentId, incidents));
        const summary = own ? await incidents.get(principal.incidentId!) : undefined;
        return { ok: true, data: summary ? [summary] : [] };
      }).then(reply);
    });
  }

  private async safely<T>(fn: () => Promise<CommandReply<T>>): Promise<CommandReply<T>> {
    try {
      return await fn();
    } catch (error) {
      this.deps.logger.error({ err: error }, 'command failed');
      return { ok: false, error: { code: 'internal', message: 'internal error' } };
    }
  }
}
