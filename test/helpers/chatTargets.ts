/**
 * Both chat webhooks the outbox posts to (issue 14), as stand-ins on a test clock with a server
 * posting to them, and the delivery runs Mattermost's and Teams' tests share. Each target is the
 * other's witness: a post reaching one shows the outbox has run since the clock last moved, so a
 * test of one target's retries knows when the outbox has looked without waiting a fixed time.
 */
import { afterEach, expect, it } from 'vitest';
import { startTestServer } from './testServer.ts';
import type { TestServer } from './testServer.ts';
import { eventually } from './clients.ts';
import { declareIncident } from './incidents.ts';
import { TestClock } from './testClock.ts';
import { capturingLogger } from './logCapture.ts';
import type { CapturedLog } from './logCapture.ts';
import { startMattermostStandIn } from './mattermostStandIn.ts';
import type { MattermostStandIn } from './mattermostStandIn.ts';
import { startTeamsStandIn, textBlocks } from './teamsStandIn.ts';
import type { TeamsStandIn } from './teamsStandIn.ts';
import type { IncomingWebhookStandIn } from './incomingWebhookStandIn.ts';

const SECOND = 1000;

/** The outbox's channel names, as its log lines give them. */
export type ChatChannel = 'mattermost' | 'teams';
const PRODUCT: Record<ChatChannel, string> = { mattermost: 'Mattermost', teams: 'Teams' };

export interface ChatTargets {
  clock: TestClock;
  log: CapturedLog;
  mattermost: MattermostStandIn;
  teams: TeamsStandIn;
  server: TestServer;
}

/**
 * Within a describe: a function that starts both stand-ins and a server posting to them (with
 * `env` added to its settings), each set closed after its test.
 */
export function chatTargetsPerTest(env: Record<string, string> = {}): () => Promise<ChatTargets> {
  const open: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of open.splice(0)) await close();
  });
  return async () => {
    const clock = new TestClock();
    const log = capturingLogger('info');
    const mattermost = await startMattermostStandIn({ now: clock.now });
    const teams = await startTeamsStandIn({ now: clock.now });
    const server = await startTestServer({}, { ...env, MATTERMOST_WEBHOOK_URL: mattermost.webhookUrl, TEAMS_WEBHOOK_URL: teams.webhookUrl }, { clock, logger: log.logger });
    open.push(async () => {
      await server.close();
      await teams.close();
      await mattermost.close();
    });
    return { clock, log, mattermost, teams, server };
  };
}

