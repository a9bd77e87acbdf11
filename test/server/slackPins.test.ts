/**
 * Chat into the transcript (issue 14): a :pushpin: on a person's message in an incident's thread
 * adds it as its author, at the time it was said, once however often Slack sends the event; a
 * failed lookup answers 500 so Slack's retry does it; bot posts and messages outside incidents are
 * left alone; the "Add to transcript" message shortcut does the same; the Events API URL check is
 * answered.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../helpers/clients.ts';
import { declareIncident } from '../helpers/incidents.ts';
import { messageShortcut, reactionEvent, SLACK_CHANNEL, startSlackRoom } from '../helpers/slackStandIn.ts';
import type { SlackRoom, StandInUser, StoredMessage } from '../helpers/slackStandIn.ts';
import { TestClock } from '../helpers/testClock.ts';

const BEA: StandInUser = { id: 'U0BEA', team: 'T0TEAM', handle: 'bea', realName: 'Bea Ruiz' };
const CARL: StandInUser = { id: 'U0CARL', team: 'T0TEAM', handle: 'carl', realName: 'Carl Diaz' };
const MINUTE = 60_000;

describe('pinning Slack messages to the transcript', () => {
  const clock = new TestClock({ running: true });
  let room: SlackRoom;
  let events = 0;
  beforeAll(async () => {
    room = await startSlackRoom(clock);
    room.standIn.addUser(BEA);
    room.standIn.addUser(CARL);
  });
  afterEach(() => expect(room.standIn.violations).toEqual([]));
  afterAll(() => room?.close());

  /** An incident whose thread exists, and its root post. */
  const incidentWithThread = async (title: string): Promise<{ id: string; root: StoredMessage }> => {
    const id = await declareIncident(room.server, title, 'SEV2');
    // A second post goes into the thread only once the first was recorded as its root.
    expect((await room.server.api('POST', `/api/incidents/${id}/commands`, { type: 'setSeverity', severity: 'SEV1' })).status).toBe(200);
    let root: StoredMessage | undefined;
    await eventually(() => {
      root = room.standIn.messages(SLACK_CHANNEL).find((m) => !m.thread_ts && m.text.includes(title));
      return root !== undefined && room.standIn.messages(SLACK_CHANNEL).some((m) => m.thread_ts === root!.ts);
    }, 'the thread started');
    return { id, root: root! };
  };
  const transcript = async (id: string) => (await room.server.api('GET', `/api/incidents/${id}/export.json`)).body.transcript;
  const pin = (m: StoredMessage, eventId = `Ev${++events}`, headers: Record<string, string> = {}) =>
    room.send('events', reactionEvent(BEA, eventId, { channel: m.channel, ts: m.ts, author: m.user ?? '' }), { headers });
  const ephemeralsTo = (user: string) => room.standIn.ok('chat.postEphemeral').filter((c) => c.args.user === user);

  it('answers the URL check with its challenge', async () => {
    const res = await room.send('events', JSON.stringify({ token: 'x', challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P', type: 'url_verification' }));
    expect(res).toEqual({ status: 200, body: { challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' } });
  });

  it('adds a pinned thread message as its author at its own time, once across Slack’s retries', async () => {
    const { id, root } = await incidentWithThread('Checkout errors');
    const said = clock.now() - 3 * MINUTE;
    const ts = room.standIn.say(SLACK_CHANNEL, { user: CARL.id, text: 'rolled back <https://deploy.example/42|deploy 42> &amp; restarted &lt;worker&gt;', threadTs: root.ts, at: said });
    const message = room.standIn.messages(SLACK_CHANNEL).find((m) => m.ts === ts)!;

    expect((await pin(message, 'EvPinned')).status).toBe(200);
    for (const retry of ['1', '2']) expect((await pin(message, 'EvPinned', { 'x-slack-retry-num': retry, 'x-slack-retry-reason': 'http_timeout' })).status).toBe(200);
    expect(await transcript(id)).toEqual([
      expect.objectContaining({ text: 'rolled back deploy 42 (https://deploy.example/42) & restarted <worker>', at: said, author: expect.objectContaining({ name: 'Carl Diaz (Slack)' }) }),
    ]);
    // The message was found among the thread's replies, asked for as Slack documents.
    expect(room.standIn.ok('conversations.replies').at(-1)!.args).toMatchObject({ channel: SLACK_CHANNEL, ts, latest: ts, oldest: ts, inclusive: 'true', limit: '1' });
    await eventually(() => ephemeralsTo(BEA.id).some((c) => c.args.thread_ts === root.ts), 'Bea told it was added');
    expect(ephemeralsTo(BEA.id).at(-1)!.args.text).toContain('added Carl Diaz (Slack)’s message to the transcript');
  });

  it('answers 500 when Slack cannot give the message, so that its retry adds it', async () => {
    const { id, root } = await incidentWithThread('Queue backlog');
    const ts = room.standIn.say(SLACK_CHANNEL, { user: CARL.id, text: 'consumer lag is 4h', threadTs: root.ts, at: clock.now() - MINUTE });
    const message = room.standIn.messages(SLACK_CHANNEL).find((m) => m.ts === ts)!;
    room.standIn.script('conversations.history', { status: 500 });
    expect((await pin(message, 'EvFlaky')).status).toBe(500);
    expect(await transcript(id)).toEqual([]);
    expect((await pin(message, 'EvFlaky', { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_error' })).status).toBe(200);
    expect((await transcript(id)).map((e: { text: string }) => e.text)).toEqual(['consumer lag is 4h']);
    await eventually(() => ephemeralsTo(BEA.id).some((c) => c.args.thread_ts === root.ts), 'Bea told it was added');
  });

  it('leaves bot posts and messages outside incidents alone, and says nothing about them', async () => {
    const { id, root } = await incidentWithThread('Search is slow');
    const elsewhere = room.standIn.say(SLACK_CHANNEL, { user: CARL.id, text: 'lunch?', at: clock.now() - MINUTE });
    const before = ephemeralsTo(BEA.id).length;
    expect((await pin(room.standIn.messages(SLACK_CHANNEL).find((m) => m.ts === elsewhere)!)).status).toBe(200);
    expect((await pin(root)).status).toBe(200);
    const botReply = room.standIn.messages(SLACK_CHANNEL).find((m) => m.thread_ts === root.ts)!;
    expect((await pin(botReply)).status).toBe(200);
    expect(await transcript(id)).toEqual([]);
    // A pin that counts, behind them: once it is confirmed, the others had their chance to say something.
    const ts = room.standIn.say(SLACK_CHANNEL, { user: CARL.id, text: 'index rebuilt', threadTs: root.ts, at: clock.now() - 1000 });
    expect((await pin(room.standIn.messages(SLACK_CHANNEL).find((m) => m.ts === ts)!)).status).toBe(200);
    await eventually(() => ephemeralsTo(BEA.id).slice(before).some((c) => c.args.text.startsWith('added')), 'the counted pin confirmed');
    expect(ephemeralsTo(BEA.id).slice(before).map((c) => c.args.text.split('\n')[0])).toEqual([expect.stringMatching(/^added .+’s message to the transcript$/)]);
    expect((await transcript(id)).map((e: { text: string }) => e.text)).toEqual(['index rebuilt']);
  });

  it('adds a message through the "Add to transcript" shortcut, and tells the person who used it', async () => {
    const { id, root } = await incidentWithThread('Images missing');
    const said = clock.now() - 2 * MINUTE;
    const ts = room.standIn.say(SLACK_CHANNEL, { user: CARL.id, text: 'CDN purge done', threadTs: root.ts, at: said });
    const message = room.standIn.messages(SLACK_CHANNEL).find((m) => m.ts === ts)!;
    const responseUrl = room.standIn.responseUrl();
    expect((await room.send('interactions', messageShortcut(BEA, message, 'add_to_transcript', responseUrl))).status).toBe(200);
    await eventually(() => room.standIn.responses.some((r) => responseUrl.endsWith(r.path)), 'Bea told');
    expect(room.standIn.responses.find((r) => responseUrl.endsWith(r.path))!.body.text).toMatch(/^added .+’s message to the transcript\n<http:\/\/localhost:\d+\/incidents\/inc-[a-z0-9]{8}\|Open the room>$/);
    expect(await transcript(id)).toEqual([expect.objectContaining({ text: 'CDN purge done', at: said, author: expect.objectContaining({ name: 'Carl Diaz (Slack)' }) })]);

    const botPost = messageShortcut(BEA, root, 'add_to_transcript', room.standIn.responseUrl());
    const refusedUrl = new URLSearchParams(botPost).get('payload')!;
    expect((await room.send('interactions', botPost)).status).toBe(200);
    await eventually(() => room.standIn.responses.some((r) => JSON.parse(refusedUrl).response_url.endsWith(r.path)), 'Bea told why not');
    expect(await transcript(id)).toHaveLength(1);
  });
});
