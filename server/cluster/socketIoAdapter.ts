/** socket.io's official Redis adapter, so lobby updates, pages and peer messages reach every node. */
import { Redis } from 'ioredis';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Logger } from '../logger.ts';
import { closeRedis } from './closeRedis.ts';

export function redisSocketIoAdapter(url: string, prefix: string, logger: Logger): { adapter: ReturnType<typeof createAdapter>; close: () => Promise<void> } {
  const pub = new Redis(url);
  const sub = pub.duplicate();
  for (const client of [pub, sub]) client.on('error', (error: Error) => logger.warn({ err: error }, 'socket.io redis connection error'));
  // The adapter publishes broadcasts without waiting for them; one that fails (Redis going away,
  // or the node closing with it still queued) rejected unhandled, which would stop the process.
  // A lost broadcast is what pub/sub allows; the rejection is marked handled, the promise kept.
  const publish = pub.publish.bind(pub) as (...args: unknown[]) => Promise<number>;
  Object.assign(pub, {
    publish: (...args: unknown[]) => {
      const sent = publish(...args);
      sent.catch((error: unknown) => logger.debug({ err: error }, 'socket.io broadcast not published'));
      return sent;
    },
  });
  return {
    // Questions to the other nodes (stakeholder counts) are hints: a node that does not answer
    // within a second is left out rather than held up for the default five.
    adapter: createAdapter(pub, sub, { key: `${prefix}:socket.io`, requestsTimeout: 1000 }),
    close: async () => {
      await Promise.all([closeRedis(pub), closeRedis(sub)]);
    },
  };
}
