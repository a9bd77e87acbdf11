/** socket.io's official Redis adapter, so lobby updates, pages and peer messages reach every node. */
import { createAdapter } from '@socket.io/redis-adapter';
import type { Logger } from '../logger.ts';
import { closeRedis } from './closeRedis.ts';
import { redisClient } from './redisClient.ts';

export function redisSocketIoAdapter(url: string, prefix: string, logger: Logger): { adapter: ReturnType<typeof createAdapter>; close: () => Promise<void> } {
  // The adapter publishes broadcasts without waiting for them: redisClient keeps a failed one
  // (Redis going away, or the node closing with it queued) from stopping the process.
  const pub = redisClient(url);
  const sub = redisClient(url);
  for (const client of [pub, sub]) client.on('error', (error: Error) => logger.warn({ err: error }, 'socket.io redis connection error'));
  return {
    // Questions to the other nodes (stakeholder counts) are hints: a node that does not answer
    // within a second is left out rather than held up for the default five.
    adapter: createAdapter(pub, sub, { key: `${prefix}:socket.io`, requestsTimeout: 1000 }),
    close: async () => {
      await Promise.all([closeRedis(pub), closeRedis(sub)]);
    },
  };
}
