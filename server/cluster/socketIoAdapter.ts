/** socket.io's official Redis adapter, so lobby updates, pages and peer messages reach every node. */
import { Redis } from 'ioredis';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Logger } from '../logger.ts';

export function redisSocketIoAdapter(url: string, prefix: string, logger: Logger): { adapter: ReturnType<typeof createAdapter>; close: () => void } {
  const pub = new Redis(url);
  const sub = pub.duplicate();
  for (const client of [pub, sub]) client.on('error', (error: Error) => logger.warn({ err: error }, 'socket.io redis connection error'));
  return {
    // Questions to the other nodes (stakeholder counts) are hints: a node that does not answer
    // within a second is left out rather than held up for the default five.
    adapter: createAdapter(pub, sub, { key: `${prefix}:socket.io`, requestsTimeout: 1000 }),
    close: () => {
      pub.disconnect();
      sub.disconnect();
    },
  };
}
