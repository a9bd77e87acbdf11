/**
 * The Yjs sync endpoint at /yjs/<documentName>. Authentication and access are decided at the
 * upgrade; a refused client still gets a websocket that closes at once with a code and a
 * reason, because a browser cannot read the status of a refused upgrade.
 *
 * This endpoint also answers the upgrades nobody serves, since socket.io leaves them alone: a
 * target that does not parse gets 400 and any path but ours and socket.io's gets 404, at once,
 * and the socket is closed (issue 11: they hung open, uncounted). They are not counted against
 * MAX_CONNECTIONS_PER_ADDRESS: they hold nothing once answered.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import type { Principal } from '../../shared/access.ts';
import { canWriteResponderDocs } from '../../shared/access.ts';
import { CloseCode } from '../../shared/closeCodes.ts';
import { parseDocName, stateDocName } from '../../shared/documents.ts';
import { unknownIncidentMessage } from '../../shared/incident.ts';
import { postmortemMaps, readReview } from '../../shared/postmortem.ts';
import { canSeeIncident } from '../commands/visibleIncident.ts';
import { readMeta, stateMaps } from '../../shared/stateDoc.ts';
import type { Authenticator } from '../auth/authenticator.ts';
import { authenticateRequest } from '../auth/authenticateRequest.ts';
import { offeredProtocols } from '../auth/credentials.ts';
import type { Incidents } from '../storage/incidents.ts';
import type { AuditRecorder } from '../audit/AuditRecorder.ts';
import type { LiveCredentials } from '../auth/LiveCredentials.ts';
import type { Logger } from '../logger.ts';
import type { ServerLimits } from '../config.ts';
import { requestTarget } from '../http/requestTarget.ts';
import { SOCKET_IO_PATH } from '../realtime/socketServer.ts';
import { ThrottledLog } from '../throttledLog.ts';
import { AddressLimiter } from './AddressLimiter.ts';
import { RoomLimitReached } from './RoomRegistry.ts';
import type { RoomRegistry } from './RoomRegistry.ts';
import { Connection } from './Connection.ts';
import type { Room } from './Room.ts';
import type { ServerMetrics } from '../metrics/ServerMetrics.ts';

export const SYNC_PATH_PREFIX = '/yjs/';

export interface SyncEndpointDeps {
  auth: Authenticator;
  incidents: Incidents;
  registry: RoomRegistry;
  audit: AuditRecorder;
  /** Where live connections are tracked, so a credential's expiry or revocation closes them. */
  live: LiveCredentials;
  logger: Logger;
  now: () => number;
  allowedOrigins: readonly string[];
  maxMessageBytes: number;
  /** How often each socket is pinged; one that missed the previous ping is closed. */
  pingIntervalMs: number;
  limits: ServerLimits;
  /** Records a responder as a participant of the incident when they first connect. */
  onParticipant: (incidentId: string, principal: Principal) => Promise<void>;
  metrics: Pick<ServerMetrics, 'admissionRefused' | 'refused' | 'slowClientClosed' | 'closed'>;
}

type Admission = { principal: Principal; docName: string; readOnly: boolean } | { code: number; reason: string };

export class SyncEndpoint {
  private readonly wss: WebSocketServer;
  private readonly addresses: AddressLimiter;
  private readonly failures: ThrottledLog;
  /** Connections closed because their client stopped reading (a metric to expose). */
  sendBufferOverflows = 0;

