/**
 * Stock clients as bots and browsers run them, one Y.Doc and one socket per client, behind one
 * interface so a scenario drives any server the same way: `y-websocket`'s `WebsocketProvider`
 * for our server and the y-websocket reference (cross-tab broadcast disabled), and
 * `@hocuspocus/provider`'s `HocuspocusProvider` for Hocuspocus, whose protocol prefixes every
 * message with its document's name. `ws` is the WebSocket of both.
 *
 * Two things differ from a browser, both to keep the harness (which shares this 2-core machine
 * with the server) from being what is measured:
 * - Clients are spread over loopback source addresses (127.x.y.z, CLIENTS_PER_ADDRESS each),
 *   as real clients come from many addresses; so a per-address connection limit on the server
 *   is not what a scenario with thousands of clients runs into.
 * - A client that only generates load (the presence scenario's cursors) may be told to count
 *   incoming presence messages and document updates and drop them before its provider decodes
 *   them. 500 browsers each decode everyone's presence and every edit on their own CPU; one
 *   bench process doing that for all of them would measure itself, not the server. Clients
 *   that measure (readers, viewers) always decode everything.
 */
import * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import { HocuspocusProvider, HocuspocusProviderWebsocket, WebSocketStatus } from '@hocuspocus/provider';
import WebSocket from 'ws';

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const SYNC_STEP2 = 1;
const SYNC_UPDATE = 2;
export const CLIENTS_PER_ADDRESS = 100;

/** The wire protocol a server speaks, which decides the client library. */
export type Protocol = 'y-websocket' | 'hocuspocus';

/** Where and how clients reach a server. */
export interface Endpoint {
  /** Base URL: y-websocket clients open `${wsUrl}/<room>`, Hocuspocus clients `wsUrl` and name the room in each message. */
  wsUrl: string;
  protocol: Protocol;
}

let socketsOpened = 0;

function nextLocalAddress(): string {
  const n = Math.floor(socketsOpened++ / CLIENTS_PER_ADDRESS);
  return `127.${1 + (Math.floor(n / 62_500) % 200)}.${1 + (Math.floor(n / 250) % 250)}.${1 + (n % 250)}`;
}

/** What a group of sockets received; plain counters, updated without allocating. */
export interface SocketCounters {
  messages: number;
  bytes: number;
  awarenessMessages: number;
  /** Presence entries (one per client id) inside those messages. */
  awarenessEntries: number;
  /** performance.now() when the first sync step 2 (the server's document) arrived, before the provider applied it; 0 until then. */
  firstStep2At: number;
}

export function newCounters(): SocketCounters {
  return { messages: 0, bytes: 0, awarenessMessages: 0, awarenessEntries: 0, firstStep2At: 0 };
}

export function resetCounters(c: SocketCounters): void {
  c.messages = 0;
  c.bytes = 0;
  c.awarenessMessages = 0;
  c.awarenessEntries = 0;
  c.firstStep2At = 0;
}

/** What a client's socket does with what it receives, before its provider sees it. */
export interface SocketOptions {
  counters?: SocketCounters | null;
  /** Count incoming presence messages, then drop them instead of handing them to the provider. */
  dropAwareness?: boolean;
  /** Drop incoming document updates (not the sync handshake), so the client's doc stays as synced. */
  dropUpdates?: boolean;
}

/** What both providers construct: `new WebSocketPolyfill(url, protocols)`. */
type SocketClass = new (address: string | URL, protocols?: string | string[]) => WebSocket;

const PLAIN: SocketOptions = {};
/** One socket class per options object and protocol, so clients sharing options share a class. */
const socketClasses = new WeakMap<SocketOptions, Map<Protocol, SocketClass>>();

function socketClassFor(protocol: Protocol, options: SocketOptions): SocketClass {
  let byProtocol = socketClasses.get(options);
  if (!byProtocol) socketClasses.set(options, (byProtocol = new Map()));
  let cls = byProtocol.get(protocol);
  if (!cls) byProtocol.set(protocol, (cls = newSocketClass(protocol, options)));
  return cls;
}

/** A `ws` WebSocket subclass that counts (and may drop) what it receives. */
function newSocketClass(protocol: Protocol, options: SocketOptions): SocketClass {
  const counters = options.counters ?? null;
  const dropAwareness = options.dropAwareness ?? false;
  const dropUpdates = options.dropUpdates ?? false;
  const inspect = counters !== null || dropAwareness || dropUpdates;
  const bodyAt = protocol === 'hocuspocus' ? afterDocumentName : () => 0;
  return class BenchSocket extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, { localAddress: nextLocalAddress(), perMessageDeflate: false });
    }

    override emit(event: string | symbol, ...args: unknown[]): boolean {
      if (inspect && event === 'message') {
        const data = args[0];
        const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : (data as Uint8Array);
        const at = bodyAt(bytes);
        if (counters) {
          counters.messages++;
          counters.bytes += bytes.byteLength;
          if (counters.firstStep2At === 0 && bytes[at] === MESSAGE_SYNC && bytes[at + 1] === SYNC_STEP2) counters.firstStep2At = performance.now();
        }
        if (bytes[at] === MESSAGE_AWARENESS) {
          if (counters) {
            counters.awarenessMessages++;
            counters.awarenessEntries += awarenessEntryCount(bytes, at);
          }
          if (dropAwareness) return true;
        } else if (dropUpdates && bytes[at] === MESSAGE_SYNC && bytes[at + 1] === SYNC_UPDATE) {
          return true;
        }
      }
      return super.emit(event, ...args);
    }
  };
}

