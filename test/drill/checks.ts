/**
 * Step 7, the verdict: every outgoing message delivered exactly once (counted where it arrived:
 * the SMTP server, the Twilio, Slack and GitHub stand-ins, the status subscriber), nothing anyone
 * saw lost and nothing stored twice (the export's transcript against every watcher, the update log
 * against itself), and a timeline that tells the story in order.
 */
import { changesStoredTwice } from '../helpers/cluster.ts';
import { stateDocName } from '../../shared/documents.ts';
import type { IncidentExport } from '../../shared/incidentExport.ts';
import { describeEvent as describeEventText } from '../../shared/eventText.ts';
import { definitionsOf } from '../../shared/stateDoc.ts';
import { check } from './drillState.ts';
import type { DrillState } from './drillState.ts';
import type { StepLog } from './stepLog.ts';
import { slackPosts } from './steps/slackChannel.ts';
import type { World } from './world.ts';


const count = <T>(items: T[], key: (t: T) => string) => items.reduce((m, t) => m.set(key(t), (m.get(key(t)) ?? 0) + 1), new Map<string, number>());

export function checkExactlyOnce(world: World, x: IncidentExport, state: DrillState, log: StepLog): void {
  const { primary, secondary } = world.cast;
  const pat = world.contacts.get(primary.userId)!;
  const sam = world.contacts.get(secondary.userId)!;
  const emails = count(world.smtp.received.flatMap((m) => m.to), (to) => to);
  check(emails.get(pat.email) === 1, `${pat.email} got ${emails.get(pat.email) ?? 0} emails, expected 1`);
  check(!emails.has(sam.email), `${sam.email} got ${emails.get(sam.email)} emails, expected none`);
  const texts = count(world.twilio.texts, (t) => t.to);
  check(texts.get(pat.sms) === 1 && texts.size === 1, `texts per number: ${JSON.stringify([...texts])}, expected one to ${pat.sms}`);
  check(world.twilio.calls.length === 0, `${world.twilio.calls.length} calls placed, expected none`);

  // Slack: one post per announced event, each kind as often as the timeline has it.
  const posts = slackPosts(world);
  const kinds: Array<[string, RegExp, (e: IncidentExport['events'][number]) => boolean]> = [
    ['declaration', / declared SEV\d: /, (e) => e.type === 'declared'],
    ['acknowledgement', / acknowledged$/, (e) => e.type === 'acknowledged'],
    ['claims', / is (?!.*\(on call\)$).+$/, (e) => e.type === 'role.claimed'],
    ['on-call assignments', / \(on call\)$/, (e) => e.type === 'role.assigned'],
    ['pages', /^Paged /, (e) => e.type === 'paged'],
    ['stakeholder updates', / published a stakeholder update$/, (e) => e.type === 'update.published'],
    ['resolution', / resolved the incident$/, (e) => e.type === 'status.changed' && e.category === 'resolved'],
  ];
  const slackCounts: string[] = [];
  for (const [kind, pattern, isEvent] of kinds) {
    const got = posts.filter((p) => pattern.test(p)).length;
    const want = x.events.filter(isEvent).length;
    check(got === want, `Slack got ${got} ${kind} posts, the timeline has ${want}: ${posts.join(' | ')}`);
    slackCounts.push(`${kind} ${got}`);
  }
  const repeated = [...count(posts, (p) => p)].filter(([, n]) => n > 1);
  check(repeated.length === 0, `Slack posts repeated: ${JSON.stringify(repeated)}`);
  check(world.slack.violations.length === 0, `Slack stand-in saw requests off the documented shape: ${world.slack.violations.join('; ')}`);
  check(world.twilio.violations.length === 0, `Twilio stand-in: ${world.twilio.violations.join('; ')}`);

  const issues = world.github.issues.filter((i) => i.title === state.followUpTitle);
  check(issues.length === 1 && world.github.issues.length === 1, `${world.github.issues.length} tracker issues, expected one titled "${state.followUpTitle}"`);
  check(world.github.violations.length === 0, `GitHub stand-in: ${world.github.violations.join('; ')}`);

  for (const text of state.statusUpdates) {
    const got = world.statusSubscriber.received.filter((r) => JSON.stringify(r.body).includes(text)).length;
    check(got === 1, `the status subscriber got the update "${text}" ${got} times`);
  }
  log.note(`exactly once: email ${pat.email} 1, SMS ${pat.sms} 1, secondary 0; Slack ${slackCounts.join(', ')}; tracker issues 1; status subscriber ${state.statusUpdates.length}`);
}

