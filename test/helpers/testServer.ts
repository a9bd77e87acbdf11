/** Starts a real server on an ephemeral loopback port with its own data folder. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer } from '../../server/app.ts';
import type { RunningServer } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import type { Config } from '../../server/config.ts';
import type { Logger } from '../../server/logger.ts';

export interface TestServer extends RunningServer {
  dataDir: string;
  wsUrl: string;
  api<T = any>(method: string, pathname: string, body?: unknown, token?: string): Promise<{ status: number; body: T }>;
}

export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'incident-room-test-'));
}

export async function startTestServer(
  overrides: Partial<Config> = {},
  env: NodeJS.ProcessEnv = {},
  options: { logger?: Logger } = {},
): Promise<TestServer> {
  const dataDir = overrides.dataDir ?? tempDataDir();
  const config: Config = {
    ...loadConfig({ PORT: '0', LOG_LEVEL: 'silent', ...env }),
    dataDir,
    clientDir: null,
    roomUnloadGraceMs: 200,
    ...overrides,
  };
  const running = await startServer(config, options);
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
