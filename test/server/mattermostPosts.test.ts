/**
 * Mattermost posts and buttons (issue 14), on a test clock: timeline events reach the incoming
 * webhook in Mattermost's documented shape, with signed Acknowledge and Claim buttons that act
 * when pressed and are refused when tampered with; 429 with Retry-After and a Mattermost down
 * for over a minute delay posts and lose none; a private incident is never posted (those three
 * as every chat channel has them, in test/helpers/chatTargets.ts).
 */
import { describe, expect, it } from 'vitest';
import type { TestServer } from '../helpers/testServer.ts';
import { eventually } from '../helpers/clients.ts';
import { declareIncident } from '../helpers/incidents.ts';
import { pressButton } from '../helpers/mattermostStandIn.ts';
import type { MattermostPerson, MattermostStandIn } from '../helpers/mattermostStandIn.ts';
import { chatTargetsPerTest, itDeliversLikeEveryChatChannel, roomOf, runCommand } from '../helpers/chatTargets.ts';

const TOKEN = 'mm-slash-command-token-0123456789';
const carla: MattermostPerson = { teamId: 'team0000000000000000000001', userId: 'user000000000000000000carla', userName: 'carla' };

describe('Mattermost posts', () => {
  const setUp = chatTargetsPerTest({ MATTERMOST_COMMAND_TOKEN: TOKEN });
  const postsAbout = (mattermost: MattermostStandIn, server: TestServer, id: string) => mattermost.posts().filter((p) => p.attachments[0].title_link === roomOf(server, id));

  it('posts the declaration with buttons and a stakeholder update, in Mattermost’s shape', async () => {
    const { mattermost, server } = await setUp();
    const id = await declareIncident(server, 'Payments _failing_ for @all', 'SEV1');
    await runCommand(server, id, { type: 'publishUpdate', text: 'We are rolling back.\n- step **one**' });
    await eventually(() => postsAbout(mattermost, server, id).length === 2, 'both posts');
    const [declared, update] = postsAbout(mattermost, server, id);

    expect(declared.attachments[0]).toMatchObject({
      color: '#d0021b',
      title: 'SEV1 · Payments \\_failing\\_ for @\u200ball',
      title_link: roomOf(server, id),
      fields: [
        { short: true, title: 'Severity', value: 'SEV1' },
        { short: true, title: 'Status', value: 'investigating' },
      ],
    });
    expect(declared.attachments[0].fallback).toBe('SEV1 Payments _failing_ for @\u200ball: Automation declared SEV1: Payments _failing_ for @\u200ball');
    const buttons = declared.attachments[0].actions;
    expect(buttons.map((b: any) => b.name)).toEqual(['Acknowledge', 'Claim Incident commander', 'Claim Scribe']);
    for (const b of buttons) expect(b.integration.url).toBe(`http://localhost:${server.port}/api/integrations/mattermost/actions`);

    expect(update.text).toMatch(/published a stakeholder update/);
    expect(update.attachments[0].text).toBe('We are rolling back\\.\n\\- step \\*\\*one\\*\\*');
    expect(update.attachments[0].actions).toBeUndefined();
    expect(mattermost.violations).toEqual([]);
  });

  it('acknowledges when the Acknowledge button is pressed, and refuses a tampered one', async () => {
    const { mattermost, server } = await setUp();
    const id = await declareIncident(server, 'Queue backlog', 'SEV3');
    const other = await declareIncident(server, 'Another incident', 'SEV3');
    await eventually(() => postsAbout(mattermost, server, id).length === 1, 'the declaration posted');
    const [ack, claimCommander] = postsAbout(mattermost, server, id)[0].attachments[0].actions;
    const acknowledged = async (incidentId: string) => (await server.api('GET', `/api/incidents/${incidentId}`)).body.acknowledgedAt !== null;

    const tampered = [
      { ...ack.integration.context, incident: other },
      { ...ack.integration.context, action: 'claim', role: 'commander' },
      { ...claimCommander.integration.context, role: 'scribe' },
      { ...ack.integration.context, mac: undefined },
      undefined,
    ];
    for (const context of tampered) {
      const res = await pressButton({ integration: { url: ack.integration.url, context } }, carla);
      expect(res.status, JSON.stringify(context)).toBe(401);
    }
    expect(await acknowledged(id)).toBe(false);
    expect(await acknowledged(other)).toBe(false);

    const pressed = await pressButton(ack, carla);
    expect(pressed.status).toBe(200);
    expect(pressed.body.ephemeral_text).toContain('acknowledged');
    expect(pressed.body.ephemeral_text).toContain(`](${roomOf(server, id)})`);
    expect(await acknowledged(id)).toBe(true);
    const record = (await server.api('GET', `/api/incidents/${id}/export.json`)).body;
    expect(record.incident.acknowledgedBy.name).toBe('carla (Mattermost)');

    // Claiming is for linked accounts: the guest is asked to link.
    const claimed = await pressButton(claimCommander, carla);
    expect(claimed.status).toBe(200);
    expect(claimed.body.ephemeral_text).toMatch(/link-chat#token=/);
  });

  itDeliversLikeEveryChatChannel('mattermost', setUp, { retryAfterSeconds: 120, postedAbout: ({ mattermost, server }, id) => postsAbout(mattermost, server, id).length });

  it('gives up a post Mattermost refuses for good (404) and goes on with the next', async () => {
    const { mattermost, server } = await setUp();
    mattermost.answer({ status: 404 });
    const id = await declareIncident(server, 'Webhook deleted meanwhile', 'SEV4');
    await runCommand(server, id, { type: 'setSeverity', severity: 'SEV3' });
    // No clock move: a retry would wait for its backoff, a post given up lets the next one go.
    await eventually(() => mattermost.posts().length === 1, 'the next post');
    expect(mattermost.requests.map((r) => r.status)).toEqual([404, 200]);
    expect(mattermost.posts()[0].text).toContain('SEV4 → SEV3');
  });
});
