/**
 * A Redis command nobody awaits (ioredis's own resubscribe, socket.io's adapter publishing) must
 * not reject unhandled when its connection closes: that stops a Node process. Deterministic: a
 * client whose Redis is not there queues commands offline, and disconnecting rejects them.
 */
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { redisClient } from '../../server/cluster/redisClient.ts';

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('redisClient', () => {
  it('keeps unawaited commands from rejecting unhandled, and still rejects awaited ones', async () => {
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', record);
    try {
      const client = redisClient(`redis://127.0.0.1:${await closedPort()}`, { retryStrategy: () => 1000 });
      client.on('error', () => {});
      // Fire and forget, as a library would.
      void client.publish('channel', 'message');
      void client.subscribe('a', 'b');
      const awaited = client.get('key');
      client.disconnect();
      await expect(awaited).rejects.toThrow('Connection is closed');
      // Rejections are reported after the turn in which they happen.
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', record);
    }
  });
});
