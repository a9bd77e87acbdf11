/**
 * Everything a stranger can send before authenticating, over raw TCP, to all three entry points:
 * REST (/api), the Yjs endpoint (/yjs/) and socket.io (engine.io polling and websocket). Each
 * gets its defined answer, the process lives, /api/health answers, and a stock y-websocket
 * client and a socket.io client are still served afterwards (issue 11). The two inputs that
 * stopped the process are also sent to a real child process, where a crash is an exit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { startTestServer, tempDataDir } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { connectDoc, connectSocket, synced } from '../helpers/clients.ts';
import { declareIncident, tokenFor } from '../helpers/incidents.ts';
import { rawRequest, sendRaw, statusOf, UPGRADE_HEADERS } from '../helpers/rawHttp.ts';
import { freePort, ServerProcess } from '../helpers/serverProcess.ts';

const HOST = 'Host: localhost';
const huge = 'x'.repeat(64 * 1024);

/** [what, raw request, expected status (null: closed without an answer)] */
function cases(incidentId: string): Array<[string, string, number | null]> {
  const yjs = `/yjs/${incidentId}`;
  return [
    // Request lines and targets that `new URL` rejects or that are not paths at all.
    ['an upgrade to //[', rawRequest('GET //[ HTTP/1.1', UPGRADE_HEADERS), 404],
    ['an upgrade to an absolute-form target with a bad host', rawRequest(`GET http://[${yjs} HTTP/1.1`, UPGRADE_HEADERS), 400],
    ['an upgrade to *', rawRequest('OPTIONS * HTTP/1.1', UPGRADE_HEADERS), 400],
    ['GET //[', rawRequest('GET //[ HTTP/1.1', [HOST, 'Connection: close']), 404],
    ['REST with an absolute-form target with a bad host', rawRequest('GET http://[/api/incidents HTTP/1.1', [HOST, 'Connection: close']), 404],
    ['a request line that is not HTTP', 'NOT HTTP AT ALL\r\n\r\n', null],
    ['an unknown method', rawRequest('BREW /api/health HTTP/1.1', [HOST, 'Connection: close']), null],
    ['a bare LF request', 'GET /api/health HTTP/1.1\nHost: x\n\n', null],
    // Percent-encodings.
    ['an upgrade to a document name that is not percent-encoding', rawRequest('GET /yjs/%E0%A4%A HTTP/1.1', UPGRADE_HEADERS), 101],
    ['an upgrade with a token that is not percent-encoding', rawRequest(`GET ${yjs}?token=%zz%ff%E0 HTTP/1.1`, UPGRADE_HEADERS), 101],
    ['REST with a token that is not percent-encoding', rawRequest('GET /api/incidents?token=% HTTP/1.1', [HOST, 'Connection: close']), 401],
    ['REST with a path that is not percent-encoding', rawRequest('GET /api/incidents/%E0%A4%A HTTP/1.1', [HOST, 'Connection: close']), 401],
    // Cookies.
    ['REST with ir_session=%', rawRequest('GET /api/incidents HTTP/1.1', [HOST, 'Cookie: ir_session=%', 'Connection: close']), 401],
    ['an upgrade with ir_session=%', rawRequest(`GET ${yjs} HTTP/1.1`, [...UPGRADE_HEADERS, 'Cookie: ir_session=%']), 101],
    ['an upgrade with a cookie header of separators', rawRequest(`GET ${yjs} HTTP/1.1`, [...UPGRADE_HEADERS, 'Cookie: ;;==;ir_session;=ir_session=%%; ir_session=..']), 101],
    // Oversized and duplicated headers.
    ['a 64 KB header on REST', rawRequest('GET /api/health HTTP/1.1', [HOST, `X-Big: ${huge}`, 'Connection: close']), null],
    ['a 64 KB cookie on an upgrade', rawRequest(`GET ${yjs} HTTP/1.1`, [...UPGRADE_HEADERS, `Cookie: ir_session=${huge}`]), null],
    ['duplicated Authorization, Cookie and Origin on REST', rawRequest('GET /api/incidents HTTP/1.1', [HOST, 'Authorization: Bearer a', 'Authorization: Basic b', 'Cookie: ir_session=%', 'Cookie: ir_session=x.y', 'Origin: null', 'Origin: http://[', 'Connection: close']), 403],
    ['duplicated upgrade headers', rawRequest(`GET ${yjs} HTTP/1.1`, [...UPGRADE_HEADERS, ...UPGRADE_HEADERS, 'Sec-WebSocket-Protocol: ,,, ,', 'Sec-WebSocket-Protocol: a b']), 400],
    ['an upgrade with an Origin that is not a URL', rawRequest(`GET ${yjs} HTTP/1.1`, [...UPGRADE_HEADERS, 'Origin: http://[']), 101],
    ['an upgrade with a bad Sec-WebSocket-Key', rawRequest(`GET ${yjs} HTTP/1.1`, [HOST, 'Upgrade: websocket', 'Connection: Upgrade', 'Sec-WebSocket-Key: %', 'Sec-WebSocket-Version: 13']), 400],
    // Upgrades to paths nobody serves: answered and closed at once.
    ['an upgrade to /', rawRequest('GET / HTTP/1.1', UPGRADE_HEADERS), 404],
    ['an upgrade to /api/health', rawRequest('GET /api/health HTTP/1.1', UPGRADE_HEADERS), 404],
    ['an upgrade to /yjs without a slash', rawRequest('GET /yjs HTTP/1.1', UPGRADE_HEADERS), 404],
    ['an upgrade to /socket.io without a slash', rawRequest('GET /socket.io HTTP/1.1', UPGRADE_HEADERS), 404],
    ['an h2c upgrade', rawRequest('GET /api/health HTTP/1.1', [HOST, 'Upgrade: h2c', 'Connection: Upgrade, HTTP2-Settings', 'HTTP2-Settings: AAMAAABkAAQAoAAAAAIAAAAA']), 404],
    // socket.io: engine.io polling and websocket, before any authentication.
    ['an engine.io handshake with a bad protocol version', rawRequest('GET /socket.io/?EIO=9&transport=polling HTTP/1.1', [HOST, 'Connection: close']), 400],
    ['an engine.io handshake with an unknown transport', rawRequest('GET /socket.io/?EIO=4&transport=%E0 HTTP/1.1', [HOST, 'Connection: close']), 400],
    ['engine.io packets for an unknown session', rawRequest('POST /socket.io/?EIO=4&transport=polling&sid=nope HTTP/1.1', [HOST, 'Content-Type: text/plain', 'Content-Length: 7', 'Connection: close'], '40\x1e4%{['), 400],
    ['an engine.io websocket upgrade with a bad key', rawRequest('GET /socket.io/?EIO=4&transport=websocket HTTP/1.1', [HOST, 'Upgrade: websocket', 'Connection: Upgrade', 'Sec-WebSocket-Key: x', 'Sec-WebSocket-Version: 13']), 400],
    ['an engine.io websocket upgrade with ir_session=%', rawRequest('GET /socket.io/?EIO=4&transport=websocket HTTP/1.1', [...UPGRADE_HEADERS, 'Cookie: ir_session=%']), 101],
    // engine.io serves anything under its path, as a handshake.
    ['a socket.io path that is not percent-encoding', rawRequest('GET /socket.io/%/?EIO=4&transport=polling HTTP/1.1', [HOST, 'Connection: close']), 200],
  ];
}

