/**
 * Starts a real server on an ephemeral loopback port with its own data folder. With
 * TEST_STORAGE=postgres (`npm run test:postgres`) the same suites run on PostgreSQL: each data
 * folder stands for a database of its own, created on first use and dropped after the file.
 * Given a TestClock, the server reads its time from it (see testClock.ts).
 */
import { afterAll } from 'vitest';
import { startServer } from '../../server/app.ts';
import type { RunningServer } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import type { Config } from '../../server/config.ts';
import type { Logger } from '../../server/logger.ts';
import { createTestDatabase } from './postgres.ts';
import type { TestDatabase } from './postgres.ts';
import { tempDataDir } from './tempDataDir.ts';
import type { TestClock } from './testClock.ts';

const onPostgres = process.env.TEST_STORAGE === 'postgres';
const databases = new Map<string, Promise<TestDatabase>>();
if (onPostgres) {
  afterAll(async () => {
    for (const db of databases.values()) await (await db).drop();
  });
}

async function storageFor(dataDir: string): Promise<Config['storage']> {
  if (!onPostgres) return { kind: 'sqlite' };
  if (!databases.has(dataDir)) databases.set(dataDir, createTestDatabase());
  return { kind: 'postgres', url: (await databases.get(dataDir)!).url, poolSize: 4 };
}

export interface TestServer extends RunningServer {
  dataDir: string;
  wsUrl: string;
  api<T = any>(method: string, pathname: string, body?: unknown, token?: string): Promise<{ status: number; body: T }>;
}

export { tempDataDir };

export async function startTestServer(
  overrides: Partial<Config> = {},
  env: NodeJS.ProcessEnv = {},
  options: { logger?: Logger; clock?: TestClock } = {},
): Promise<TestServer> {
  const dataDir = overrides.dataDir ?? tempDataDir();
  const { clock, ...serverOptions } = options;
  const config: Config = {
    ...loadConfig({ PORT: '0', LOG_LEVEL: 'silent', ...env }),
    dataDir,
    clientDir: null,
    roomUnloadGraceMs: 200,
    storage: await storageFor(dataDir),
    // A test clock jumps; the scheduler sees a jump at its next poll, so it polls often.
    ...(clock ? { timerPollMs: 50 } : {}),
    ...overrides,
  };
  const running = await startServer(config, { ...serverOptions, now: clock?.now });
  const api = async (method: string, pathname: string, body?: unknown, token = running.adminToken) => {
    const res = await fetch(running.url + pathname, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  return { ...running, dataDir, wsUrl: running.url.replace(/^http/, 'ws') + '/yjs', api };
}
