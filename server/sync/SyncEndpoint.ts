/**
 * The Yjs sync endpoint at /yjs/<documentName>. Authentication and access are decided at the
 * upgrade; a refused client still gets a websocket that closes at once with a code and a
 * reason, because a browser cannot read the status of a refused upgrade.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import type { Principal } from '../../shared/access.ts';
import { canWriteResponderDocs } from '../../shared/access.ts';
import { CloseCode } from '../../shared/closeCodes.ts';
import { parseDocName, stateDocName } from '../../shared/documents.ts';
import { isIncidentId } from '../../shared/incident.ts';
import { readMeta, stateMaps } from '../../shared/stateDoc.ts';
import type { Authenticator } from '../auth/authenticator.ts';
import { authenticateRequest } from '../auth/authenticateRequest.ts';
import { offeredProtocols } from '../auth/credentials.ts';
import type { Incidents } from '../storage/incidents.ts';
import type { AuditTrail } from '../storage/audit.ts';
import type { Logger } from '../logger.ts';
import type { ServerLimits } from '../config.ts';
import { AddressLimiter } from './AddressLimiter.ts';
import { RoomLimitReached } from './RoomRegistry.ts';
import type { RoomRegistry } from './RoomRegistry.ts';
import { Connection } from './Connection.ts';
import type { Room } from './Room.ts';

export const SYNC_PATH_PREFIX = '/yjs/';

export interface SyncEndpointDeps {
  auth: Authenticator;
  incidents: Incidents;
  registry: RoomRegistry;
  audit: AuditTrail;
  logger: Logger;
  now: () => number;
  allowedOrigins: readonly string[];
  maxMessageBytes: number;
  limits: ServerLimits;
  /** Records a responder as a participant of the incident when they first connect. */
  onParticipant: (incidentId: string, principal: Principal) => Promise<void>;
}

type Admission = { principal: Principal; docName: string; readOnly: boolean } | { code: number; reason: string };

export class SyncEndpoint {
  private readonly wss: WebSocketServer;
  private readonly addresses: AddressLimiter;

  constructor(private readonly deps: SyncEndpointDeps) {
    this.addresses = new AddressLimiter(deps.limits.connectionsPerAddress);
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
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (!url.pathname.startsWith(SYNC_PATH_PREFIX)) return;
      socket.on('error', () => socket.destroy());
      this.wss.handleUpgrade(req, socket, head, (ws) => void this.onSocket(ws, req, url));
    });
  }

  /** Closes every live connection authenticated by a token, e.g. when it is revoked. */
  closeToken(tokenId: string, reason: string): number {
    let closed = 0;
    for (const room of this.deps.registry.all()) {
      for (const c of [...room.connections]) {
        if (c.principal.tokenId === tokenId) {
          c.close(CloseCode.unauthorized, reason);
          closed++;
        }
      }
    }
    return closed;
  }

  close(): void {
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
  }

  private async onSocket(ws: WebSocket, req: IncomingMessage, url: URL): Promise<void> {
    ws.on('error', (error) => this.deps.logger.debug({ err: error }, 'sync socket error'));
    const address = req.socket.remoteAddress ?? 'unknown';
    if (!this.addresses.acquire(address)) {
      ws.close(CloseCode.rateLimited, 'too many connections from this address');
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
        ws.close(admission.code, admission.reason);
        return null;
      }
      // On a cluster, what this client saw through another node must be here before it syncs.
      room = await this.deps.registry.upToDate(admission.docName);
    } catch (error) {
      // Loading a document is the one fallible step here; it must cost this socket, not the process.
      if (error instanceof RoomLimitReached) {
        ws.close(CloseCode.tryAgainLater, 'too many documents open on this server');
        return null;
      }
      this.deps.logger.error({ err: error, path: url.pathname }, 'could not load document');
      ws.close(CloseCode.internalError, 'could not load the document');
      return null;
    }
    if (ws.readyState !== ws.OPEN) return null;
    const connection = new Connection(ws, room, admission.principal, admission.readOnly, {
      audit: this.deps.audit,
      logger: this.deps.logger,
      now: this.deps.now,
      limits: this.deps.limits,
      onStorageFailure: (r, error) => this.deps.registry.drop(r, error),
    });
    connection.start();
    return { room, principal: admission.principal, readOnly: admission.readOnly };
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
      if (denied) await this.deps.audit.record({ at: this.deps.now(), userId: null, action: 'sync.origin-denied', target: docName, detail: result.error });
      return { code: denied ? CloseCode.forbidden : CloseCode.unauthorized, reason: result.error };
    }
    const principal = result.principal;
    const { incidentId, kind } = parseDocName(docName);
    if (!isIncidentId(incidentId) || !(await this.deps.incidents.exists(incidentId))) {
      return { code: CloseCode.unknownDocument, reason: `no incident ${incidentId}` };
    }
    if (principal.incidentId !== null && principal.incidentId !== incidentId) {
      return { code: CloseCode.forbidden, reason: 'this token is for another incident' };
    }
    if (kind === 'state') return { principal, docName, readOnly: true };
    if (canWriteResponderDocs(principal.access)) return { principal, docName, readOnly: false };
    const meta = readMeta(stateMaps((await this.deps.registry.get(stateDocName(incidentId))).doc));
    if (meta?.hideTranscript) return { code: CloseCode.forbidden, reason: 'the transcript of this incident is not shared' };
    return { principal, docName, readOnly: true };
  }
}
