/** socket.io's official Redis adapter, so lobby updates, pages and peer messages reach every node. */
import { Redis } from 'ioredis';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Logger } from '../logger.ts';

export function redisSocketIoAdapter(url: string, prefix: string, logger: Logger): { adapter: ReturnType<typeof createAdapter>; close: () => void } {
  const pub = new Redis(url);
  const sub = pub.duplicate();
  for (const client of [pub, sub]) client.on('error', (error: Error) => logger.warn({ err: error }, 'socket.io redis connection error'));
  return {
    adapter: createAdapter(pub, sub, { key: `${prefix}:socket.io` }),
    close: () => {
      pub.disconnect();
      sub.disconnect();
    },
  };
}
