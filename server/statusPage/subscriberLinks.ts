/**
 * The secret in a subscriber's confirm and unsubscribe links (issue 21): the subscriber's id and
 * an HMAC of it under a key of the server's, so the links need no stored secret and cannot be
 * made for someone else's subscription.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export class SubscriberLinks {
  constructor(private readonly key: string) {}

  tokenFor(subscriberId: string): string {
    return `${subscriberId}.${this.mac(subscriberId)}`;
  }

  /** The subscriber id a token was made for, or null for anything forged or malformed. */
  subscriberOf(token: string): string | null {
    const dot = token.lastIndexOf('.');
    if (dot <= 0 || token.length > 200) return null;
    const id = token.slice(0, dot);
    const given = Buffer.from(token.slice(dot + 1));
    const expected = Buffer.from(this.mac(id));
    return given.length === expected.length && timingSafeEqual(given, expected) ? id : null;
  }

  private mac(subscriberId: string): string {
    return createHmac('sha256', this.key).update(`status-subscriber:${subscriberId}`).digest('base64url');
  }
}
