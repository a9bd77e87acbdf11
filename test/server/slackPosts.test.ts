/**
 * Announcements in Slack (issue 14): each incident gets a thread in SLACK_CHANNEL whose root is
 * its declaration, with Acknowledge, Claim and Open the room buttons; what happens in the room (a
 * stakeholder update published with the API token) reaches chat.postMessage with the bot token in
 * that thread. Slack being slow or down delays posts and never commands: a 429's Retry-After is
 * waited out, and after a minute of 500s every post arrives, once each, in order.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../helpers/clients.ts';
import { declareIncident } from '../helpers/incidents.ts';
import { SLACK_CHANNEL, SLACK_TOKEN, startSlackRoom } from '../helpers/slackStandIn.ts';
import type { ApiCall, SlackRoom } from '../helpers/slackStandIn.ts';
import { TestClock } from '../helpers/testClock.ts';

const SECOND = 1000;

describe('announcements in Slack', () => {
  let room: SlackRoom | null = null;
  afterEach(async () => {
    expect(room?.standIn.violations).toEqual([]);
    await room?.close();
    room = null;
  });
  const command = async (id: string, body: Record<string, unknown>) => {
    expect((await room!.server.api('POST', `/api/incidents/${id}/commands`, body)).status).toBe(200);
  };
  /** Every chat.postMessage in the thread of a root post, answered or not, the root first. */
  const postsAbout = (rootOf: () => ApiCall | undefined) => {
    const root = rootOf();
    return root ? room!.standIn.calls.filter((c) => c.method === 'chat.postMessage' && (c === root || c.args.thread_ts === root.body.ts)) : [];
  };
  const rootCall = (title: string) => () =>
    room!.standIn.calls.find((c) => c.method === 'chat.postMessage' && c.body.ok && !c.args.thread_ts && c.args.text.includes(title));
  /** Slack posts the outbox has recorded as failed and due again: the clock may move only after. */
  const retriesRecorded = () => room!.log.filter((l) => l.msg === 'outgoing message will be retried' && l.channel === 'slack');
  const attemptsOf = (title: string) => room!.standIn.calls.filter((c) => c.method === 'chat.postMessage' && !c.args.thread_ts && c.args.text.includes(title));

  it('starts a thread with the declaration and posts a stakeholder update from the room into it, with the bot token', async () => {
    room = await startSlackRoom(new TestClock({ running: true }));
    const id = await declareIncident(room.server, 'Payments failing', 'SEV1');
    await command(id, { type: 'publishUpdate', text: 'Payments recovering & <!channel> keep watching' });
    const root = rootCall('Payments failing');
    await eventually(() => postsAbout(root).some((c) => c.body.ok && c.args.blocks.length > 2 && c.args.thread_ts), 'the update in the thread');

    const [declaration, update] = postsAbout(root);
    expect(declaration!.authorization).toBe(`Bearer ${SLACK_TOKEN}`);
    expect(declaration!.args).toMatchObject({ channel: SLACK_CHANNEL, unfurl_links: 'false', text: expect.stringMatching(/declared SEV1: Payments failing$/) });
    expect(declaration!.args.blocks[0].text.text).toMatch(/declared SEV1: Payments failing$/);
    expect(declaration!.args.blocks.at(-1)).toEqual({
      type: 'actions',
      elements: [
        expect.objectContaining({ action_id: 'incident:acknowledge', value: id, text: { type: 'plain_text', text: 'Acknowledge' } }),
        expect.objectContaining({ action_id: 'incident:claim:commander', value: id, text: { type: 'plain_text', text: 'Claim Incident commander' } }),
        expect.objectContaining({ action_id: 'incident:claim:scribe', value: id, text: { type: 'plain_text', text: 'Claim Scribe' } }),
        expect.objectContaining({ action_id: 'incident:open', url: `http://localhost:${room.server.port}/incidents/${id}` }),
      ],
    });

    expect(update!.authorization).toBe(`Bearer ${SLACK_TOKEN}`);
    expect(update!.args).toMatchObject({ channel: SLACK_CHANNEL, thread_ts: declaration!.body.ts, text: expect.stringMatching(/published a stakeholder update$/) });
    // The update's words, escaped: no @channel ping, no stray entity.
    expect(update!.args.blocks[1]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: 'Payments recovering &amp; &lt;!channel&gt; keep watching' } });
  });

  it('waits out the Retry-After of a 429 before trying again', async () => {
    const clock = new TestClock();
    room = await startSlackRoom(clock);
    const limitedAt = clock.now();
    room.standIn.script('chat.postMessage', { status: 429, retryAfter: 120 });
    await declareIncident(room.server, 'Rate limited', 'SEV3');
    await eventually(() => retriesRecorded().length === 1, 'the first attempt recorded');
    expect(attemptsOf('Rate limited').map((c) => c.status)).toEqual([429]);
    expect(retriesRecorded()[0]).toMatchObject({ status: 429, retryInMs: 120 * SECOND });

    // Past the outbox's own first backoff (5 s), short of Retry-After: another incident's post goes
    // out, and the limited one waits.
    clock.advance(60 * SECOND);
    await declareIncident(room.server, 'Another incident', 'SEV4');
    await eventually(() => room!.standIn.ok('chat.postMessage').some((c) => c.args.text.includes('Another incident')), 'the other incident posted');
    expect(attemptsOf('Rate limited')).toHaveLength(1);

    clock.advance(60 * SECOND);
    await eventually(() => attemptsOf('Rate limited').length === 2, 'the second attempt');
    expect(attemptsOf('Rate limited')[1]).toMatchObject({ status: 200 });
    expect(attemptsOf('Rate limited')[1]!.at).toBeGreaterThanOrEqual(limitedAt + 120 * SECOND);
  });

  it('delivers every post, once each and in order, after a minute of Slack answering 500', async () => {
    const clock = new TestClock();
    room = await startSlackRoom(clock);
    room.standIn.outage('chat.postMessage', { status: 500 });
    const id = await declareIncident(room.server, 'Slack is down too', 'SEV2');
    // Commands go through while Slack fails.
    await command(id, { type: 'acknowledge' });
    await command(id, { type: 'setSeverity', severity: 'SEV1' });
    await command(id, { type: 'publishUpdate', text: 'Mitigation in progress' });
    await command(id, { type: 'setStatus', status: 'identified' });
    const failed = () => room!.standIn.calls.filter((c) => c.method === 'chat.postMessage' && c.status === 500);

    // The outbox's backoff: 5 s, 10 s, 20 s, then 40 s; the posts behind wait for the first.
    for (const [attempts, wait] of [[1, 5], [2, 10], [3, 20], [4, 25]] as const) {
      await eventually(() => retriesRecorded().length === attempts, `attempt ${attempts} recorded`);
      clock.advance(wait * SECOND);
    }
    expect(failed()).toHaveLength(4);
    expect(failed().every((c) => c.args.text.includes('Slack is down too'))).toBe(true);
    room.standIn.outage('chat.postMessage', null);
    clock.advance(15 * SECOND);

    const root = rootCall('Slack is down too');
    await eventually(() => postsAbout(root).length === 5, 'all five posts');
    const posts = postsAbout(root);
    expect(posts.map((c) => c.args.text.replace(/^.*?(declared|acknowledged|changed severity|published|changed status)/, '$1'))).toEqual([
      'declared SEV2: Slack is down too',
      'acknowledged',
      'changed severity SEV2 → SEV1',
      'published a stakeholder update',
      'changed status investigating → identified',
    ]);
    expect(posts.slice(1).every((c) => c.args.thread_ts === posts[0]!.body.ts)).toBe(true);
    expect(failed()).toHaveLength(4);
  });

  it('gives up on a post Slack says can never go, and the next one starts the thread', async () => {
    const clock = new TestClock();
    room = await startSlackRoom(clock);
    room.standIn.script('chat.postMessage', { error: 'not_in_channel' });
    const id = await declareIncident(room.server, 'Bot was removed', 'SEV3');
    await eventually(() => room!.log.some((l) => l.msg === 'outgoing message given up' && l.channel === 'slack'), 'given up');
    expect(room.log.find((l) => l.msg === 'outgoing message given up')).toMatchObject({ attempts: 1, err: 'not_in_channel' });
    await command(id, { type: 'setSeverity', severity: 'SEV2' });
    await eventually(() => room!.standIn.ok('chat.postMessage').length === 1, 'the next post');
    // Read outside the declaration, the new root says which incident it is about.
    expect(room.standIn.ok('chat.postMessage')[0]!.args).toMatchObject({ channel: SLACK_CHANNEL, text: expect.stringMatching(/^SEV2 Bot was removed: .*changed severity SEV3 → SEV2$/) });
    expect(room.standIn.ok('chat.postMessage')[0]!.args.thread_ts).toBeUndefined();
    expect(retriesRecorded()).toEqual([]);
  });
});