  private readonly unanswered = new WeakSet<WebSocket>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(private readonly deps: SyncEndpointDeps) {
    this.heartbeat = setInterval(() => this.checkAlive(), deps.pingIntervalMs);
    this.heartbeat.unref();
    this.addresses = new AddressLimiter(deps.limits.connectionsPerAddress);
    this.failures = new ThrottledLog(deps.logger, 10, deps.now);
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: deps.maxMessageBytes,
      perMessageDeflate: false,
      // Echo the subprotocol that carried the token, as browsers require an offered one back.
      handleProtocols: (protocols) => protocols.values().next().value ?? false,
    });
  }

  attach(server: Server): void {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      socket.on('error', () => socket.destroy());
      try {
        this.route(req, socket, head);
      } catch (error) {
        this.failures.warn({ err: error }, 'could not handle an upgrade');
        this.deps.metrics.refused('upgrade', 'internal');
        refuseUpgrade(socket, 500, 'Internal Server Error');
      }
    });
  }

  private route(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = requestTarget(req.url);
    if (!url) {
      this.deps.metrics.refused('upgrade', 'invalid');
      return refuseUpgrade(socket, 400, 'Bad Request');
    }
    if (url.pathname.startsWith(SYNC_PATH_PREFIX)) {
      this.wss.handleUpgrade(req, socket, head, (ws) => {
        this.onSocket(ws, req, url).catch((error: unknown) => {
          this.failures.warn({ err: error, path: url.pathname }, 'sync connection failed');
          ws.terminate();
        });
      });
      return;
    }
    // socket.io's own listener takes these, by the same test engine.io makes on the raw target.
    if (req.url!.startsWith(`${SOCKET_IO_PATH}/`)) return;
    this.deps.metrics.refused('upgrade', 'not_found');
    refuseUpgrade(socket, 404, 'Not Found');
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
  }

  /**
   * A socket whose peer vanished (a laptop shut, a network gone) closes only when TCP gives up,
   * minutes later, and until then its person shows as present and holding their roles. Each
   * socket is pinged every PING_INTERVAL_MS; one that has not answered the previous ping is
   * terminated, so a vanished peer is noticed within two intervals (issue 12: it took ~26 s).
   */
  private checkAlive(): void {
    for (const ws of this.wss.clients) {
      if (this.unanswered.has(ws)) {
        ws.terminate();
        continue;
      }
      this.unanswered.add(ws);
      ws.ping();
    }
  }

  private async onSocket(ws: WebSocket, req: IncomingMessage, url: URL): Promise<void> {
    ws.on('error', (error) => this.deps.logger.debug({ err: error }, 'sync socket error'));
    ws.on('pong', () => this.unanswered.delete(ws));
    const address = req.socket.remoteAddress ?? 'unknown';
    if (!this.addresses.acquire(address)) {
      this.refuse(ws, CloseCode.rateLimited, 'too many connections from this address');
      return;
    }
    ws.once('close', () => this.addresses.release(address));
    // A client speaks as soon as the socket opens: read nothing until it is admitted and its
    // room is ready (what it sends meanwhile waits in the socket, with TCP's backpressure).
    ws.pause();
    let admitted: { room: Room; principal: Principal; readOnly: boolean } | null;
    try {
      admitted = await this.admitToRoom(ws, req, url);
    } finally {
      ws.resume();
    }
    if (!admitted || admitted.readOnly) return;
    const { room, principal } = admitted;
    // Only the name shown beside their writing depends on this; the connection itself is fine.
    this.deps.onParticipant(room.incidentId, principal).catch((error) =>
      this.deps.logger.warn({ err: error, doc: room.name }, 'could not record participant'),
    );
  }

  /** Admits the socket to its room and starts its connection, or closes it with the reason. */
  private async admitToRoom(ws: WebSocket, req: IncomingMessage, url: URL): Promise<{ room: Room; principal: Principal; readOnly: boolean } | null> {
    let admission: Admission;
    let room: Room;
    try {
      admission = await this.admit(req, url);
      if ('code' in admission) {
        this.refuse(ws, admission.code, admission.reason);
        return null;
      }
      // On a cluster, what this client saw through another node must be here before it syncs.
      room = await this.deps.registry.upToDate(admission.docName);
    } catch (error) {
      // Loading a document is the one fallible step here; it must cost this socket, not the process.
      if (error instanceof RoomLimitReached) {
        this.refuse(ws, CloseCode.tryAgainLater, 'too many documents open on this server');
        return null;
      }
      this.deps.logger.error({ err: error, path: url.pathname }, 'could not load document');
      this.refuse(ws, CloseCode.internalError, 'could not load the document');
      return null;
    }
    if (ws.readyState !== ws.OPEN) return null;
    const connection = new Connection(ws, room, admission.principal, admission.readOnly, {
      audit: this.deps.audit,
      logger: this.deps.logger,
      now: this.deps.now,
      limits: this.deps.limits,
      metrics: this.deps.metrics,
      onSendBufferFull: (c) => {
        this.sendBufferOverflows++;
        this.deps.metrics.slowClientClosed();
        this.failures.warn({ user: c.principal.userId, doc: c.room.name }, 'closed a connection that stopped reading');
      },
    });
    connection.start();
    const untrack = this.deps.live.add({ principal: admission.principal, end: (reason) => connection.close(CloseCode.unauthorized, reason) });
    ws.once('close', untrack);
    return { room, principal: admission.principal, readOnly: admission.readOnly };
  }

  private refuse(ws: WebSocket, code: number, reason: string): void {
    this.deps.metrics.admissionRefused(code);
    ws.close(code, reason);
  }

  private async admit(req: IncomingMessage, url: URL): Promise<Admission> {
    let docName: string;
    try {
      docName = decodeURIComponent(url.pathname.slice(SYNC_PATH_PREFIX.length));
    } catch {
      return { code: CloseCode.badMessage, reason: 'malformed document name' };
    }
    const result = await authenticateRequest(req, url, this.deps.auth, this.deps.allowedOrigins, this.deps.now());
    if ('error' in result) {
      const denied = result.error.startsWith('origin');
      if (denied) {
        const source = req.socket.remoteAddress ?? 'unknown';
        await this.deps.audit.record({ at: this.deps.now(), userId: null, source, action: 'sync.origin-denied', target: docName, detail: result.error });
      }
      return { code: denied ? CloseCode.forbidden : CloseCode.unauthorized, reason: result.error };
    }
    const principal = result.principal;
    const { incidentId, kind } = parseDocName(docName);
    // A private incident the principal is not in closes exactly as one that does not exist (issue 13).
    if (!(await canSeeIncident(principal, incidentId, this.deps.incidents))) {
      return { code: CloseCode.unknownDocument, reason: unknownIncidentMessage(incidentId) };
    }
    if (principal.incidentId !== null && principal.incidentId !== incidentId) {
      return { code: CloseCode.forbidden, reason: 'this token is for another incident' };
    }
    if (kind === 'state') return { principal, docName, readOnly: true };
    if (kind === 'postmortem') return this.admitToPostmortem(principal, docName);
    if (canWriteResponderDocs(principal.access)) return { principal, docName, readOnly: false };
    const meta = readMeta(stateMaps((await this.deps.registry.get(stateDocName(incidentId))).doc));
    if (meta?.hideTranscript) return { code: CloseCode.forbidden, reason: 'the transcript of this incident is not shared' };
    return { principal, docName, readOnly: true };
  }

  /** Responders co-edit it until it is published; stakeholders (links included) never see it (issue 20). */
  private async admitToPostmortem(principal: Principal, docName: string): Promise<Admission> {
    if (!canWriteResponderDocs(principal.access)) return { code: CloseCode.forbidden, reason: 'stakeholders do not see the postmortem' };
    const published = readReview(postmortemMaps((await this.deps.registry.get(docName)).doc)).state === 'published';
    return { principal, docName, readOnly: published };
  }
}

/** Answers an upgrade on the raw socket, as HTTP, and closes it. */
function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  // Destroyed once written: an HTTP server keeps a socket half-open while the peer does.
  if (socket.writable) socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`, () => socket.destroy());
  else socket.destroy();
}
