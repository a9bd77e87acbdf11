/** What a node needs only on a cluster, loaded together when REDIS_URL is set. */
export { RedisLink } from './RedisLink.ts';
export { redisSocketIoAdapter } from './socketIoAdapter.ts';
