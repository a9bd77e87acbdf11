/**
 * A private incident in Slack (issues 13 and 14): nothing about it is posted in the announcement
 * channel; each member whose Slack account is linked to theirs is told by direct message, and no
 * one else: not a guest account (which proves nothing about who reads its messages), not a member
 * without Slack.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../helpers/clients.ts';
import { startOidcProvider } from '../helpers/oidcProvider.ts';
import type { TestProvider } from '../helpers/oidcProvider.ts';
import { signInWithProvider } from '../helpers/oidcSignIn.ts';
import { commandForm, SLACK_CHANNEL, SLACK_TOKEN, startSlackRoom } from '../helpers/slackStandIn.ts';
import type { SlackRoom, StandInUser } from '../helpers/slackStandIn.ts';
import { TestClock } from '../helpers/testClock.ts';

const ANA: StandInUser = { id: 'U0ANA', team: 'T0TEAM', handle: 'ana', realName: 'Ana Lima', email: 'ana@example.org' };
const BEA: StandInUser = { id: 'U0BEA', team: 'T0TEAM', handle: 'bea', realName: 'Bea Ruiz' };
const TITLE = 'Payroll export leaked';

describe('private incidents in Slack', () => {
  let provider: TestProvider;
  let room: SlackRoom;
  beforeAll(async () => {
    provider = await startOidcProvider([
      { sub: 'ana', name: 'Ana Lima', email: 'ana@example.org', groups: [] },
      { sub: 'dan', name: 'Dan Cho', email: 'dan@example.org', groups: [] },
    ]);
    room = await startSlackRoom(new TestClock({ running: true }), provider.env());
    room.standIn.addUser(ANA);
    room.standIn.addUser(BEA);
  });
  afterEach(() => expect(room.standIn.violations).toEqual([]));
  afterAll(async () => {
    await room?.close();
    await provider?.close();
  });

  const incident = (as: StandInUser, text: string) => room.send('commands', commandForm(as, SLACK_CHANNEL, text, room.standIn.responseUrl()));

  it('tells only the members with a linked Slack account, by direct message', async () => {
    await signInWithProvider(room.server, 'ana');
    const dan = await signInWithProvider(room.server, 'dan');
    const danId = (await dan.api('GET', '/api/session')).body.userId;
    // Bea becomes a guest account; Ana's Slack account is hers by its verified email.
    expect((await incident(BEA, 'link')).body.text).toContain('link-chat');
    const declared = await incident(ANA, `declare private SEV2 ${TITLE}`);
    const id = /incidents\/(inc-[a-z0-9]{8})\|/.exec(declared.body.text)![1]!;
    const people = (await room.server.api('GET', '/api/users')).body.users as Array<{ id: string; name: string }>;
    const beaGuest = people.find((p) => p.name === 'Bea Ruiz (Slack)')!;
    for (const userId of [danId, beaGuest.id]) {
      expect((await room.server.api('POST', `/api/incidents/${id}/commands`, { type: 'addMember', userId })).status).toBe(200);
    }
    expect((await room.server.api('POST', `/api/incidents/${id}/commands`, { type: 'setSeverity', severity: 'SEV1' })).status).toBe(200);

    const dms = () => room.standIn.ok('chat.postMessage').filter((c) => c.args.channel.startsWith('D'));
    await eventually(() => dms().some((c) => c.args.text.includes('changed severity SEV2 → SEV1')), 'the severity change told by DM');
    const opened = room.standIn.ok('conversations.open');
    expect(new Set(opened.map((c) => c.args.users))).toEqual(new Set([ANA.id]));
    expect(new Set(dms().map((c) => c.args.channel))).toEqual(new Set([opened[0]!.body.channel.id]));
    expect(dms()[0]!.authorization).toBe(`Bearer ${SLACK_TOKEN}`);
    expect(dms()[0]!.args.text).toContain(`declared SEV2: ${TITLE}`);
    // Read outside any thread, each later message says which incident it is about.
    const later = dms().find((c) => c.args.text.includes('changed severity'))!;
    expect(later.args.blocks[0].text.text).toContain(`|SEV1 ${TITLE}>`);

    expect(room.standIn.calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === SLACK_CHANNEL)).toEqual([]);
    expect(JSON.stringify(room.standIn.calls.filter((c) => !c.args.channel?.startsWith?.('D')))).not.toContain('Payroll');
  });
});
