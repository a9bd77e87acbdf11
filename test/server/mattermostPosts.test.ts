/**
 * Mattermost posts and buttons (issue 14), on a test clock: timeline events reach the incoming
 * webhook in Mattermost's documented shape, with signed Acknowledge and Claim buttons that act
 * when pressed and are refused when tampered with; 429 with Retry-After and a Mattermost down
 * for over a minute delay posts and lose none; a private incident is never posted.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { eventually } from '../helpers/clients.ts';
import { declareIncident } from '../helpers/incidents.ts';
import { TestClock } from '../helpers/testClock.ts';
import { capturingLogger } from '../helpers/logCapture.ts';
import type { CapturedLog } from '../helpers/logCapture.ts';
import { pressButton, startMattermostStandIn } from '../helpers/mattermostStandIn.ts';
import type { MattermostPerson, MattermostStandIn } from '../helpers/mattermostStandIn.ts';
import { startTeamsStandIn } from '../helpers/teamsStandIn.ts';
import type { TeamsStandIn } from '../helpers/teamsStandIn.ts';

const TOKEN = 'mm-slash-command-token-0123456789';
const SECOND = 1000;
const carla: MattermostPerson = { teamId: 'team0000000000000000000001', userId: 'user000000000000000000carla', userName: 'carla' };

describe('Mattermost posts', () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const done of cleanup.reverse()) await done();
    cleanup.length = 0;
  });
  const setUp = async () => {
    const clock = new TestClock();
    const log = capturingLogger('info');
    const mattermost = await startMattermostStandIn({ now: clock.now });
    // Teams is the outbox's other target: its posts show when the outbox has looked at the clock.
    const teams = await startTeamsStandIn({ now: clock.now });
    const server = await startTestServer({}, { MATTERMOST_COMMAND_TOKEN: TOKEN, MATTERMOST_WEBHOOK_URL: mattermost.webhookUrl, TEAMS_WEBHOOK_URL: teams.webhookUrl }, { clock, logger: log.logger });
    cleanup.push(() => mattermost.close(), () => teams.close(), () => server.close());
    return { clock, log, mattermost, teams, server };
  };
  const run = async (server: TestServer, id: string, command: Record<string, unknown>) => {
    const res = await server.api('POST', `/api/incidents/${id}/commands`, command);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  };
  // A failed attempt is recorded once the outbox logs its retry: only then may the clock move.
  const retries = (log: CapturedLog) => log.lines.filter((l) => l.msg === 'outgoing message will be retried' && l.channel === 'mattermost').length;
  const roomOf = (server: TestServer, id: string) => `http://localhost:${server.port}/incidents/${id}`;
  const postsAbout = (mattermost: MattermostStandIn, server: TestServer, id: string) => mattermost.posts().filter((p) => p.attachments[0].title_link === roomOf(server, id));

  it('posts the declaration with buttons and a stakeholder update, in Mattermost’s shape', async () => {
    const { mattermost, server } = await setUp();
    const id = await declareIncident(server, 'Payments _failing_ for @all', 'SEV1');
    await run(server, id, { type: 'publishUpdate', text: 'We are rolling back.\n- step **one**' });
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

  it('never posts a private incident', async () => {
    const { mattermost, server } = await setUp();
    const secret = await server.api('POST', '/api/incidents', { title: 'Payroll export leaked', severity: 'SEV2', private: true });
    expect(secret.status).toBe(201);
    await run(server, secret.body.id, { type: 'publishUpdate', text: 'Contained.' });
    // Posts go out in order: once a later incident's declaration is there, the private one's would be.
    const later = await declareIncident(server, 'Public incident afterwards', 'SEV4');
    await eventually(() => postsAbout(mattermost, server, later).length === 1, 'the later declaration posted');
    const sent = mattermost.requests.map((r) => r.raw).join('\n');
    for (const word of ['Payroll', 'Contained', secret.body.id]) expect(sent).not.toContain(word);
  });

  it('waits out 429 Retry-After before posting again, then posts everything in order', async () => {
    const { clock, log, mattermost, teams, server } = await setUp();
    mattermost.answer({ status: 429, retryAfter: '120' });
    const id = await declareIncident(server, 'Rate limited', 'SEV4');
    await eventually(() => retries(log) === 1 && teams.cards().length === 1, 'the first attempt, limited');
    const limitedAt = mattermost.requests[0]!.at;
    // Time passes in steps; after each the outbox has looked (a Teams post went out), and
    // Mattermost has not been asked again before its Retry-After.
    for (const [step, severity] of [[5, 'SEV3'], [114, 'SEV2']] as const) {
      clock.advance(step * SECOND);
      await run(server, id, { type: 'setSeverity', severity });
      await eventually(() => teams.cards().length === (severity === 'SEV3' ? 2 : 3), `a Teams post after ${step} s`);
    }
    clock.advance(1 * SECOND);
    await eventually(() => mattermost.posts().length === 3, 'all three posted');
    expect(mattermost.requests[1]!.at - limitedAt).toBeGreaterThanOrEqual(120 * SECOND);
    expect(mattermost.posts().map((p) => p.text)).toEqual([
      expect.stringContaining('declared SEV4'),
      expect.stringContaining('SEV4 → SEV3'),
      expect.stringContaining('SEV3 → SEV2'),
    ]);
  });

  it('posts everything, in order, after Mattermost was down for over a minute', async () => {
    const { clock, log, mattermost, server } = await setUp();
    mattermost.down();
    const id = await declareIncident(server, 'Chat outage', 'SEV3');
    await run(server, id, { type: 'publishUpdate', text: 'Investigating.' });
    await run(server, id, { type: 'setStatus', status: 'identified' });
    // Backoff 5, 10, 20, 40 s: five failed attempts of the first post over 75 s.
    for (const [attempts, wait] of [[1, 5], [2, 10], [3, 20], [4, 40]] as const) {
      await eventually(() => retries(log) === attempts, `attempt ${attempts}`);
      clock.advance(wait * SECOND);
    }
    await eventually(() => retries(log) === 5, 'attempt 5');
    expect(mattermost.posts()).toEqual([]);
    mattermost.up();
    clock.advance(80 * SECOND);
    await eventually(() => mattermost.posts().length === 3, 'all three posted');
    expect(mattermost.posts().map((p) => p.text)).toEqual([
      expect.stringContaining('declared SEV3'),
      expect.stringContaining('published a stakeholder update'),
      expect.stringContaining('investigating → identified'),
    ]);
    expect(mattermost.violations).toEqual([]);
  });

  it('gives up a post Mattermost refuses for good (404) and goes on with the next', async () => {
    const { mattermost, server } = await setUp();
    mattermost.answer({ status: 404 });
    const id = await declareIncident(server, 'Webhook deleted meanwhile', 'SEV4');
    await run(server, id, { type: 'setSeverity', severity: 'SEV3' });
    // No clock move: a retry would wait for its backoff, a post given up lets the next one go.
    await eventually(() => mattermost.posts().length === 1, 'the next post');
    expect(mattermost.requests.map((r) => r.status)).toEqual([404, 200]);
    expect(mattermost.posts()[0].text).toContain('SEV4 → SEV3');
  });
});
