/**
 * socket.io carries intent and notifications: commands with acknowledgements, and the live
 * lobby. Sockets authenticate at the handshake like every other transport; a browser
 * handshake from a foreign origin is refused before any event is read.
 */
import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/api.ts';
import type { Principal } from '../../shared/access.ts';
import type { CommandReply } from '../../shared/commands.ts';
import type { IncidentSummary } from '../../shared/incident.ts';
import type { Authenticator } from '../auth/authenticator.ts';
import { authenticateRequest } from '../auth/authenticateRequest.ts';
import { isAllowedOrigin } from '../auth/origin.ts';
import type { CommandServices } from '../commands/context.ts';
import { runCommand } from '../commands/runCommand.ts';
import type { Logger } from '../logger.ts';
import type { Notifier } from '../lifecycle/IncidentLifecycle.ts';
import type { createAdapter } from '@socket.io/redis-adapter';

type IoServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, { principal: Principal }>;
type IoSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, { principal: Principal }>;

const LOBBY = 'lobby';
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
}

/** What one node tells the others about connections they may hold. */
export type PeerMessage = { type: 'token.revoked'; tokenId: string } | { type: 'transcript.hidden'; incidentId: string };

const PEER_EVENT = 'peer';

export class SocketServer implements Notifier {
  private readonly io: IoServer;

  constructor(server: HttpServer, private readonly deps: SocketServerDeps) {
    this.io = new Server(server, {
      path: '/socket.io',
      serveClient: false,
      maxHttpBufferSize: deps.maxBodyBytes,
      // The sync endpoint shares this HTTP server; its upgrades must not be destroyed here.
      destroyUpgrade: false,
      allowRequest: (req, callback) => {
        const origin = req.headers.origin;
        callback(null, origin === undefined || isAllowedOrigin(origin, req.headers.host, deps.allowedOrigins));
      },
    });
    if (deps.adapter) this.io.adapter(deps.adapter);
    this.io.use((socket, next) => {
      const req = socket.request;
      const url = new URL(req.url ?? '/', 'http://localhost');
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      if (typeof token === 'string') req.headers.authorization = `Bearer ${token}`;
      authenticateRequest(req, url, deps.auth, deps.allowedOrigins, deps.now()).then(
        (result) => {
          if ('error' in result) return next(new Error(result.error));
          socket.data.principal = result.principal;
          next();
        },
        (error: unknown) => {
          deps.logger.error({ err: error }, 'socket authentication failed');
          next(new Error('internal error'));
        },
      );
    });
    this.io.on(PEER_EVENT, (message: PeerMessage) => this.deps.onPeerMessage(message));
    this.io.on('connection', (socket) => this.onConnection(socket));
  }

  /** Tells everyone watching the lobby that an incident changed. */
  publishIncident(summary: IncidentSummary): void {
    this.io.to(LOBBY).emit('lobby:incident', summary);
  }

  page(userId: string, page: Parameters<Notifier['page']>[1]): void {
    this.io.to(userRoom(userId)).emit('page', page);
  }

  reminder(userId: string, reminder: Parameters<Notifier['reminder']>[1]): void {
    this.io.to(userRoom(userId)).emit('reminder', reminder);
  }

  /** Tells the other server nodes (through the adapter); a single node has none. */
  tellPeers(message: PeerMessage): void {
    this.io.serverSideEmit(PEER_EVENT, message);
  }

  /** Disconnects this node's sockets authenticated by a revoked token. */
  closeToken(tokenId: string, reason: string): number {
    let closed = 0;
    for (const socket of this.io.sockets.sockets.values()) {
      if (socket.data.principal?.tokenId === tokenId) {
        socket.emit('access:revoked', reason);
        socket.disconnect(true);
        closed++;
      }
    }
    return closed;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.io.close(() => resolve()));
  }

  private onConnection(socket: IoSocket): void {
    const principal = socket.data.principal;
    // Pages and reminders are addressed to a person, wherever they have the room open.
    if (principal.access !== 'stakeholder') void socket.join(userRoom(principal.userId));
    socket.on('command', (command, reply) => {
      if (typeof reply !== 'function') return;
      void this.safely(() => runCommand(command, principal, this.deps.services)).then(reply);
    });
    socket.on('lobby:watch', (reply) => {
      if (typeof reply !== 'function') return;
      if (principal.incidentId === null) void socket.join(LOBBY);
      void this.safely(async (): Promise<CommandReply<IncidentSummary[]>> => {
        const all = await this.deps.services.incidents.list();
        const visible = principal.incidentId === null ? all : all.filter((i) => i.id === principal.incidentId);
        return { ok: true, data: visible };
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
