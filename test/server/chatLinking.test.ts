/**
 * A chat user without an account acts as a guest until they link theirs (issue 14): the guest
 * declares in an outage without signing in anywhere; a command that needs a real account answers
 * with a one-time link; the signed-in person confirms it and from then on chat acts as them, with
 * the guest's private incidents theirs to see. Driven through the Mattermost slash command.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { signIn } from '../helpers/sessions.ts';

const COMMAND_TOKEN = 'mm-command-token-for-tests';

describe('linking a chat account', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({}, { MATTERMOST_COMMAND_TOKEN: COMMAND_TOKEN });
  });
  afterAll(() => server.close());

  async function slash(userId: string, userName: string, text: string): Promise<{ status: number; text: string }> {
    const form = new URLSearchParams({
      token: COMMAND_TOKEN,
      team_id: 'team-1',
      team_domain: 'ops',
      channel_id: 'chan-1',
      channel_name: 'incidents',
      user_id: userId,
      user_name: userName,
      command: '/incident',
      text,
      response_url: 'http://127.0.0.1:1/hooks/unused',
      trigger_id: 'trigger-1',
    });
    const res = await fetch(`${server.url}/api/integrations/mattermost/commands`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Token ${COMMAND_TOKEN}` },
      body: form.toString(),
    });
    const body = (await res.json()) as { text: string };
    return { status: res.status, text: body.text };
  }

  const incidentIdIn = (text: string) => /inc-[a-z0-9]{8}/.exec(text)?.[0];
  const linkTokenIn = (text: string) => /\/link-chat#token=([A-Za-z0-9_%-]+)/.exec(text)?.[1];

  it('acts as a guest, then as the linked account, and hands over what the guest could see', async () => {
    const declared = await slash('mm-ana', 'ana', 'declare private SEV2 Disk full on db-3');
    expect(declared.status).toBe(200);
    const incidentId = incidentIdIn(declared.text)!;
    expect(incidentId).toBeDefined();
    const events = (await server.api('GET', `/api/incidents/${incidentId}/export.json`)).body.events;
    expect(events[0]).toMatchObject({ type: 'declared', actor: { name: 'ana (Mattermost)' } });

    // A guest may not claim: the answer carries a link.
    const refused = await slash('mm-ana', 'ana', `claim commander ${incidentId}`);
    const token = decodeURIComponent(linkTokenIn(refused.text) ?? '');
    expect(token).toMatch(/^irc_/);

    const ana = await signIn(server, 'Ana Real');
    // The private incident is the guest's, not yet Ana's.
    expect((await ana.api('GET', `/api/incidents/${incidentId}`)).status).toBe(404);
    // Only a person signed in as themselves links: not the API token.
    expect((await server.api('POST', '/api/chat-links/use', { token })).status).toBe(403);
    expect((await ana.api('POST', '/api/chat-links/inspect', { token })).body).toEqual({ toolName: 'Mattermost', chatName: 'ana' });
    const linked = await ana.api('POST', '/api/chat-links/use', { token });
    expect(linked.status).toBe(200);
    expect(linked.body.account).toEqual({ id: ana.session.userId, name: 'Ana Real' });
    expect((await ana.api('POST', '/api/chat-links/use', { token })).status).toBe(409);

    // From now on chat acts as Ana, who sees what her guest account could.
    expect((await ana.api('GET', `/api/incidents/${incidentId}`)).status).toBe(200);
    const claimed = await slash('mm-ana', 'ana', `claim commander ${incidentId}`);
    expect(claimed.status).toBe(200);
    const record = (await server.api('GET', `/api/incidents/${incidentId}/export.json`)).body;
    expect(record.roles.commander).toMatchObject({ id: ana.session.userId, name: 'Ana Real' });
    // The record keeps the guest's name on what the guest did.
    expect(record.events[0].actor.name).toBe('ana (Mattermost)');
    const audit = (await server.api('GET', '/api/audit?action=chat.linked')).body;
    expect(audit.entries.map((e: { target: string }) => e.target)).toContain('mattermost:mm-ana');
  });

  it('refuses unknown links, and links from no session', async () => {
    const ana = await signIn(server, 'Ana Other');
    expect((await ana.api('POST', '/api/chat-links/inspect', { token: 'irc_nope' })).status).toBe(404);
    expect((await ana.api('POST', '/api/chat-links/use', { token: '' })).status).toBe(400);
    const anonymous = await fetch(`${server.url}/api/chat-links/use`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"token":"irc_x"}' });
    expect(anonymous.status).toBe(401);
  });
});
