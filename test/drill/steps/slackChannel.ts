/**
 * Step 3: the Slack channel follows the incident: its thread opens with the declaration and
 * carries the acknowledgement; from Slack, one responder claims comms and another puts a note
 * into the transcript with `/incident note`, each acting as their own account (matched by email).
 */
import { SLACK_CHANNEL, SLACK_SECRET, commandForm, sendAsSlack } from '../../helpers/slackStandIn.ts';
import type { StandInUser } from '../../helpers/slackStandIn.ts';
import { check, waitFor } from '../drillState.ts';
import type { DrillState } from '../drillState.ts';
import type { StepLog } from '../stepLog.ts';
import type { World } from '../world.ts';

/** Texts of the bot's successful posts in the channel and its threads, in order. */
export function slackPosts(world: World): string[] {
  return world.slack.ok('chat.postMessage').map((c) => String(c.args.text));
}

async function slash(world: World, node: number, user: StandInUser, typed: string): Promise<string> {
  const res = await sendAsSlack(world.cluster.nodes[node]!.url, 'commands', commandForm(user, SLACK_CHANNEL, typed, world.slack.responseUrl()), { secret: SLACK_SECRET, now: Date.now() });
  check(res.status === 200, `/incident ${typed}: ${res.status} ${JSON.stringify(res.body)}`);
  return String(res.body?.text ?? '');
}

export async function slackChannel(world: World, state: DrillState, log: StepLog): Promise<void> {
  const { primary } = world.cast;
  await waitFor('the declaration and the acknowledgement in Slack', async () => slackPosts(world), (posts) => posts.some((t) => / declared SEV1: /.test(t)) && posts.includes(`${primary.name} acknowledged`));
  log.note(`Slack thread: "${slackPosts(world).find((t) => / declared SEV1: /.test(t))}", "${primary.name} acknowledged"`);

  const [ana, ben] = world.slackUsers as [StandInUser, StandInUser];
  const claimed = await slash(world, 2, ben, `claim comms ${state.incidentId}`);
  state.slackNote = `Rolled back checkout deploy 2231 from Slack (${state.incidentId})`;
  const noted = await slash(world, 0, ana, `note ${state.incidentId} ${state.slackNote}`);
  const firstLine = (reply: string) => reply.split('\n')[0]!.slice(0, 80);
  log.note(`/incident claim comms → "${firstLine(claimed)}"; /incident note → "${firstLine(noted)}"`);

  const x = await waitFor('the Slack note in the transcript', async () => (await world.cluster.api('GET', `/api/incidents/${state.incidentId}/export.json`, undefined, { node: 1 })).body, (b) => b.transcript.some((e: any) => e.text === state.slackNote));
  const entry = x.transcript.find((e: any) => e.text === state.slackNote);
  check(entry.author?.name === world.cast.responders[0]!.name, `the Slack note is by ${entry.author?.name}, not ${world.cast.responders[0]!.name}`);
  check(x.roles.comms?.id === world.cast.responders[1]!.userId, `comms is ${x.roles.comms?.name}, not ${world.cast.responders[1]!.name}`);
  log.note(`note in the transcript as ${entry.author.name}; ${x.roles.comms.name} holds comms`);
}
