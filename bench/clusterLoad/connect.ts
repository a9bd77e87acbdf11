/**
 * Connecting thousands of stock clients with a bounded number of handshakes in flight: a new
 * client starts as soon as an earlier one has synced (or been closed), rather than in fixed
 * waves that each wait for their slowest member. This is how the ramp finds out how fast a
 * deployment brings people online, not how fast the harness can batch them.
 */
import { openClient } from '../lib/clients.ts';
import type { BenchClient, ClientPool, ClientSpec } from '../lib/clients.ts';

export interface Connected {
  clients: BenchClient[];
  /** Clients synced when the last one synced, or at the deadline. */
  synced: number;
  /** From the first connect until the last client synced, or until the deadline. */
  ms: number;
}

export async function connectWindowed(pool: ClientPool, specs: readonly ClientSpec[], inFlight: number, deadline: number): Promise<Connected> {
  const start = performance.now();
  const clients: BenchClient[] = [];
  let open = 0;
  let wake: (() => void) | null = null;
  const settle = () => {
    open--;
    wake?.();
  };
  for (const spec of specs) {
    while (open >= inFlight && performance.now() < deadline) {
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, Math.max(1, deadline - performance.now()));
      });
      clearTimeout(timer);
      wake = null;
    }
    if (performance.now() >= deadline) break;
    const client = openClient(spec, pool);
    clients.push(client);
    open++;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      settle();
    };
    client.onceClosed(finish);
    void client.whenSynced(Math.max(1, deadline - performance.now())).then(finish);
  }
  // Clients refused or closed early count against the deployment; the rest get until the deadline.
  while (performance.now() < deadline && clients.some((c) => !c.synced)) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return { clients, synced: clients.filter((c) => c.synced).length, ms: performance.now() - start };
}