describe('pre-authentication input', () => {
  let server: TestServer;
  let id: string;
  let port: number;
  beforeAll(async () => {
    server = await startTestServer();
    id = await declareIncident(server);
    port = Number(new URL(server.url).port);
  });
  afterAll(() => server.close());

  it('answers each malformed request with its defined status, or closes it', async () => {
    const expected: string[] = [];
    const answered: string[] = [];
    for (const [what, request, status] of cases(id)) {
      expected.push(`${what}: ${status}`);
      answered.push(`${what}: ${statusOf(await sendRaw(port, request))}`);
    }
    expect(answered).toEqual(expected);
  });

  it('refuses a socket.io handshake with ir_session=% or a malformed auth payload, over polling and websocket', async () => {
    for (const transport of ['polling', 'websocket'] as const) {
      for (const auth of [{}, { token: 42 }, { token: '%' }, { token: 'x'.repeat(10_000) }]) {
        const socket = io(server.url, { transports: [transport], reconnection: false, extraHeaders: { cookie: 'ir_session=%' }, auth });
        const refused = await new Promise<string>((resolve) => {
          socket.once('connect', () => resolve('connected'));
          socket.once('connect_error', (error) => resolve(error.message));
        });
        socket.close();
        expect(refused, `${transport} ${JSON.stringify(auth).slice(0, 40)}`).toMatch(/unknown token|unknown session|no credentials/);
      }
    }
  });

  it('is still alive and serving afterwards: health, a stock y-websocket client and socket.io', async () => {
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    const token = await tokenFor(server, id, 'After the storm');
    const provider = connectDoc(server.wsUrl, id, token);
    await synced(provider);
    provider.destroy();
    const socket = await connectSocket(server.url, token);
    socket.disconnect();
  });
});

describe('pre-authentication input against a real process', () => {
  let child: ServerProcess;
  beforeAll(async () => {
    child = new ServerProcess(await freePort(), tempDataDir());
    await child.start();
  });
  afterAll(() => child.stop('SIGTERM'));

  it('lives through the two inputs that stopped it: an upgrade to //[ and a socket.io handshake with ir_session=%', async () => {
    expect(statusOf(await sendRaw(child.port, rawRequest('GET //[ HTTP/1.1', UPGRADE_HEADERS)))).toBe(404);
    const socket = io(child.url, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie: 'ir_session=%' } });
    const refused = await new Promise<string>((resolve) => socket.once('connect_error', (error) => resolve(error.message)));
    socket.close();
    expect(refused).toMatch(/unknown session/);
    expect((await fetch(`${child.url}/api/health`)).status).toBe(200);
    expect(child.child!.exitCode).toBeNull();
  });
});
