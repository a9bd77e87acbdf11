/**
 * Seeded random requests before authentication, over raw TCP, to REST, the Yjs endpoint and
 * socket.io: request lines, targets, percent-encodings, cookies, tokens, origins and upgrade
 * headers built from hostile pieces (issue 11). Whatever arrives, the server answers or closes
 * the connection, keeps answering /api/health, and a stock client still syncs. fast-check prints
 * the seed of a failure; `FUZZ_SEED=<seed> npm run fuzz` replays it, `FUZZ_RUNS` sets the count.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { connectDoc, synced } from '../helpers/clients.ts';
import { declareIncident, tokenFor } from '../helpers/incidents.ts';
import { sendRaw, UPGRADE_HEADERS } from '../helpers/rawHttp.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 500);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

const hostileText = fc.oneof(
  fc.constantFrom('%', '%%', '%zz', '%E0%A4%A', '%00', '[', '//[', '..', '/../', '?', '#', '\\', '@', ':', ';', '=', ',', ' ', '\t', '"', '\u00ff', '\u0000'),
  fc.string({ maxLength: 12 }),
  fc.stringMatching(/^[\x21-\x7e]{0,24}$/),
);
const hostileSegment = fc.array(hostileText, { maxLength: 4 }).map((parts) => parts.join(''));

const target = fc
  .tuple(
    fc.constantFrom('/api/health', '/api/incidents', '/api/incidents/inc-x/tokens', '/yjs/', '/yjs/inc-x', '/socket.io/', '/socket.io/?EIO=4&transport=polling', '/socket.io/?EIO=4&transport=websocket', '/', '//', 'http://[', '*', ''),
    hostileSegment,
    fc.option(fc.tuple(fc.constantFrom('token', 'EIO', 'transport', 'sid', 'x'), hostileSegment).map(([k, v]) => `${k}=${v}`)),
  )
  .map(([base, tail, query]) => `${base}${tail}${query ? (base.includes('?') ? '&' : '?') + query : ''}`)
  // A request line cannot carry spaces or line breaks inside its target.
  .map((t) => t.replace(/[\s]/g, '%20'));

const header = fc.oneof(
  fc.constantFrom('Upgrade: websocket', 'Connection: Upgrade', 'Sec-WebSocket-Version: 13', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==', 'Host: localhost', 'Connection: close', 'Content-Length: 5', 'Transfer-Encoding: chunked', 'Upgrade: h2c'),
  fc.tuple(fc.constantFrom('Cookie', 'Authorization', 'Origin', 'Host', 'Sec-WebSocket-Protocol', 'Sec-WebSocket-Key', 'Sec-WebSocket-Version', 'Upgrade', 'Content-Type', 'Content-Length'), hostileSegment).map(([name, value]) => `${name}: ${name === 'Cookie' ? `ir_session=${value}` : value}`),
  fc.nat({ max: 70_000 }).map((n) => `X-Filler: ${'x'.repeat(n)}`),
);

const request = fc
  .tuple(
    fc.constantFrom('GET', 'POST', 'OPTIONS', 'PUT', 'BREW', 'get', ''),
    target,
    fc.constantFrom('HTTP/1.1', 'HTTP/1.0', 'HTTP/2', 'HTTP/1.1 extra', ''),
    fc.boolean(),
    fc.array(header, { maxLength: 10 }),
    fc.oneof(fc.constant(''), fc.string({ maxLength: 40 }), fc.constantFrom('40', '4{"token":1}', '0{"sid":"x"}', '40/admin,', '\x82\x85garbage')),
    fc.constantFrom('\r\n', '\n'),
  )
  // Half are websocket upgrades, the path where a throw stopped the process.
  .map(([method, path, version, upgrade, headers, body, eol]) => [`${method} ${path} ${version}`.trim(), ...(upgrade ? UPGRADE_HEADERS : []), ...headers, '', body].join(eol));

describe('pre-authentication fuzzing', () => {
  let server: TestServer;
  let port: number;
  let id: string;
  beforeAll(async () => {
    server = await startTestServer();
    port = Number(new URL(server.url).port);
    id = await declareIncident(server);
  });
  afterAll(() => server.close());

  it(`answers or closes ${RUNS} random requests and keeps serving`, async () => {
    await fc.assert(
      fc.asyncProperty(request, async (raw) => {
        // sendRaw rejects if the connection is left open: every request gets an answer or a close.
        await sendRaw(port, raw);
        expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
      }),
      { numRuns: RUNS, seed: SEED, verbose: 1 },
    );
    const provider = connectDoc(server.wsUrl, id, await tokenFor(server, id, 'After the fuzz'));
    await synced(provider);
    provider.destroy();
  });
});
