/**
 * The second reference server for side-by-side benchmarks: stock `@hocuspocus/server` (its own
 * HTTP and websocket server, default configuration), in memory, storing nothing, with no
 * authentication. It speaks Hocuspocus's protocol (every message carries its document's name),
 * so the harness drives it with `@hocuspocus/provider` clients (lib/clients.ts).
 *
 * One departure from the defaults: Hocuspocus unloads a document when its last client leaves,
 * and without a storage extension its content would be gone. Here every document stays loaded,
 * as the y-websocket reference keeps them (bench/referenceServer.ts), so a client that comes back
 * finds what it left and "in memory" means the same for both references.
 *
 * `GET /api/health` answers like our server, so the harness can wait for it and count documents.
 *
 * Run: node --import tsx bench/hocuspocusServer.ts --port 1234 [--host 127.0.0.1]
 * (PORT and HOST from the environment work too.)
 */
import { parseArgs } from 'node:util';
import { Server } from '@hocuspocus/server';

const { values } = parseArgs({
  options: { port: { type: 'string' }, host: { type: 'string' } },
});
const port = Number(values.port ?? process.env.PORT ?? 1234);
const host = values.host ?? process.env.HOST ?? '127.0.0.1';

const server = new Server({
  port,
  address: host,
  quiet: true,
  // Its own signal handling would wait for every document to unload, which these never do.
  stopOnSignals: false,
  async onRequest({ request, response, instance }) {
    if (request.url !== '/api/health') return;
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ ok: true, roomsLoaded: instance.getDocumentsCount() }));
    // Hocuspocus's way to say the request is answered: reject without an error.
    return Promise.reject();
  },
  async beforeUnloadDocument() {
    // Rejecting keeps the document loaded (see above); without a message Hocuspocus logs nothing.
    return Promise.reject();
  },
});

await server.listen();
process.stdout.write(`reference Hocuspocus server on ${host}:${server.address.port}\n`);

const stop = () => {
  server.hocuspocus.closeConnections();
  server.httpServer.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
