/**
 * One websocket on one room. Dispatches y-websocket messages by type and access level:
 * a read-only connection may ask for state and receive updates, and its presence is relayed
 * only after the server has vetted it; anything it tries to write is dropped and audited.
 * Any malformed message closes this connection alone, with a reason. What one connection holds
 * is bounded (issue 11): requests for state are rate-limited, and a client that stops reading is
 * closed once MAX_SEND_BUFFER_BYTES wait for it, instead of the server queueing replies forever.
 */
import type { RawData, WebSocket } from 'ws';
import * as decoding from 'lib0/decoding';
import type { Principal } from '../../shared/access.ts';
import { CloseCode } from '../../shared/closeCodes.ts';
import type { AuditRecorder } from '../audit/AuditRecorder.ts';
import type { Logger } from '../logger.ts';
import type { ServerLimits } from '../config.ts';
import { RateLimiter } from './RateLimiter.ts';
import { encodeSyncStep1, isEmptyUpdate, MessageType, MissingChanges, ProtocolViolation, SyncStep } from './messages.ts';
import type { Room } from './Room.ts';
import type { ServerMetrics } from '../metrics/ServerMetrics.ts';

export interface ConnectionDeps {
  audit: AuditRecorder;
  logger: Logger;
  now: () => number;
  limits: Pick<ServerLimits, 'updatesPerSecond' | 'awarenessPerSecond' | 'stateRequestsPerSecond' | 'sendBufferBytes'>;
  /** Called when this connection is closed because its client stopped reading. */
  onSendBufferFull: (connection: Connection) => void;
  metrics: Pick<ServerMetrics, 'closed'>;
}

/**
 * How long a connection closed for a full send buffer may still try to deliver its close frame,
 * behind everything queued, before its socket is destroyed and that memory is freed.
 */
const SEND_BUFFER_CLOSE_GRACE_MS = 1000;

export class Connection {
  private closed = false;
  /** Whether the client has answered the server's sync step 1: from then on it holds nothing the server lacks. */
  private handshaken = false;
  private readonly updateRate: RateLimiter;
  private readonly awarenessRate: RateLimiter;
  /** Sync step 1 and awareness queries: each is answered with the whole document or presence. */
  private readonly stateRequestRate: RateLimiter;

  constructor(
    private readonly ws: WebSocket,
    readonly room: Room,
    readonly principal: Principal,
    readonly readOnly: boolean,
    private readonly deps: ConnectionDeps,
  ) {
    this.updateRate = new RateLimiter(deps.limits.updatesPerSecond, 5, deps.now);
    this.awarenessRate = new RateLimiter(deps.limits.awarenessPerSecond, 3, deps.now);
    this.stateRequestRate = new RateLimiter(deps.limits.stateRequestsPerSecond, 5, deps.now);
  }

  start(): void {
    this.room.add(this);
    this.ws.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    this.ws.on('close', () => this.onClose());
    this.send(encodeSyncStep1(this.room.doc));
    if (this.room.presence.size > 0) this.send(this.room.presence.message());
  }

  send(message: Uint8Array): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    // Checked before sending, so one reply larger than the limit (a big document) still goes.
    if (this.ws.bufferedAmount > this.deps.limits.sendBufferBytes) {
      this.closeForFullSendBuffer();
      return;
    }
    this.ws.send(message);
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.deps.metrics.closed(code);
    this.ws.close(code, reason);
    this.room.remove(this);
  }

  private closeForFullSendBuffer(): void {
    this.close(CloseCode.sendBufferFull, 'too much unread data queued for this connection');
    // A client that does not read will not read the close frame either.
    setTimeout(() => this.ws.terminate(), SEND_BUFFER_CLOSE_GRACE_MS).unref();
    this.deps.onSendBufferFull(this);
  }

  private onClose(): void {
    this.closed = true;
    this.room.remove(this);
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    if (this.closed) return;
    if (!isBinary) {
      this.close(CloseCode.unsupportedData, 'text frames are not part of the protocol');
      return;
    }
    const message = Array.isArray(data) ? new Uint8Array(Buffer.concat(data)) : new Uint8Array(data as ArrayBuffer);
    try {
      this.dispatch(message);
    } catch (error) {
      if (error instanceof ProtocolViolation) {
        this.deps.logger.debug({ user: this.principal.userId, doc: this.room.name, reason: error.message }, 'closing connection');
        if (error.closeCode === CloseCode.forbidden) this.audit('sync.write-denied', error.message);
        this.close(error.closeCode, error.message);
      } else if (error instanceof RoomFailure) {
        this.room.fail(error.cause);
      } else {
        // lib0 throws plain errors on truncated or malformed input: the sender's fault.
        this.close(CloseCode.badMessage, 'malformed message');
      }
    }
  }

  private dispatch(message: Uint8Array): void {
    const decoder = decoding.createDecoder(message);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MessageType.sync:
        return this.onSync(decoder);
      case MessageType.awareness:
        return this.onAwareness(decoding.readVarUint8Array(decoder));
      case MessageType.queryAwareness:
        this.takeStateRequest();
        return this.send(this.room.presence.message());
      default:
        throw new ProtocolViolation(CloseCode.badMessage, `unknown message type ${type}`);
    }
  }

  private onSync(decoder: decoding.Decoder): void {
    const step = decoding.readVarUint(decoder);
    if (step === SyncStep.step1) {
      const stateVector = decoding.readVarUint8Array(decoder);
      this.takeStateRequest();
      // Answered from memory only once memory holds nothing unstored.
      this.room.whenStored(() => this.send(this.room.syncStep2(stateVector)));
      return;
    }
    if (step !== SyncStep.step2 && step !== SyncStep.update) {
      throw new ProtocolViolation(CloseCode.badMessage, `unknown sync message ${step}`);
    }
    const update = decoding.readVarUint8Array(decoder);
    if (step === SyncStep.step2) this.handshaken = true;
    if (this.readOnly) {
      // A stock read-only client sends an empty step 2 as part of the handshake: not an attempt.
      if (!isEmptyUpdate(update)) this.audit('sync.write-denied', `read-only connection sent a ${update.length}-byte update`);
      return;
    }
    if (!this.updateRate.take()) throw new ProtocolViolation(CloseCode.rateLimited, 'too many updates per second');
    try {
      this.room.applyClientUpdate(update, this);
    } catch (error) {
      // Its step 2, on its way, carries what this update builds on, and this update with it.
      if (error instanceof MissingChanges && !this.handshaken) return;
      if (error instanceof ProtocolViolation) throw error;
      // Anything else may have left the document half-applied: the room must be dropped.
      throw new RoomFailure(error);
    }
  }

  /** Over the rate the connection is closed, not the request dropped: a dropped step 1 would leave a stock client waiting unsynced. */
  private takeStateRequest(): void {
    if (!this.stateRequestRate.take()) throw new ProtocolViolation(CloseCode.rateLimited, 'too many state requests per second');
  }

  private onAwareness(update: Uint8Array): void {
    // Presence is decoration: over the rate it is dropped, and the next one carries the latest state.
    if (!this.awarenessRate.take()) return;
    this.room.presence.announce(this, update);
  }

  private audit(action: string, detail: string): void {
    void this.deps.audit.record({ at: this.deps.now(), userId: this.principal.userId, action, target: this.room.name, detail });
  }
}

class RoomFailure extends Error {
  constructor(override readonly cause: unknown) {
    super('room failure');
  }
}
