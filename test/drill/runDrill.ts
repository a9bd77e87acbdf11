/**
 * The scripted outage of issue 22, from alert to follow-up, on three nodes with every outside
 * system played locally: the steps in order, each timed, then the verdict, then the incident's
 * own timeline. Used by `npm run drill` (scripts/drill.ts) and by test/browser/drill.test.ts.
 */
import { launchBrowser } from '../helpers/browser.ts';
import { checkExactlyOnce, checkNothingLostOrTwice, checkStoryInOrder, describeEvent } from './checks.ts';
import type { IncidentExport } from '../../shared/incidentExport.ts';
import { check, newDrillState } from './drillState.ts';
import type { DrillState } from './drillState.ts';
import type { DrillSize } from './sizes.ts';
import { StepLog, offset } from './stepLog.ts';
import { alertsArrive } from './steps/alertsArrive.ts';
import { comms } from './steps/comms.ts';
import { pageAndAcknowledge } from './steps/pageAndAcknowledge.ts';
import { slackChannel } from './steps/slackChannel.ts';
import { workThroughRestarts } from './steps/workThroughRestarts.ts';
import type { RestartOutcome } from './steps/workThroughRestarts.ts';
import { wrapUp } from './steps/wrapUp.ts';
import { startWorld } from './world.ts';
import type { World } from './world.ts';

export interface DrillResult {
  log: StepLog;
  state: DrillState;
  /** The incident's timeline as printed at the end. */
  timeline: string[];
  /** What every node printed, for a failure's message. */
  nodeLogs: string;
}

export async function runDrill(size: DrillSize, print: (line: string) => void): Promise<DrillResult> {
  const log = new StepLog(print);
  const state = newDrillState();
  const timeline: string[] = [];
  let world: World | null = null;
  let outcome: RestartOutcome | null = null;
  const browser = await launchBrowser();
  try {
    print(`Drill (${size.name}): ${size.browserResponders} responders in Chromium, ${size.botScribes} scripted scribes writing every ${size.botEveryMs} ms through the restart and the kill, ${2 + size.alertBurst} alerts`);
    world = await log.step('0. the world starts (cluster, stand-ins, people, schedule, policy)', () => startWorld(size, (t) => log.note(t)));
    const w = world;
    await log.step('1. alerts arrive at different nodes; one incident opens', () => alertsArrive(w, state, log));
    await log.step('2. the policy pages the on-call person, who acknowledges from the email link', () => pageAndAcknowledge(w, browser, state, log));
    await log.step('3. Slack gets the declaration and the acknowledgement; a claim and a note from Slack', () => slackChannel(w, state, log));
    outcome = await log.step('4. responders work in Chromium while node 1 restarts and node 2 is killed', () => workThroughRestarts(w, browser, state, log));
    const pages = outcome.pages;
    await log.step('5. comms publishes; the stakeholder link and the status page show it', () => comms(w, browser, pages, state, log));
    await log.step('6. resolved; postmortem drafted, exported and published; follow-up to the tracker', () => wrapUp(w, state, log));
    await log.step('7. nothing lost, nothing twice, every message once, the story in order', async () => {
      // Outgoing messages still in the outbox would be counted short: let the Slack posts of the last events arrive.
      const x = await exportWhenSettled(w, state);
      checkExactlyOnce(w, x, state, log);
      await checkNothingLostOrTwice(w, x, state, log);
      checkStoryInOrder(w, x, state, log);
      const errors = pages.flatMap((p) => p.errors.map((e) => `${p.name}: ${e}`));
      check(errors.length === 0, `the room threw in Chromium: ${errors.join('; ')}`);
      timeline.push(...storyLines(x, log.startedAt));
    });
    return { log, state, timeline, nodeLogs: world.cluster.logs() };
  } catch (error) {
    const logs = world?.cluster.logs() ?? '';
    throw Object.assign(error as Error, { nodeLogs: logs, stepLog: log });
  } finally {
    for (const p of outcome?.providers ?? []) p.destroy();
    await browser.close().catch(() => {});
    await world?.close();
  }
}

/** The export once the Slack outbox has caught up with the timeline (posts trail commands). */
async function exportWhenSettled(world: World, state: DrillState): Promise<IncidentExport> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const x = (await world.cluster.api('GET', `/api/incidents/${state.incidentId}/export.json`, undefined, { node: 1 })).body as IncidentExport;
    const announced = x.events.filter((e) => ['declared', 'acknowledged', 'role.claimed', 'role.assigned', 'paged', 'update.published'].includes(e.type) || (e.type === 'status.changed' && e.category === 'resolved')).length;
    const posted = world.slack.ok('chat.postMessage').length;
    if (posted >= announced || Date.now() > deadline) {
      // A few polls more: a post sent twice would arrive now.
      await new Promise((r) => setTimeout(r, 1500));
      return (await world.cluster.api('GET', `/api/incidents/${state.incidentId}/export.json`, undefined, { node: 2 })).body as IncidentExport;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The incident's timeline, events and transcript merged, the transcript's bulk summarised. */
function storyLines(x: IncidentExport, start: number): string[] {
  const entries = [...x.events.map((e) => ({ at: e.at, what: describeEvent(x, e) })), ...x.transcript.filter((t) => !/^bot\d/.test(t.id)).map((t) => ({ at: t.at, what: `transcript: "${t.text}" (${t.author?.name ?? 'unknown'})` }))].sort((a, b) => a.at - b.at);
  const bots = x.transcript.filter((t) => /^bot\d/.test(t.id));
  const lines = entries.map((e) => `${offset(e.at - start)}  ${e.what}`);
  if (bots.length) lines.push(`(plus ${bots.length} entries of the scripted scribes, ${offset(Math.min(...bots.map((b) => b.at)) - start)} to ${offset(Math.max(...bots.map((b) => b.at)) - start)})`);
  return lines;
}
