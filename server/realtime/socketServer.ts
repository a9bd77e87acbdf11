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
}

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
    this.io.use((socket, next) => {
      const req = socket.request;
      const url = new URL(req.url ?? '/', 'http://localhost');
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      if (typeof token === 'string') req.headers.authorization = `Bearer ${token}`;
      const result = authenticateRequest(req, url, deps.auth, deps.allowedOrigins, deps.now());
      if ('error' in result) return next(new Error(result.error));
      socket.data.principal = result.principal;
      next();
    });
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

  /** Disconnects sockets authenticated by a revoked token. */
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
      reply(this.safely(() => runCommand(command, principal, this.deps.services)));
    });
    socket.on('lobby:watch', (reply) => {
      if (typeof reply !== 'function') return;
      if (principal.incidentId === null) void socket.join(LOBBY);
      const all = this.deps.services.incidents.list();
      const visible = principal.incidentId === null ? all : all.filter((i) => i.id === principal.incidentId);
      reply({ ok: true, data: visible });
    });
  }

  private safely(fn: () => CommandReply): CommandReply {
    try {
      return fn();
    } catch (error) {
      this.deps.logger.error({ err: error }, 'command failed');
      return { ok: false, error: { code: 'internal', message: 'internal error' } };
    }
  }
}
