/**
 * Issue 11: the Slack page text carried titles and names as they were typed, so `<!channel>`
 * pinged a whole channel and `<http://evil|ok>` showed a disguised link. The page delivered to
 * a real (local) webhook receiver escapes `&`, `<` and `>` as Slack documents, and nothing else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { eventually } from '../helpers/clients.ts';
import { tokenFor } from '../helpers/incidents.ts';
import { startWebhookReceiver } from '../helpers/webhookReceiver.ts';
import type { WebhookReceiver } from '../helpers/webhookReceiver.ts';

describe('Slack page text', () => {
  let server: TestServer;
  let hooks: WebhookReceiver;
  beforeAll(async () => {
    server = await startTestServer({}, { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' });
    hooks = await startWebhookReceiver();
  });
  afterAll(async () => {
    await server.close();
    await hooks.close();
  });

  it('escapes &, < and > in everything people typed', async () => {
    const name = 'Eve <!channel> & co';
    const scratch = (await server.api('POST', '/api/incidents', { title: 'login', severity: 'SEV4' })).body.id;
    const userId = (await server.api('GET', '/api/session', undefined, await tokenFor(server, scratch, name))).body.userId;
    const put = await server.api('PUT', '/api/services/checkout', { primary: { userId, name }, slackWebhooks: [`${hooks.url}/slack`] });
    expect(put.status).toBe(200);

    const title = 'Pay <http://evil.example|click here> &amp; <!here> <@U123>';
    const declared = await server.api('POST', '/api/incidents', { title, severity: 'SEV1', service: 'checkout' });
    expect(declared.status).toBe(201);
    await eventually(() => hooks.received.some((r) => r.path === '/slack'), 'the Slack page delivered');
    const text: string = hooks.received.find((r) => r.path === '/slack')!.body.text;

    expect(text).toContain('Pay &lt;http://evil.example|click here&gt; &amp;amp; &lt;!here&gt; &lt;@U123&gt;');
    expect(text).toContain('Eve &lt;!channel&gt; &amp; co');
    // The one link is the server's own, to the room.
    expect(text.match(/<[^>]*>/g)).toEqual([expect.stringMatching(new RegExp(`^<http://[^|]+/incidents/${declared.body.id}\\|Open the incident room>$`))]);
  });
});
