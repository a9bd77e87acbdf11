/**
 * Stock y-websocket clients as bots and browsers run them: one `WebsocketProvider` and one Y.Doc
 * per client, `ws` as the WebSocket, cross-tab broadcast disabled.
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
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const SYNC_STEP2 = 1;
const SYNC_UPDATE = 2;
export const CLIENTS_PER_ADDRESS = 100;

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

export interface SocketOptions {
  counters?: SocketCounters | null;
  /** Count incoming presence messages, then drop them instead of handing them to the provider. */
  dropAwareness?: boolean;
  /** Drop incoming document updates (not the sync handshake), so the client's doc stays as synced. */
  dropUpdates?: boolean;
}

/** What WebsocketProvider constructs: `new WebSocketPolyfill(url, protocols)`. */
export type SocketClass = new (address: string | URL, protocols?: string | string[]) => WebSocket;

/** A `ws` WebSocket subclass for `WebSocketPolyfill` that counts what it receives. */
export function socketClass(options: SocketOptions = {}): SocketClass {
  const counters = options.counters ?? null;
  const dropAwareness = options.dropAwareness ?? false;
  const dropUpdates = options.dropUpdates ?? false;
  const inspect = counters !== null || dropAwareness || dropUpdates;
  return class BenchSocket extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, { localAddress: nextLocalAddress(), perMessageDeflate: false });
    }

    override emit(event: string | symbol, ...args: unknown[]): boolean {
      if (inspect && event === 'message') {
        const data = args[0];
        const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : (data as Uint8Array);
        if (counters) {
          counters.messages++;
          counters.bytes += bytes.byteLength;
          if (counters.firstStep2At === 0 && bytes[0] === MESSAGE_SYNC && bytes[1] === SYNC_STEP2) counters.firstStep2At = performance.now();
        }
        if (bytes[0] === MESSAGE_AWARENESS) {
          if (counters) {
            counters.awarenessMessages++;
            counters.awarenessEntries += awarenessEntryCount(bytes);
          }
          if (dropAwareness) return true;
        } else if (dropUpdates && bytes[0] === MESSAGE_SYNC && bytes[1] === SYNC_UPDATE) {
          return true;
        }
      }
      return super.emit(event, ...args);
    }
  };
}

/** Reads [type][length][entry count] varuints of an awareness message without decoding it. */
function awarenessEntryCount(message: Uint8Array): number {
  let pos = 1;
  // Skip the payload length.
  while (pos < message.length && message[pos]! & 0x80) pos++;
  pos++;
  let count = 0;
  let shift = 0;
  while (pos < message.length) {
    const b = message[pos++]!;
    count += (b & 0x7f) * 2 ** shift;
    if (!(b & 0x80)) break;
    shift += 7;
  }
  return count;
}

export interface ClientSpec {
  wsUrl: string;
  room: string;
  params: Record<string, string>;
  socket: SocketClass;
  /** No presence of its own (awareness state null), as a passive reader or a bot. */
  silent?: boolean;
}

export class BenchClient {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  readonly transcript: Y.Array<Y.Map<unknown>>;
  destroyed = false;

  constructor(spec: ClientSpec, pool: ClientPool) {
    this.transcript = this.doc.getArray<Y.Map<unknown>>('transcript');
    this.provider = new WebsocketProvider(spec.wsUrl, spec.room, this.doc, {
      connect: false,
      params: spec.params,
      WebSocketPolyfill: spec.socket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
    });
    if (spec.silent) this.provider.awareness.setLocalState(null);
    this.provider.on('connection-close', (event) => {
      // null when we closed it ourselves (disconnect, destroy)
      if (event) pool.recordClose(event.code, event.reason);
    });
    this.provider.on('connection-error', () => pool.recordError());
    pool.add(this);
    this.provider.connect();
  }

  get synced(): boolean {
    return this.provider.synced;
  }

  /** Resolves true once synced, false after `timeoutMs`. */
  whenSynced(timeoutMs: number): Promise<boolean> {
    if (this.provider.synced) return Promise.resolve(true);
    return new Promise((resolve) => {
      const onSync = (state: boolean) => {
        if (!state) return;
        clearTimeout(timer);
        this.provider.off('sync', onSync);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.provider.off('sync', onSync);
        resolve(false);
      }, timeoutMs);
      this.provider.on('sync', onSync);
    });
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.provider.destroy();
    this.doc.destroy();
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
  errors = 0;

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

  recordError(): void {
    this.errors++;
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
    const batch = specs.slice(i, i + wave).map((spec) => new BenchClient(spec, pool));
    clients.push(...batch);
    const results = await Promise.all(batch.map((c) => c.whenSynced(timeoutMs)));
    synced += results.filter(Boolean).length;
  }
  return { clients, synced, ms: performance.now() - start };
}

export async function connectOne(pool: ClientPool, spec: ClientSpec, timeoutMs: number): Promise<BenchClient> {
  const client = new BenchClient(spec, pool);
  if (!(await client.whenSynced(timeoutMs))) throw new Error(`client for ${spec.room} did not sync in ${timeoutMs} ms`);
  return client;
}
