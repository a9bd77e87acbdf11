/**
 * The process's own metrics (CPU, memory, event-loop lag, GC, handles), registered once per
 * process. They describe the process, not a server in it; and prom-client cannot stop what it
 * starts to collect them (a GC observer and an event-loop sampler every 10 ms), so collecting
 * them once per server would pile those up in a test process that starts dozens of servers.
 */
import { collectDefaultMetrics, Registry } from 'prom-client';

let registry: Registry | null = null;

export function processMetrics(): Registry {
  if (!registry) {
    registry = new Registry();
    collectDefaultMetrics({ register: registry });
  }
  return registry;
}
