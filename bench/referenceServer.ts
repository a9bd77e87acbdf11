/**
 * The y-websocket reference server for side-by-side benchmarks (Hocuspocus, the other reference,
 * is bench/hocuspocusServer.ts): the stock `@y/websocket-server` sync core
 * (`setupWSConnection`) behind a plain `ws` server, in memory, storing nothing, with no
 * authentication and no limits. It serves `/yjs/<name>` like our server, so a scenario uses the
 * same URLs and document names for both, and `GET /api/health` so the harness can wait for it.
 *
 * Run: node --import tsx bench/referenceServer.ts --port 1234 [--host 127.0.0.1]
 * (PORT and HOST from the environment work too.)
 */
import http from 'node:http';
import { parseArgs } from 'node:util';
import { WebSocketServer } from 'ws';
import { docs, setupWSConnection } from '@y/websocket-server/utils';

const SYNC_PATH_PREFIX = '/yjs/';

const { values } = parseArgs({
  options: { port: { type: 'string' }, host: { type: 'string' } },
});
const port = Number(values.port ?? process.env.PORT ?? 1234);
const host = values.host ?? process.env.HOST ?? '127.0.0.1';

// The stock server's defaults: no per-message deflate, 100 MiB frames.
const wss = new WebSocketServer({ noServer: true });

const server = http.createServer((req, res) => {
  if (req.url === '/api/health') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: true, roomsLoaded: docs.size }));
    return;
  }
  res.writeHead(404).end();
});

server.on('upgrade', (req, socket, head) => {
  const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (!pathname.startsWith(SYNC_PATH_PREFIX)) {
    socket.destroy();
    return;
  }
  const docName = decodeURIComponent(pathname.slice(SYNC_PATH_PREFIX.length));
  wss.handleUpgrade(req, socket, head, (ws) => setupWSConnection(ws, req, { docName }));
});

server.listen(port, host, () => {
  process.stdout.write(`reference y-websocket server on ${host}:${port}\n`);
});

const stop = () => {
  for (const ws of wss.clients) ws.terminate();
  wss.close();
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
