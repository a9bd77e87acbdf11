/**
 * Sync step 1 and awareness queries are each answered with the whole document or all presence,
 * so they are rate-limited per connection (RATE_STATE_REQUESTS_PER_SEC, burst of 5 s worth);
 * past it the connection closes with 1008 and the stock provider reconnects (issue 11).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { closeOf, connectDoc, rawSocket, synced } from '../helpers/clients.ts';
import { declareIncident, tokenFor } from '../helpers/incidents.ts';
import { opened, syncFrame } from '../helpers/frames.ts';
import { loadConfig } from '../../server/config.ts';

describe('state requests per connection', () => {
  let server: TestServer;
  let id: string;
  beforeAll(async () => {
    // 2 per second with a 5 s burst: 10 pass at once.
    server = await startTestServer({ limits: { ...loadConfig({ RATE_STATE_REQUESTS_PER_SEC: '2' }).limits } });
    id = await declareIncident(server);
  });
  afterAll(() => server.close());

  const requests: Array<[string, Uint8Array]> = [
    ['sync step 1', syncFrame(0, Y.encodeStateVector(new Y.Doc()))],
    ['awareness queries', new Uint8Array([3])],
  ];
  it.each(requests)('%s past the burst close the connection with 1008, answered until then', async (_name, frame) => {
    const ws = rawSocket(`${server.wsUrl}/${id}?token=${await tokenFor(server, id, 'Asker', 'stakeholder')}`);
    await opened(ws);
    let answers = 0;
    ws.on('message', () => answers++);
    const closed = closeOf(ws);
    for (let i = 0; i < 30; i++) ws.send(frame);
    expect(await closed).toEqual({ code: 1008, reason: 'too many state requests per second' });
    // The server's own step 1 on opening, then at most the burst's worth of answers.
    expect(answers).toBeGreaterThan(1);
    expect(answers).toBeLessThanOrEqual(1 + 10 + 1);
  });

  it('a stock client reconnecting is within the rate', async () => {
    const provider = connectDoc(server.wsUrl, id, await tokenFor(server, id, 'Reader', 'stakeholder'));
    await synced(provider);
    provider.destroy();
  });
});