export async function checkNothingLostOrTwice(world: World, x: IncidentExport, state: DrillState, log: StepLog): Promise<void> {
  const ids = count(x.transcript, (e) => e.id);
  const twice = [...ids].filter(([, n]) => n > 1);
  check(twice.length === 0, `transcript entries stored twice: ${JSON.stringify(twice.slice(0, 10))}`);
  const textsTwice = [...count(x.transcript, (e) => e.text)].filter(([, n]) => n > 1);
  check(textsTwice.length === 0, `transcript texts twice: ${JSON.stringify(textsTwice.slice(0, 10))}`);
  let seenTotal = 0;
  for (const [who, seen] of [...state.seen, ...[...state.written].map(([w, list]) => [`written by ${w}`, new Set(list)] as const)]) {
    const lost = [...seen].filter((id) => !ids.has(id));
    check(lost.length === 0, `${lost.length} entries ${who} saw are missing: ${lost.slice(0, 10).join(', ')}`);
    seenTotal += seen.size;
  }
  check(x.transcript.some((e) => e.text === state.slackNote), 'the Slack note is missing from the transcript');
  for (const doc of [state.incidentId, stateDocName(state.incidentId)]) {
    const dup = await changesStoredTwice(world.cluster.db.url, doc);
    check(dup.length === 0, `${doc}: ${dup.length} Yjs changes stored twice in the update log: ${dup.slice(0, 10).join(', ')}`);
  }
  const updates = count(x.updates, (u) => u.text);
  for (const text of state.stakeholderUpdates) check(updates.get(text) === 1, `stakeholder update stored ${updates.get(text) ?? 0} times`);
  log.note(`nothing lost or twice: ${x.transcript.length} entries, each once; ${seenTotal} sightings by ${state.seen.size} watchers and ${state.written.size} writers all present; update log without repeats`);
}

/** The milestones of the story, each found after the one before it. */
export function checkStoryInOrder(world: World, x: IncidentExport, state: DrillState, log: StepLog): void {
  const [commander, comms] = world.cast.responders;
  const note = x.transcript.find((e) => e.text === state.slackNote);
  const story: Array<{ at: number; what: string }> = [
    ...x.events.map((e) => ({ at: e.at, what: describeEvent(x, e) })),
    ...(note ? [{ at: note.at, what: `note: ${note.text}` }] : []),
  ].sort((a, b) => a.at - b.at);
  const primary = world.cast.primary.name;
  const milestones: Array<[string, RegExp]> = [
    ['declared', / declared the incident /],
    ['primary paged', new RegExp(` paged ${primary} \\(on call\\)`)],
    ['acknowledged', new RegExp(`^${primary} acknowledged the incident`)],
    ['comms claimed (Slack)', new RegExp(`^${comms!.name} claimed Communication coordinator`)],
    ['note from Slack', /^note: /],
    ['commander claimed', new RegExp(`^${commander!.name} claimed Incident commander`)],
    ['stakeholder update', / published a stakeholder update/],
    ['public status update', / published on the status page/],
    ['resolved', / changed status .* → Resolved/],
    ['postmortem published', / published the postmortem/],
    ['follow-up added', / added a follow-up/],
  ];
  let from = 0;
  for (const [name, pattern] of milestones) {
    const at = story.findIndex((s, i) => i >= from && pattern.test(s.what));
    check(at >= 0, `the timeline does not tell "${name}" after "${story[from - 1]?.what ?? 'the start'}":\n${story.map((s) => s.what).join('\n')}`);
    from = at + 1;
  }
  // The declaration pages in its own transaction; the alerts that caused it are recorded just after.
  const acknowledged = story.findIndex((s) => / acknowledged the incident/.test(s.what));
  for (const source of ['alertmanager', 'pagerduty']) {
    const at = story.findIndex((s) => s.what.includes(` firing from ${source}:`));
    check(at >= 0 && at < acknowledged, `the first alert from ${source} is not on the timeline before the acknowledgement`);
  }
  log.note(`the timeline tells the story in order (alerts from both senders before the acknowledgement): ${milestones.map(([n]) => n).join(' → ')}`);
}

/** An event as the room's timeline says it, with who did it first (shared/eventText.ts). */
export function describeEvent(x: IncidentExport, e: IncidentExport['events'][number]): string {
  return `${e.actor.name} ${describeEventText(e, definitionsOf(x.incident), PLAIN)}`;
}

const PLAIN = { text: (value: string) => value, time: (at: number) => new Date(at).toISOString() };
