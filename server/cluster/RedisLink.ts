/**
 * The cluster link over Redis pub/sub: one channel per document for stored updates and one for
 * presence. Pub/sub drops what is published while a node is disconnected; that is safe here
 * because every update is in the database first and carries its number, so a node that sees
 * a gap, comes back from a disconnect, or finds a document behind on its periodic check reads
 * the missing updates from storage.
 */
import { closeRedis } from './closeRedis.ts';
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { redisClient } from './redisClient.ts';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import type { ClusterLink, ClusterListener } from '../sync/ClusterLink.ts';
import type { Logger } from '../logger.ts';

const UPDATE = 'u';
const PRESENCE = 'p';
/** "This document has stored updates up to n": sent for what could not be published in time. */
const HEAD = 'h';

export class RedisLink implements ClusterLink {
  /** Tells this node's own messages apart when they come back. */
  private readonly nodeId = randomBytes(8).toString('base64url');
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private listener: ClusterListener | null = null;
  private wasReady = false;
  private publisherWasReady = false;
  /** Documents whose updates could not be published, with their newest number. */
  private readonly unannounced = new Map<string, number>();

  constructor(
    url: string,
    private readonly prefix: string,
    private readonly logger: Logger,
  ) {
    // A publish while Redis is away fails at once instead of queueing: storage has the update.
    this.publisher = redisClient(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: true });
    this.subscriber = redisClient(url, { lazyConnect: true });
    for (const [role, client] of [['publisher', this.publisher], ['subscriber', this.subscriber]] as const) {
      client.on('error', (error: Error) => this.logger.warn({ err: error, role }, 'redis connection error'));
    }
    this.subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) => this.onMessage(channel.toString(), message));
    this.publisher.on('ready', () => {
      if (this.publisherWasReady) this.announceMissed();
      this.publisherWasReady = true;
    });
    this.subscriber.on('ready', () => {
      if (this.wasReady) {
        this.logger.info('redis is back: catching up from storage');
        this.listener?.onResumed();
      }
      this.wasReady = true;
    });
  }

  async connect(listener: ClusterListener): Promise<void> {
    this.listener = listener;
    await Promise.all([this.publisher.connect(), this.subscriber.connect()]);
  }

  publishUpdate(doc: string, first: number, last: number, update: Uint8Array): void {
    const e = this.header();
    encoding.writeVarUint(e, first);
    encoding.writeVarUint(e, last);
    encoding.writeVarUint8Array(e, update);
    this.publish(this.channel(UPDATE, doc), encoding.toUint8Array(e), () => this.unannounced.set(doc, Math.max(last, this.unannounced.get(doc) ?? 0)));
  }

  publishPresence(doc: string, update: Uint8Array): void {
    const e = this.header();
    encoding.writeVarUint8Array(e, update);
    this.publish(this.channel(PRESENCE, doc), encoding.toUint8Array(e));
  }

  async watch(doc: string): Promise<void> {
    const subscribed = this.subscriber.subscribe(this.channel(UPDATE, doc), this.channel(PRESENCE, doc), this.channel(HEAD, doc));
    // While Redis is away the subscription waits for it; the document is served meanwhile and
    // caught up from storage once Redis is back.
    if (this.subscriber.status === 'ready') await subscribed;
    else subscribed.catch(() => {});
  }

  unwatch(doc: string): void {
    this.subscriber.unsubscribe(this.channel(UPDATE, doc), this.channel(PRESENCE, doc), this.channel(HEAD, doc)).catch(() => {});
  }

  /** Whether each connection to Redis is usable now, for the cluster link gauge. */
  readiness(): { publisher: boolean; subscriber: boolean } {
    return { publisher: this.publisher.status === 'ready', subscriber: this.subscriber.status === 'ready' };
  }

  async close(): Promise<void> {
    await Promise.all([closeRedis(this.subscriber), closeRedis(this.publisher)]);
  }

  private channel(kind: string, doc: string): string {
    return `${this.prefix}:${kind}:${doc}`;
  }

  private header(): encoding.Encoder {
    const e = encoding.createEncoder();
    encoding.writeVarString(e, this.nodeId);
    return e;
  }

  /**
   * Once publishing works again, tells the other nodes how far each document went meanwhile, so
   * they read what they missed now rather than at their next periodic check.
   */
  private announceMissed(): void {
    const missed = [...this.unannounced];
    this.unannounced.clear();
    for (const [doc, head] of missed) {
      const e = this.header();
      encoding.writeVarUint(e, head);
      this.publish(this.channel(HEAD, doc), encoding.toUint8Array(e), () => this.unannounced.set(doc, Math.max(head, this.unannounced.get(doc) ?? 0)));
    }
  }

  private publish(channel: string, message: Uint8Array, onFailure: () => void = () => {}): void {
    this.publisher.publish(channel, Buffer.from(message.buffer, message.byteOffset, message.byteLength)).catch((error: unknown) => {
      this.logger.debug({ err: error, channel }, 'publish failed; other nodes catch up from storage');
      onFailure();
    });
  }

  private onMessage(channel: string, message: Buffer): void {
    const listener = this.listener;
    if (!listener) return;
    const kindEnd = channel.indexOf(':', this.prefix.length + 1);
    const kind = channel.slice(this.prefix.length + 1, kindEnd);
    const doc = channel.slice(kindEnd + 1);
    try {
      const d = decoding.createDecoder(new Uint8Array(message.buffer, message.byteOffset, message.byteLength));
      if (decoding.readVarString(d) === this.nodeId) return;
      if (kind === UPDATE) {
        const first = decoding.readVarUint(d);
        const last = decoding.readVarUint(d);
        listener.onUpdate(doc, first, last, decoding.readVarUint8Array(d));
      } else if (kind === PRESENCE) {
        listener.onPresence(doc, decoding.readVarUint8Array(d));
      } else if (kind === HEAD) {
        listener.onHead(doc, decoding.readVarUint(d));
      }
    } catch (error) {
      this.logger.warn({ err: error, channel }, 'ignoring a malformed cluster message');
    }
  }
}
