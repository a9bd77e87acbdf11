/**
 * The `/incident` slash command from Slack (issue 14): a signed command runs as the Slack user's
 * account and its reply links the room; a forged, stale or unsigned request is refused with 401
 * and changes nothing; a Slack user the room does not know acts as a guest ("Bea Ruiz (Slack)")
 * who may declare, ack and note and is asked to link for the rest; a Slack user whose verified
 * email matches an account acts as that account.
 */
import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TestClock } from '../helpers/testClock.ts';
import { startOidcProvider } from '../helpers/oidcProvider.ts';
import type { TestProvider } from '../helpers/oidcProvider.ts';
import { signInWithProvider } from '../helpers/oidcSignIn.ts';
import { commandForm, SLACK_CHANNEL, SLACK_SECRET, startSlackRoom } from '../helpers/slackStandIn.ts';
import type { SlackRoom, StandInUser } from '../helpers/slackStandIn.ts';

const ANA: StandInUser = { id: 'U0ANA', team: 'T0TEAM', handle: 'ana', realName: 'Ana Lima', email: 'Ana@Example.org' };
const CORA: StandInUser = { id: 'U0CORA', team: 'T0TEAM', handle: 'cora', realName: 'Cora Diaz', email: 'cora@example.org' };
const BEA: StandInUser = { id: 'U0BEA', team: 'T0TEAM', handle: 'bea', realName: 'Bea Ruiz', email: 'bea@elsewhere.example' };
const ZED: StandInUser = { id: 'U0ZED', team: 'T0TEAM', handle: 'zed', realName: 'Zed Forger' };

