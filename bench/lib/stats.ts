/**
 * Latency recording and percentiles. A recorder preallocates its storage, so recording on the
 * receive path allocates nothing; summaries sort a copy once, at the end.
 */

export interface LatencySummary {
  count: number;
  p50: number | null;
  p99: number | null;
  max: number | null;
  mean: number | null;
}

export class LatencyRecorder {
  private readonly values: Float64Array;
  /** Every recorded sample, including any beyond the capacity (counted, not stored). */
  count = 0;

  constructor(capacity: number) {
    this.values = new Float64Array(Math.max(1, capacity));
  }

  record(ms: number): void {
    if (this.count < this.values.length) this.values[this.count] = ms;
    this.count++;
  }

  summary(): LatencySummary {
    const n = Math.min(this.count, this.values.length);
    if (n === 0) return { count: this.count, p50: null, p99: null, max: null, mean: null };
    const sorted = this.values.slice(0, n).sort();
    let sum = 0;
    for (let i = 0; i < n; i++) sum += sorted[i]!;
    return { count: this.count, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max: sorted[n - 1]!, mean: sum / n };
  }
}

/** Nearest-rank percentile of an ascending array (q in 0..1). */
export function percentile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  const rank = Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1));
  return sorted[rank]!;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return percentile([...values].sort((a, b) => a - b), 0.5);
}
