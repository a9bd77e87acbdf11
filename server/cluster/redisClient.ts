import { Redis } from 'ioredis';
import type { RedisOptions } from 'ioredis';

/**
 * Every Redis connection of a node. ioredis sends commands of its own that nobody awaits (it
 * resubscribes and re-selects when a connection comes back, and resends what was unanswered), and
 * libraries such as socket.io's adapter publish without waiting; when the connection closes under
 * them they reject unhandled, which stops a Node process (a fresh CI run saw four "Connection is
 * closed." as a node stopped right after Redis came back). Each command's rejection is marked
 * handled here; whoever awaits a command still gets its error. A lost command is what the cluster
 * allows: pub/sub may drop, and nodes catch up from storage.
 */
export function redisClient(url: string, options: RedisOptions = {}): Redis {
  const client = new Redis(url, options);
  const send = client.sendCommand.bind(client);
  client.sendCommand = (command, stream) => {
    const sent = send(command, stream);
    if (sent instanceof Promise) sent.catch(() => {});
    return sent;
  };
  return client;
}
