#!/usr/bin/env node
/**
 * `npm run dev`: the API server, restarted when its code changes, and Vite's dev server with
 * hot reload. Open http://localhost:5173; Vite forwards /api, /socket.io and /yjs to the API
 * server on PORT (3000). The browser's origin is then the Vite server, so it is allowed
 * explicitly, and invite links printed by the server point at it.
 *
 * Signals are passed on to both; when either stops, the other is stopped too, so a crashed
 * half never leaves the developer looking at a stale room.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const apiPort = process.env.PORT ?? '3000';
const devOrigin = 'http://localhost:5173';

const children = [
  spawn(process.execPath, ['--import', 'tsx', '--watch', 'server/main.ts'], {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      PORT: apiPort,
      ALLOWED_ORIGINS: [process.env.ALLOWED_ORIGINS, devOrigin].filter(Boolean).join(','),
      PUBLIC_URL: process.env.PUBLIC_URL ?? devOrigin,
    },
  }),
  spawn(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js')], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, API_URL: process.env.API_URL ?? `http://127.0.0.1:${apiPort}` },
  }),
];

let exiting = false;
/** The exit status of whichever half stopped first: that is the one with something to say. */
let status = null;
function stopAll(signal) {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  }
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    exiting = true;
    stopAll(signal);
  });
}

for (const child of children) {
  child.on('exit', (code, signal) => {
    status ??= code ?? (exiting ? 0 : 1);
    if (!exiting) {
      exiting = true;
      stopAll('SIGTERM');
    }
    if (children.every((c) => c.exitCode !== null || c.signalCode !== null)) process.exit(status);
    void signal;
  });
}