/** Reads a varuint at `pos`; returns the value and the position after it. */
function readVarUint(bytes: Uint8Array, pos: number): { value: number; next: number } {
  let value = 0;
  let shift = 0;
  while (pos < bytes.length) {
    const b = bytes[pos++]!;
    value += (b & 0x7f) * 2 ** shift;
    if (!(b & 0x80)) break;
    shift += 7;
  }
  return { value, next: pos };
}

/** Hocuspocus messages start with the document's name (a varuint length and UTF-8 bytes). */
function afterDocumentName(bytes: Uint8Array): number {
  const length = readVarUint(bytes, 0);
  return length.next + length.value;
}

/** Reads [type][length][entry count] varuints of an awareness message at `at` without decoding it. */
function awarenessEntryCount(message: Uint8Array, at: number): number {
  const payloadLength = readVarUint(message, at + 1);
  return readVarUint(message, payloadLength.next).value;
}

export interface ClientSpec extends Endpoint {
  room: string;
  params: Record<string, string>;
  socket?: SocketOptions;
  /** No presence of its own (awareness state null), as a passive reader or a bot. */
  silent?: boolean;
}

/** One connected document, whichever provider keeps it in sync. */
export interface BenchClient {
  readonly doc: Y.Doc;
  readonly transcript: Y.Array<Y.Map<unknown>>;
  readonly awareness: Awareness;
  readonly synced: boolean;
  /** Resolves true once synced, false after `timeoutMs`. */
  whenSynced(timeoutMs: number): Promise<boolean>;
  /** Calls `listener` once, when the connection next closes, whoever closed it. */
  onceClosed(listener: () => void): void;
  /** Drops the connection as a network blip would, keeping the document; `connect` resumes it. */
  disconnect(): void;
  connect(): void;
  destroy(): void;
}

/** Creates the client for the spec's protocol, adds it to the pool and connects it. */
export function openClient(spec: ClientSpec, pool: ClientPool): BenchClient {
  const client = spec.protocol === 'hocuspocus' ? new HocuspocusClient(spec, pool) : new YWebsocketClient(spec, pool);
  pool.add(client);
  client.connect();
  return client;
}

abstract class ProviderClient implements BenchClient {
  readonly doc = new Y.Doc();
  readonly transcript = this.doc.getArray<Y.Map<unknown>>('transcript');
  readonly awareness = new Awareness(this.doc);
  private destroyed = false;

  constructor(spec: ClientSpec) {
    // Before a provider listens to it, so a silent client never announces even its absence.
    if (spec.silent) this.awareness.setLocalState(null);
  }

  abstract get synced(): boolean;
  /** Calls `listener` whenever the provider reports the handshake done; returns how to stop. */
  protected abstract onSynced(listener: () => void): () => void;
  abstract onceClosed(listener: () => void): void;
  abstract connect(): void;
  abstract disconnect(): void;
  protected abstract destroyProvider(): void;

  whenSynced(timeoutMs: number): Promise<boolean> {
    if (this.synced) return Promise.resolve(true);
    return new Promise((resolve) => {
      const stop = this.onSynced(() => {
        clearTimeout(timer);
        stop();
        resolve(true);
      });
      const timer = setTimeout(() => {
        stop();
        resolve(false);
      }, timeoutMs);
    });
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.destroyProvider();
    this.doc.destroy();
  }
}

class YWebsocketClient extends ProviderClient {
  readonly provider: WebsocketProvider;

  constructor(spec: ClientSpec, pool: ClientPool) {
    super(spec);
    this.provider = new WebsocketProvider(spec.wsUrl, spec.room, this.doc, {
      connect: false,
      params: spec.params,
      awareness: this.awareness,
      WebSocketPolyfill: socketClassFor('y-websocket', spec.socket ?? PLAIN) as unknown as typeof globalThis.WebSocket,
      disableBc: true,
    });
    this.provider.on('connection-close', (event) => {
      // null when we closed it ourselves (disconnect, destroy)
      if (event) pool.recordClose(event.code, event.reason);
    });
  }

  get synced(): boolean {
    return this.provider.synced;
  }

  protected onSynced(listener: () => void): () => void {
    const onSync = (state: boolean) => {
      if (state) listener();
    };
    this.provider.on('sync', onSync);
    return () => this.provider.off('sync', onSync);
  }

  onceClosed(listener: () => void): void {
    this.provider.once('connection-close', listener);
  }

