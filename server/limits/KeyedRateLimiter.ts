/**
 * Token buckets per key (a principal, a source address), for limits that outlive one
 * connection. Keys are forgotten once their bucket has refilled, and there are at most
 * `maxKeys` of them, so a caller inventing keys cannot grow this without bound.
 */
import { RateLimiter } from '../sync/RateLimiter.ts';

export class KeyedRateLimiter {
  private readonly buckets = new Map<string, { limiter: RateLimiter; lastUsed: number }>();

  constructor(
    private readonly perSecond: number,
    private readonly burstSeconds: number,
    private readonly now: () => number,
    private readonly maxKeys = 100_000,
  ) {}

  take(key: string): boolean {
    if (this.perSecond === 0) return true;
    const t = this.now();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= this.maxKeys) this.forgetIdle(t);
      // Still full: the oldest key goes; its owner starts again with a full burst, never more.
      if (this.buckets.size >= this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
      bucket = { limiter: new RateLimiter(this.perSecond, this.burstSeconds, this.now), lastUsed: t };
      this.buckets.set(key, bucket);
    }
    bucket.lastUsed = t;
    return bucket.limiter.take();
  }

  /** Drops keys whose bucket would be full again: forgetting them changes nothing. */
  private forgetIdle(t: number): void {
    const refillMs = this.burstSeconds * 1000;
    for (const [key, bucket] of this.buckets) if (t - bucket.lastUsed >= refillMs) this.buckets.delete(key);
  }
}
