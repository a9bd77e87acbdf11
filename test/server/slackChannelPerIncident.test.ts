/**
 * SLACK_CHANNEL_PER_INCIDENT=true (issue 14): each incident gets a channel of its own, created
 * with a valid name from its id and title; its posts go there, a pointer to it goes to
 * SLACK_CHANNEL; a command typed there is about that incident, and a :pushpin: on a message there
 * adds it to that incident's transcript.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../helpers/clients.ts';
import { declareIncident } from '../helpers/incidents.ts';
import { commandForm, reactionEvent, SLACK_CHANNEL, startSlackRoom } from '../helpers/slackStandIn.ts';
import type { SlackRoom, StandInUser } from '../helpers/slackStandIn.ts';
import { TestClock } from '../helpers/testClock.ts';

const BEA: StandInUser = { id: 'U0BEA', team: 'T0TEAM', handle: 'bea', realName: 'Bea Ruiz' };

describe('a Slack channel per incident', () => {
  const clock = new TestClock({ running: true });
  let room: SlackRoom;
  beforeAll(async () => {
    room = await startSlackRoom(clock, { SLACK_CHANNEL_PER_INCIDENT: 'true' });
    room.standIn.addUser(BEA);
  });
  afterEach(() => expect(room.standIn.violations).toEqual([]));
  afterAll(() => room?.close());

  it('creates the channel, posts there, points to it, and reads commands and pins there as that incident’s', async () => {
    const id = await declareIncident(room.server, 'DB: primary down! (eu-west-1)', 'SEV1');
    await eventually(() => room.standIn.ok('chat.postMessage').some((c) => c.args.channel === SLACK_CHANNEL), 'the pointer posted');
    const [created] = room.standIn.ok('conversations.create');
    expect(created!.args).toEqual({ name: `${id}-db-primary-down-eu-west-1`, is_private: 'false' });
    const channel = created!.body.channel.id as string;
    const posts = room.standIn.ok('chat.postMessage');
    expect(posts.map((c) => [c.args.channel, c.args.thread_ts ?? null])).toEqual([
      [channel, null],
      [SLACK_CHANNEL, null],
    ]);
    expect(posts[0]!.args.text).toMatch(/declared SEV1: DB: primary down! \(eu-west-1\)$/);
    expect(posts[1]!.args.text).toContain(`discussed in <#${channel}>`);

    // Typed in the incident's channel, no id needed.
    const ack = await room.send('commands', commandForm(BEA, channel, 'ack', room.standIn.responseUrl()));
    expect(ack.body.text).toMatch(new RegExp(`^acknowledged\\n<http://localhost:\\d+/incidents/${id}\\|Open the room>$`));
    await eventually(() => room.standIn.ok('chat.postMessage').some((c) => c.args.channel === channel && c.args.text.endsWith('acknowledged')), 'the ack posted there');
    expect(room.standIn.ok('chat.postMessage').filter((c) => c.args.channel === channel).every((c) => c.args.thread_ts === undefined)).toBe(true);

    const said = clock.now() - 30_000;
    const ts = room.standIn.say(channel, { user: BEA.id, text: 'failover to replica started', at: said });
    expect((await room.send('events', reactionEvent(BEA, 'EvChannelPin', { channel, ts, author: BEA.id }))).status).toBe(200);
    const x = (await room.server.api('GET', `/api/incidents/${id}/export.json`)).body;
    expect(x.transcript).toEqual([expect.objectContaining({ text: 'failover to replica started', at: said, author: expect.objectContaining({ name: 'Bea Ruiz (Slack)' }) })]);
    expect(room.standIn.ok('conversations.history').at(-1)!.args).toEqual({ channel, latest: ts, inclusive: 'true', limit: '1' });
  });
});
