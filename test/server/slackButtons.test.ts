/**
 * Buttons on the bot's posts (issue 14): pressing the Acknowledge button Slack shows under the
 * declaration acknowledges the incident as the person who pressed it, who alone is told so; a
 * guest pressing a Claim button is sent the link to connect their account instead; the Open the
 * room button needs nothing from the app; a response_url that is not Slack's is never posted to.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../helpers/clients.ts';
import { declareIncident } from '../helpers/incidents.ts';
import { startScriptedReceiver } from '../helpers/scriptedReceiver.ts';
import type { ScriptedReceiver } from '../helpers/scriptedReceiver.ts';
import { buttonPress, SLACK_CHANNEL, startSlackRoom } from '../helpers/slackStandIn.ts';
import type { ButtonElementShown, SlackRoom, StandInUser, StoredMessage } from '../helpers/slackStandIn.ts';
import { TestClock } from '../helpers/testClock.ts';

const BEA: StandInUser = { id: 'U0BEA', team: 'T0TEAM', handle: 'bea', realName: 'Bea Ruiz' };

describe('buttons on Slack posts', () => {
  let room: SlackRoom;
  let elsewhere: ScriptedReceiver;
  beforeAll(async () => {
    room = await startSlackRoom(new TestClock({ running: true }));
    room.standIn.addUser(BEA);
    elsewhere = await startScriptedReceiver();
  });
  afterEach(() => expect(room.standIn.violations).toEqual([]));
  afterAll(async () => {
    await elsewhere?.close();
    await room?.close();
  });

  /** The declaration as the bot posted it, once it has. */
  const declaration = async (title: string): Promise<StoredMessage> => {
    let root: StoredMessage | undefined;
    await eventually(() => (root = room.standIn.messages(SLACK_CHANNEL).find((m) => !m.thread_ts && m.text.includes(title))) !== undefined, 'the declaration posted');
    return root!;
  };
  const button = (post: StoredMessage, label: string): ButtonElementShown => {
    const found = post.blocks!.flatMap((b) => (b.type === 'actions' ? b.elements : [])).find((e: ButtonElementShown) => e.text.text === label);
    if (!found) throw new Error(`no button ${label}`);
    return found;
  };
  const press = (post: StoredMessage, b: ButtonElementShown, responseUrl = room.standIn.responseUrl()) =>
    room.send('interactions', buttonPress(BEA, { channel: SLACK_CHANNEL, messageTs: post.ts }, { actionId: b.action_id, value: b.value }, responseUrl));
  const responsesTo = (url: string) => room.standIn.responses.filter((r) => url.endsWith(r.path));

  it('acknowledges as the person who pressed Acknowledge, and tells only them', async () => {
    const id = await declareIncident(room.server, 'Checkout errors', 'SEV2');
    const post = await declaration('Checkout errors');
    const ack = button(post, 'Acknowledge');
    expect(ack).toMatchObject({ action_id: 'incident:acknowledge', value: id, style: 'primary' });
    expect(button(post, 'Open the room').url).toBe(`http://localhost:${room.server.port}/incidents/${id}`);

    const responseUrl = room.standIn.responseUrl();
    const res = await press(post, ack, responseUrl);
    expect(res.status).toBe(200);
    await eventually(() => responsesTo(responseUrl).length === 1, 'the outcome shown to Bea');
    expect(responsesTo(responseUrl)[0]!.body).toMatchObject({ response_type: 'ephemeral', replace_original: false, text: expect.stringMatching(/^acknowledged\n<http:\/\/localhost:\d+\/incidents\/inc-[a-z0-9]{8}\|Open the room>$/) });
    const x = (await room.server.api('GET', `/api/incidents/${id}/export.json`)).body;
    expect(x.incident.acknowledgedAt).not.toBeNull();
    expect(x.events.find((e: { type: string }) => e.type === 'acknowledged').actor.name).toBe('Bea Ruiz (Slack)');
  });

  it('sends a guest who presses Claim the link to connect their account, and claims nothing', async () => {
    const id = await declareIncident(room.server, 'Search is slow', 'SEV3');
    const post = await declaration('Search is slow');
    const claim = button(post, 'Claim Incident commander');
    expect(claim).toMatchObject({ action_id: 'incident:claim:commander', value: id });
    const responseUrl = room.standIn.responseUrl();
    expect((await press(post, claim, responseUrl)).status).toBe(200);
    await eventually(() => responsesTo(responseUrl).length === 1, 'the link shown to Bea');
    expect(responsesTo(responseUrl)[0]!.body.text).toMatch(/link your account first to claim[^]*<http:\/\/localhost:\d+\/link-chat#token=irc_[\w-]+\|Link your Slack account>/);
    expect((await room.server.api('GET', `/api/incidents/${id}`)).body.roles.commander).toBeUndefined();
  });

  it('does nothing for the Open the room button', async () => {
    await declareIncident(room.server, 'Images missing', 'SEV4');
    const post = await declaration('Images missing');
    const open = room.standIn.responseUrl();
    expect((await press(post, button(post, 'Open the room'), open)).status).toBe(200);
    // Another press behind it on the same person's queue: once that is shown, the first had its turn.
    const after = room.standIn.responseUrl();
    await press(post, button(post, 'Acknowledge'), after);
    await eventually(() => responsesTo(after).length === 1, 'the later press answered');
    expect(responsesTo(open)).toEqual([]);
  });

  it('never posts to a response_url off Slack’s origin: the outcome goes by chat.postEphemeral', async () => {
    await declareIncident(room.server, 'Login loops', 'SEV3');
    const post = await declaration('Login loops');
    const before = room.standIn.ok('chat.postEphemeral').length;
    expect((await press(post, button(post, 'Acknowledge'), `${elsewhere.url}/commands/T0TEAM/1/x`)).status).toBe(200);
    await eventually(() => room.standIn.ok('chat.postEphemeral').length === before + 1, 'the outcome as an ephemeral message');
    expect(room.standIn.ok('chat.postEphemeral').at(-1)!.args).toMatchObject({ channel: SLACK_CHANNEL, user: BEA.id, text: expect.stringMatching(/^acknowledged/) });
    expect(room.standIn.ok('chat.postEphemeral').at(-1)!.authorization).toBe(`Bearer ${room.standIn.botToken}`);
    expect(elsewhere.requests).toEqual([]);
  });

  it('refuses an unsigned press', async () => {
    const id = await declareIncident(room.server, 'Unsigned press', 'SEV4');
    const post = await declaration('Unsigned press');
    const body = buttonPress(BEA, { channel: SLACK_CHANNEL, messageTs: post.ts }, { actionId: 'incident:acknowledge', value: id }, room.standIn.responseUrl());
    const res = await fetch(`${room.server.url}/api/integrations/slack/interactions`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    expect(res.status).toBe(401);
    expect((await room.server.api('GET', `/api/incidents/${id}`)).body.acknowledgedAt).toBeNull();
  });
});