  connect(): void {
    this.provider.connect();
  }

  disconnect(): void {
    this.provider.disconnect();
  }

  protected destroyProvider(): void {
    this.provider.destroy();
  }
}

/**
 * One HocuspocusProvider on a socket of its own (Hocuspocus can carry several documents on one
 * socket; a browser tab with one incident open has one).
 */
class HocuspocusClient extends ProviderClient {
  readonly provider: HocuspocusProvider;
  private readonly socket: HocuspocusProviderWebsocket;
  /** Set while a close we asked for is under way, so it is not recorded as the server's. */
  private closingOurselves = false;

  constructor(spec: ClientSpec, pool: ClientPool) {
    super(spec);
    this.socket = new HocuspocusProviderWebsocket({ url: spec.wsUrl, WebSocketPolyfill: socketClassFor('hocuspocus', spec.socket ?? PLAIN), autoConnect: false });
    this.provider = new HocuspocusProvider({ websocketProvider: this.socket, name: spec.room, document: this.doc, awareness: this.awareness, token: spec.params.token ?? null });
    this.provider.attach();
    this.socket.on('close', ({ event }: { event: { code: number; reason: string } }) => {
      if (this.closingOurselves) this.closingOurselves = false;
      else pool.recordClose(event.code, event.reason);
    });
  }

  get synced(): boolean {
    return this.provider.isSynced;
  }

  protected onSynced(listener: () => void): () => void {
    this.provider.on('synced', listener);
    return () => this.provider.off('synced', listener);
  }

  onceClosed(listener: () => void): void {
    const once = () => {
      this.socket.off('close', once);
      listener();
    };
    this.socket.on('close', once);
  }

  connect(): void {
    // Its disconnect only starts the closing handshake, and a connect before the close has
    // landed is ignored; y-websocket lets go of the socket at once, so resume as soon as it is gone.
    if (this.closingOurselves && this.socket.status === WebSocketStatus.Connected) this.onceClosed(() => void this.socket.connect());
    else void this.socket.connect();
  }

  disconnect(): void {
    if (this.socket.status !== WebSocketStatus.Disconnected) this.closingOurselves = true;
    this.socket.disconnect();
  }

  protected destroyProvider(): void {
    this.closingOurselves = true;
    this.provider.destroy();
    this.socket.destroy();
  }
}

/** Close codes that mean the server refused or cut off a client (rate limits, capacity, errors). */
const REFUSAL_CODES = new Set([1008, 1009, 1011, 1013]);
export function isRefusal(code: number): boolean {
  return REFUSAL_CODES.has(code) || (code >= 4000 && code < 5000);
}

/** Every client of one scenario run, so the runner can tear them all down whatever happened. */
export class ClientPool {
  private readonly clients = new Set<BenchClient>();
  /** Server-side or abnormal closes by code, with the last reason seen for each. */
  readonly closes = new Map<number, { count: number; reason: string }>();

  add(client: BenchClient): void {
    this.clients.add(client);
  }

  recordClose(code: number, reason: string): void {
    const entry = this.closes.get(code);
    if (entry) {
      entry.count++;
      if (reason) entry.reason = reason;
    } else this.closes.set(code, { count: 1, reason });
  }

  get size(): number {
    return this.clients.size;
  }

  destroy(clients: Iterable<BenchClient>): void {
    for (const c of clients) {
      c.destroy();
      this.clients.delete(c);
    }
  }

  destroyAll(): void {
    this.destroy([...this.clients]);
  }

  /** Closes that were refusals, e.g. "4429 rate-limited ×3 (too many updates per second)". */
  refusals(): Array<{ code: number; count: number; reason: string }> {
    return [...this.closes].filter(([code]) => isRefusal(code)).map(([code, v]) => ({ code, ...v }));
  }
}

export interface ConnectResult {
  clients: BenchClient[];
  synced: number;
  ms: number;
}

/**
 * Connects clients in waves of `wave` (each wave's handshakes in flight together) and waits
 * for each wave to sync, up to `timeoutMs` per wave.
 */
export async function connectMany(pool: ClientPool, specs: readonly ClientSpec[], wave: number, timeoutMs: number): Promise<ConnectResult> {
  const start = performance.now();
  const clients: BenchClient[] = [];
  let synced = 0;
  for (let i = 0; i < specs.length; i += wave) {
    const batch = specs.slice(i, i + wave).map((spec) => openClient(spec, pool));
    clients.push(...batch);
    const results = await Promise.all(batch.map((c) => c.whenSynced(timeoutMs)));
    synced += results.filter(Boolean).length;
  }
  return { clients, synced, ms: performance.now() - start };
}

export async function connectOne(pool: ClientPool, spec: ClientSpec, timeoutMs: number): Promise<BenchClient> {
  const client = openClient(spec, pool);
  if (!(await client.whenSynced(timeoutMs))) throw new Error(`client for ${spec.room} did not sync in ${timeoutMs} ms`);
  return client;
}
