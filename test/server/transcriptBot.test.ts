import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { declareIncident, tokenFor } from '../helpers/incidents.ts';
import { appendTranscriptLine } from '../../scripts/transcript-bot.ts';

describe('the README bot example', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('appends a transcript line through the stock provider, attributed to the bot’s token', async () => {
    const id = await declareIncident(server);
    await appendTranscriptLine(server.wsUrl, id, await tokenFor(server, id, 'deploy-bot'), 'deploy 4711 rolled back', 'action');
    const exported = await server.api('GET', `/api/incidents/${id}/export.json`);
    expect(exported.body.transcript).toHaveLength(1);
    expect(exported.body.transcript[0]).toMatchObject({ text: 'deploy 4711 rolled back', kind: 'action', author: { name: 'deploy-bot' } });
  });

  it('fails with the server’s reason when the token is wrong', async () => {
    const id = await declareIncident(server);
    await expect(appendTranscriptLine(server.wsUrl, id, 'irt_not-a-real-token-000000', 'x')).rejects.toThrow('4401 unknown token');
  });
});
