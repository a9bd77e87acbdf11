import type { Redis } from 'ioredis';

/**
 * Closes a Redis connection after what is in flight. ioredis resubscribes by itself when a
 * connection comes back, without handling a failure; disconnecting while those commands are on
 * the wire rejects them unhandled, which stops a Node process. QUIT is answered after them, so
 * waiting for it lets them finish; a Redis that does not answer in time is dropped anyway.
 */
export async function closeRedis(client: Redis, timeoutMs = 1000): Promise<void> {
  if (client.status === 'ready') {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([client.quit().then(() => undefined, () => undefined), late]);
    clearTimeout(timer);
  }
  client.disconnect();
}
