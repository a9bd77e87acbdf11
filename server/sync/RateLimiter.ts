/**
 * A token bucket: `perSecond` sustained, with a burst of `burstSeconds` worth. Allocation-free,
 * so it can sit on the per-message path. A rate of 0 means unlimited.
 */
export class RateLimiter {
  private tokens: number;
  private last: number;
  private readonly capacity: number;

  constructor(
    private readonly perSecond: number,
    burstSeconds: number,
    private readonly now: () => number,
  ) {
    this.capacity = perSecond * burstSeconds;
    this.tokens = this.capacity;
    this.last = now();
  }

  take(): boolean {
    if (this.perSecond === 0) return true;
    const t = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((t - this.last) / 1000) * this.perSecond);
    this.last = t;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
