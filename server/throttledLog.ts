/**
 * Log lines about what strangers send, at most `perMinute` a minute: an attacker must not be
 * able to fill the disk or drown real errors by repeating a refused request (issue 11). Lines
 * that were held back are counted in the next one written.
 */
import type { Logger } from './logger.ts';
import { RateLimiter } from './sync/RateLimiter.ts';

export class ThrottledLog {
  private readonly rate: RateLimiter;
  private suppressed = 0;

  constructor(
    private readonly logger: Logger,
    perMinute: number,
    now: () => number,
  ) {
    this.rate = new RateLimiter(perMinute / 60, 60, now);
  }

  warn(fields: Record<string, unknown>, message: string): void {
    if (!this.rate.take()) {
      this.suppressed++;
      return;
    }
    this.logger.warn(this.suppressed > 0 ? { ...fields, suppressed: this.suppressed } : fields, message);
    this.suppressed = 0;
  }
}
