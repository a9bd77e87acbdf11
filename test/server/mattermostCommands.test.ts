/**
 * The Mattermost /incident slash command (issue 14), sent as Mattermost's server sends it to a
 * real server: with the command's token it runs as the Mattermost user (a guest account until
 * they link) and the ephemeral reply links the room; without it, 401 and nothing happens.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { declareIncident } from '../helpers/incidents.ts';
import { eventually } from '../helpers/clients.ts';
import { sendSlashCommand, startMattermostStandIn } from '../helpers/mattermostStandIn.ts';
import type { MattermostPerson, MattermostStandIn } from '../helpers/mattermostStandIn.ts';

const TOKEN = 'mm-slash-command-token-0123456789';
const ana: MattermostPerson = { teamId: 'team0000000000000000000001', userId: 'user0000000000000000000ana', userName: 'ana.lopez' };
const bo: MattermostPerson = { teamId: 'team0000000000000000000001', userId: 'user00000000000000000000bo', userName: 'bo' };

describe('the Mattermost slash command', () => {
  let server: TestServer;
  let mattermost: MattermostStandIn;
  let commands: string;
  const exported = async (id: string) => (await server.api('GET', `/api/incidents/${id}/export.json`)).body;
  const titled = async (title: string) => ((await server.api('GET', '/api/incidents')).body.incidents as Array<{ id: string; title: string }>).filter((i) => i.title === title);

  beforeAll(async () => {
    mattermost = await startMattermostStandIn();
    server = await startTestServer({}, { MATTERMOST_COMMAND_TOKEN: TOKEN, MATTERMOST_WEBHOOK_URL: mattermost.webhookUrl });
    commands = `${server.url}/api/integrations/mattermost/commands`;
  });
  afterAll(async () => {
    await mattermost.close();
    await server.close();
  });

  it('declares with the right token as the Mattermost user, and the reply links the room', async () => {
    const title = 'Checkout *down* for @channel <!here> [pay](http://evil.example)';
    const res = await sendSlashCommand(commands, ana, `declare SEV2 ${title}`, TOKEN);
    expect(res.status).toBe(200);
    expect(res.body.response_type).toBe('ephemeral');
    const [made] = await titled(title);
    expect(made).toMatchObject({ severity: 'SEV2', status: 'investigating' });
    const room = `http://localhost:${server.port}/incidents/${made!.id}`;
    expect(res.body.text).toContain(`](${room})`);
    // What Ana typed is shown, never read as markup, a Slack-style mention or a link.
    expect(res.body.text).toContain('Checkout \\*down\\* for @\u200bchannel &lt;\\!here&gt; \\[pay\\]\\(http://evil\\.example\\)');
    expect((await exported(made!.id)).incident.createdBy.name).toBe('ana.lopez (Mattermost)');

    // The declaration reaches the channel through the incoming webhook, as Mattermost documents it.
    await eventually(() => mattermost.posts().some((p) => p.attachments[0].title_link === room), 'the declaration posted');
    expect(mattermost.violations).toEqual([]);
  });

  it('lets a guest acknowledge and add a note, and asks them to link for the rest', async () => {
    const id = await declareIncident(server, 'Search latency', 'SEV3');
    const ack = await sendSlashCommand(commands, bo, `ack ${id}`, TOKEN);
    expect(ack.status).toBe(200);
    expect(ack.body.text).toContain('acknowledged');
    const note = await sendSlashCommand(commands, bo, `note ${id} rolled back deploy 4711`, TOKEN);
    expect(note.status).toBe(200);
    const record = await exported(id);
    expect(record.incident.acknowledgedBy.name).toBe('bo (Mattermost)');
    expect(record.transcript).toEqual([expect.objectContaining({ text: 'rolled back deploy 4711', author: expect.objectContaining({ name: 'bo (Mattermost)' }) })]);

    const claim = await sendSlashCommand(commands, bo, `claim ${id} commander`, TOKEN);
    expect(claim.status).toBe(200);
    expect(claim.body.text).toMatch(/link your account first/);
    expect(claim.body.text).toMatch(/\]\(http:\/\/localhost:\d+\/link-chat#token=irc_[\w-]+\)/);
    expect((await server.api('GET', `/api/incidents/${id}`)).body.roles.commander ?? null).toBeNull();
  });

  it('refuses a wrong or missing token with 401 and declares nothing', async () => {
    const title = 'Forged declaration';
    const wrong = await sendSlashCommand(commands, ana, `declare SEV1 ${title}`, 'mm-some-other-token-000000000');
    expect(wrong.status).toBe(401);
    const missing = await sendSlashCommand(commands, ana, `declare SEV1 ${title}`, null);
    expect(missing.status).toBe(401);
    // A right token in the form does not excuse a wrong one in the header.
    const mixed = await fetch(commands, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: 'Token mm-some-other-token-000000000' },
      body: new URLSearchParams({ token: TOKEN, team_id: ana.teamId, channel_id: 'c1', user_id: ana.userId, user_name: ana.userName, text: `declare SEV1 ${title}` }).toString(),
    });
    expect(mixed.status).toBe(401);
    expect(await titled(title)).toEqual([]);
  });

  it('answers oversized and malformed requests with an error and does nothing', async () => {
    const title = 'Oversized declaration';
    const huge = await sendSlashCommand(commands, ana, `declare SEV1 ${title} ${'x'.repeat(80 * 1024)}`, TOKEN);
    expect(huge.status).toBe(413);
    const noUser = await fetch(commands, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Token ${TOKEN}` },
      body: new URLSearchParams({ token: TOKEN, team_id: ana.teamId, channel_id: 'c1', text: `declare SEV1 ${title}` }).toString(),
    });
    expect(noUser.status).toBe(400);
    expect(await titled(title)).toEqual([]);
    const actions = `${server.url}/api/integrations/mattermost/actions`;
    const garbled = await fetch(actions, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"context": ' });
    expect(garbled.status).toBe(400);
  });
});