export async function runCommand(server: TestServer, id: string, command: Record<string, unknown>): Promise<void> {
  const res = await server.api('POST', `/api/incidents/${id}/commands`, command);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

/** Failed attempts at the channel so far: one is recorded once the outbox logs its retry, and only then may the clock move. */
const retries = (log: CapturedLog, channel: ChatChannel) => log.lines.filter((l) => l.msg === 'outgoing message will be retried' && l.channel === channel).length;

export const roomOf = (server: TestServer, id: string) => `http://localhost:${server.port}/incidents/${id}`;

/** The channel's stand-in, the other one, and the line of each post the channel took that says what happened. */
function targetAndWitness(targets: ChatTargets, channel: ChatChannel): { target: IncomingWebhookStandIn; witness: IncomingWebhookStandIn; said: () => string[] } {
  const { mattermost, teams } = targets;
  return channel === 'mattermost'
    ? { target: mattermost, witness: teams, said: () => mattermost.posts().map((p) => p.text) }
    : { target: teams, witness: mattermost, said: () => teams.cards().map((c) => textBlocks(c)[1]!) };
}

/**
 * The channel answers the first post 429 with Retry-After: it is asked nothing more until that
 * time has passed, then takes that post and the two made meanwhile, in order.
 */
async function postsAfterRetryAfter(targets: ChatTargets, channel: ChatChannel, retryAfterSeconds: number): Promise<void> {
  const { clock, log, server } = targets;
  const { target, witness, said } = targetAndWitness(targets, channel);
  target.answer({ status: 429, retryAfter: String(retryAfterSeconds) });
  const id = await declareIncident(server, 'Rate limited', 'SEV4');
  await eventually(() => retries(log, channel) === 1 && witness.taken().length === 1, 'the first attempt, limited');
  const limitedAt = target.requests[0]!.at;
  // Time passes in steps, to a second short of the Retry-After; after each the outbox has looked
  // (the witness took a post), and the channel has not been asked again.
  for (const [step, severity, posted] of [[5, 'SEV3', 2], [retryAfterSeconds - 6, 'SEV2', 3]] as const) {
    clock.advance(step * SECOND);
    await runCommand(server, id, { type: 'setSeverity', severity });
    await eventually(() => witness.taken().length === posted, `a post to the other channel after ${step} s`);
  }
  clock.advance(1 * SECOND);
  await eventually(() => target.taken().length === 3, 'all three posted');
  expect(target.requests[1]!.at - limitedAt).toBeGreaterThanOrEqual(retryAfterSeconds * SECOND);
  expect(said()).toEqual([expect.stringContaining('declared SEV4'), expect.stringContaining('SEV4 → SEV3'), expect.stringContaining('SEV3 → SEV2')]);
}

/** The channel is down (500) for over a minute: nothing is lost, and once it is up it takes every post in order. */
async function postsAfterOutage(targets: ChatTargets, channel: ChatChannel): Promise<void> {
  const { clock, log, server } = targets;
  const { target, said } = targetAndWitness(targets, channel);
  target.down();
  const id = await declareIncident(server, 'Chat outage', 'SEV3');
  await runCommand(server, id, { type: 'publishUpdate', text: 'Investigating.' });
  await runCommand(server, id, { type: 'setStatus', status: 'identified' });
  // Backoff 5, 10, 20, 40 s: five failed attempts of the first post over 75 s.
  for (const [attempts, wait] of [[1, 5], [2, 10], [3, 20], [4, 40]] as const) {
    await eventually(() => retries(log, channel) === attempts, `attempt ${attempts}`);
    clock.advance(wait * SECOND);
  }
  await eventually(() => retries(log, channel) === 5, 'attempt 5');
  expect(target.taken()).toEqual([]);
  target.up();
  clock.advance(80 * SECOND);
  await eventually(() => target.taken().length === 3, 'all three posted');
  expect(said()).toEqual([expect.stringContaining('declared SEV3'), expect.stringContaining('published a stakeholder update'), expect.stringContaining('investigating → identified')]);
  expect(target.violations).toEqual([]);
}

/**
 * A private incident with an update, then a public one: once the public declaration has been
 * taken, the private one's would have been (posts go out in order), and no request carried its
 * title, its update or its id.
 */
async function neverPostsPrivate(targets: ChatTargets, channel: ChatChannel, postedAbout: (id: string) => number): Promise<void> {
  const { server } = targets;
  const { target } = targetAndWitness(targets, channel);
  const secret = await server.api('POST', '/api/incidents', { title: 'Payroll export leaked', severity: 'SEV2', private: true });
  expect(secret.status).toBe(201);
  await runCommand(server, secret.body.id, { type: 'publishUpdate', text: 'Contained.' });
  const later = await declareIncident(server, 'Public incident afterwards', 'SEV4');
  await eventually(() => postedAbout(later) === 1, 'the later declaration posted');
  const sent = target.requests.map((r) => r.raw).join('\n');
  for (const word of ['Payroll', 'Contained', secret.body.id]) expect(sent).not.toContain(word);
}

/**
 * Within a describe: the delivery behaviours every chat channel shares, as tests of `channel`.
 * `postedAbout` counts the posts the channel took about an incident; `retryAfterSeconds` is the
 * wait its 429 asks for.
 */
export function itDeliversLikeEveryChatChannel(
  channel: ChatChannel,
  setUp: () => Promise<ChatTargets>,
  options: { retryAfterSeconds: number; postedAbout: (targets: ChatTargets, id: string) => number },
): void {
  it('never posts a private incident', async () => {
    const targets = await setUp();
    await neverPostsPrivate(targets, channel, (id) => options.postedAbout(targets, id));
  });
  it('waits out 429 Retry-After before posting again, then posts everything in order', async () => {
    await postsAfterRetryAfter(await setUp(), channel, options.retryAfterSeconds);
  });
  it(`posts everything, in order, after ${PRODUCT[channel]} was down for over a minute`, async () => {
    await postsAfterOutage(await setUp(), channel);
  });
}
