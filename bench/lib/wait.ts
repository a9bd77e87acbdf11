/** Timing helpers. Every wait in the harness is bounded: it reports failure instead of hanging. */

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` until it holds or `timeoutMs` passes; resolves with whether it held. */
export async function waitUntil(check: () => boolean, timeoutMs: number, pollMs = 5): Promise<boolean> {
  const end = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() >= end) return false;
    await sleep(pollMs);
  }
  return true;
}

/** Sleeps until the monotonic clock reads `at` (ms, performance.now()). */
export function sleepUntil(at: number): Promise<void> {
  const ms = at - performance.now();
  return ms > 0 ? sleep(ms) : Promise.resolve();
}

/**
 * Milliseconds since the epoch with sub-millisecond precision. Writers embed it in entries and
 * readers in the same process subtract it on receipt, so both sides read one clock.
 */
export function nowEpochMs(): number {
  return performance.timeOrigin + performance.now();
}

/** Runs fn over items with at most `limit` in flight, keeping the order of results. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