describe('the /incident slash command', () => {
  const clock = new TestClock({ running: true });
  let provider: TestProvider;
  let room: SlackRoom;
  beforeAll(async () => {
    provider = await startOidcProvider([
      { sub: 'ana', name: 'Ana Lima', email: 'ana@example.org', groups: [] },
      { sub: 'cora', name: 'Cora Diaz', email: 'cora@example.org', groups: [] },
    ]);
    room = await startSlackRoom(clock, provider.env());
    room.standIn.addUser(ANA);
    room.standIn.addUser(BEA);
    room.standIn.addUser(ZED);
    room.standIn.addUser(CORA);
  });
  afterEach(() => expect(room.standIn.violations).toEqual([]));
  afterAll(async () => {
    await room?.close();
    await provider?.close();
  });

  const incident = (as: StandInUser, text: string) => room.send('commands', commandForm(as, SLACK_CHANNEL, text, room.standIn.responseUrl()));
  const titles = async () => ((await room.server.api('GET', '/api/incidents')).body.incidents as Array<{ title: string }>).map((i) => i.title);
  const exported = async (id: string) => (await room.server.api('GET', `/api/incidents/${id}/export.json`)).body;
  const roomLink = (text: string) => new RegExp(`<http://localhost:${room.server.port}/incidents/(inc-[a-z0-9]{8})\\|Open the room>`).exec(text)?.[1];

  it('declares from a signed command and answers, to that person only, with a link to the room', async () => {
    const res = await incident(BEA, 'declare SEV2 Checkout <is> down & out');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ response_type: 'ephemeral' });
    expect(res.body.text).toContain('declared SEV2 Checkout &lt;is&gt; down &amp; out');
    const id = roomLink(res.body.text);
    expect(id).toBeDefined();
    expect(res.body.blocks[0]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: res.body.text } });
    const incidents = (await room.server.api('GET', '/api/incidents')).body.incidents;
    expect(incidents).toContainEqual(expect.objectContaining({ id, title: 'Checkout <is> down & out', severity: 'SEV2' }));
  });

  it('refuses forged, stale, unsigned and altered requests with 401, and declares nothing', async () => {
    const before = await titles();
    const body = commandForm(ZED, SLACK_CHANNEL, 'declare SEV1 Forged outage', room.standIn.responseUrl());
    const now = clock.now();
    const timestamp = String(Math.floor(now / 1000));
    const sign = (secret: string, ts: string, signed: string) => `v0=${createHmac('sha256', secret).update(`v0:${ts}:${signed}`).digest('hex')}`;
    const attempts = [
      { signature: sign('another-secret-entirely', timestamp, body) },
      // Well outside the five minutes: this suite's clock runs, and the exact edge is the verifier's unit test.
      { timestamp: String(Math.floor(now / 1000) - 360), signature: sign(SLACK_SECRET, String(Math.floor(now / 1000) - 360), body) },
      { timestamp: String(Math.floor(now / 1000) + 360), signature: sign(SLACK_SECRET, String(Math.floor(now / 1000) + 360), body) },
      { signature: sign(SLACK_SECRET, timestamp, body.replace('Forged', 'Other')) },
      { signature: '' },
      { signature: 'v0=not-hex' },
    ];
    for (const attempt of attempts) {
      const res = await fetch(`${room.server.url}/api/integrations/slack/commands`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': attempt.timestamp ?? timestamp, 'x-slack-signature': attempt.signature },
        body,
      });
      expect(res.status, JSON.stringify(attempt)).toBe(401);
    }
    const unsigned = await fetch(`${room.server.url}/api/integrations/slack/commands`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    expect(unsigned.status).toBe(401);
    expect(await titles()).toEqual(before);
    // Not even a profile lookup for a refused request.
    expect(room.standIn.calls.filter((c) => c.method === 'users.info' && c.args.user === ZED.id)).toEqual([]);
  });

  it('lets a Slack user with no account declare, ack and note as a guest, and asks them to link for the rest', async () => {
    const declared = await incident(BEA, 'declare SEV3 Queue backlog');
    const id = roomLink(declared.body.text)!;
    const ack = await incident(BEA, `ack ${id}`);
    expect(ack.body.text).toMatch(/^acknowledged/);
    const note = await incident(BEA, `note ${id} drained the queue & restarted <worker>`);
    expect(note.body.text).toMatch(/^added to the transcript/);

    const x = await exported(id);
    const declaredEvent = x.events.find((e: { type: string }) => e.type === 'declared');
    expect(declaredEvent.actor.name).toBe('Bea Ruiz (Slack)');
    expect(x.events.find((e: { type: string }) => e.type === 'acknowledged').actor.name).toBe('Bea Ruiz (Slack)');
    expect(x.transcript).toEqual([expect.objectContaining({ text: 'drained the queue & restarted <worker>', author: expect.objectContaining({ name: 'Bea Ruiz (Slack)' }) })]);

    const claim = await incident(BEA, `claim ${id} scribe`);
    expect(claim.body.text).toContain('link your account first to claim');
    expect(claim.body.text).toMatch(new RegExp(`<http://localhost:${room.server.port}/link-chat#token=irc_[A-Za-z0-9_-]+\\|Link your Slack account>`));
    expect((await room.server.api('GET', `/api/incidents/${id}`)).body.roles.scribe ?? null).toBeNull();
    // A guest is looked up at each command, in case their email now matches an account.
    expect(room.standIn.ok('users.info').filter((c) => c.args.user === BEA.id).length).toBeGreaterThan(1);
  });

  it('acts as the account whose email Slack verified for the user', async () => {
    const ana = await signInWithProvider(room.server, 'ana');
    const anaId = (await ana.api('GET', '/api/session')).body.userId;
    const declared = await incident(ANA, 'declare SEV1 Payments failing');
    const id = roomLink(declared.body.text)!;
    const claim = await incident(ANA, `claim ${id} scribe`);
    expect(claim.body.text).toMatch(/^you are Scribe/);
    const x = await exported(id);
    expect(x.events.find((e: { type: string }) => e.type === 'declared').actor).toEqual({ id: anaId, name: 'Ana Lima' });
    expect(x.roles.scribe).toMatchObject({ id: anaId });
    expect(room.standIn.ok('users.info').filter((c) => c.args.user === ANA.id)).toHaveLength(1);
  });

  it('merges a guest into the account their email matches once Slack says it, with what the guest could see', async () => {
    // Slack's profile lookup fails the first time: Cora acts as a guest and declares privately.
    room.standIn.script('users.info', { status: 500 });
    const declared = await incident(CORA, 'declare private SEV2 Payroll export leaking');
    const id = roomLink(declared.body.text)!;
    expect((await exported(id)).events[0].actor.name).toBe('cora (Slack)');
    const cora = await signInWithProvider(room.server, 'cora');
    const coraId = (await cora.api('GET', '/api/session')).body.userId;
    expect((await cora.api('GET', `/api/incidents/${id}`)).status).toBe(404);
    // The next command's lookup succeeds: the guest merges into Cora's account.
    const claim = await incident(CORA, `claim ${id} commander`);
    expect(claim.body.text).toMatch(/^you are Incident commander/);
    expect((await exported(id)).roles.commander).toMatchObject({ id: coraId, name: 'Cora Diaz' });
    expect((await cora.api('GET', `/api/incidents/${id}`)).status).toBe(200);
  });

  it('answers help, and words it cannot read, without touching anything', async () => {
    const help = await incident(BEA, 'help');
    expect(help.body.text).toContain('declare [private] [SEV1|SEV2|SEV3|SEV4] &lt;title&gt;');
    const wrong = await incident(BEA, 'sev 9');
    expect(wrong.body.text).toContain('sev must be one of');
  });
});
