/**
 * Step 6: the commander resolves the incident; the postmortem is drafted in its document (the
 * stock y-websocket client, as a responder), exported as Markdown, and reviewed and published by
 * the scribe; a follow-up is filed and exported to the tracker (the GitHub stand-in) through the
 * outbox.
 */
import * as Y from 'yjs';
import { postmortemDocName } from '../../../shared/documents.ts';
import { postmortemMaps } from '../../../shared/postmortem.ts';
import { connectDoc, synced } from '../../helpers/clients.ts';
import { responderToken } from '../../helpers/cluster.ts';
import { check, waitFor } from '../drillState.ts';
import type { DrillState } from '../drillState.ts';
import type { StepLog } from '../stepLog.ts';
import type { World } from '../world.ts';
import type { DrillPerson } from '../people.ts';

export async function wrapUp(world: World, state: DrillState, log: StepLog): Promise<void> {
  const [commander, scribe] = world.cast.responders as [DrillPerson, DrillPerson];
  await commander.command(state.incidentId, { type: 'setStatus', status: 'resolved' });
  log.note(`${commander.name} resolved the incident`);

  const doc = new Y.Doc();
  const provider = connectDoc(world.lb.url.replace('http', 'ws') + '/yjs', postmortemDocName(state.incidentId), await responderToken(world.cluster.nodes[0]!, state.incidentId, 'Postmortem author'), doc);
  try {
    await synced(provider, 20_000);
    const maps = postmortemMaps(doc);
    await waitFor('the postmortem outline', async () => maps.sections.has('summary'), Boolean);
    state.postmortemSummary = `A checkout deploy raised the error rate; rolled back (${state.incidentId}).`;
    maps.sections.get('summary')!.insert(0, state.postmortemSummary);
  } catch (error) {
    provider.destroy();
    throw error;
  }
  const md = await waitFor('the postmortem export with the summary', async () => {
    const res = await fetch(`${world.lb.url}/api/incidents/${state.incidentId}/postmortem.md`, { headers: { cookie: commander.cookie } });
    return { status: res.status, text: await res.text() };
  }, (r) => r.status === 200 && r.text.includes(state.postmortemSummary));
  provider.destroy();
  log.note(`postmortem drafted and exported (${md.text.length} characters of Markdown)`);

  // Reviewed by the scribe, who approves and publishes it.
  const postmortem = `/api/incidents/${state.incidentId}/postmortem`;
  for (const [who, path, body] of [
    [commander, `${postmortem}/review`, { reviewers: [scribe.userId] }],
    [scribe, `${postmortem}/decision`, { decision: 'approved' }],
    [scribe, `${postmortem}/publish`, undefined],
  ] as const) {
    const res = await who.api('POST', path, body);
    check(res.status === 200, `${path}: ${res.status} ${JSON.stringify(res.body)}`);
  }
  log.note(`postmortem reviewed and published by ${scribe.name}`);

  state.followUpTitle = `Add a canary stage to checkout deploys (${state.incidentId})`;
  const created = await commander.api('POST', `/api/incidents/${state.incidentId}/follow-ups`, { title: state.followUpTitle, ownerId: scribe.userId, priority: 'p2', afterIncident: true });
  check(created.status === 201, `follow-up: ${created.status} ${JSON.stringify(created.body)}`);
  const followUpId = created.body.followUp.id as string;
  const exported = await commander.api('POST', `/api/follow-ups/${followUpId}/export`, { tracker: 'github' });
  check(exported.status === 202 || exported.status === 200, `follow-up export: ${exported.status} ${JSON.stringify(exported.body)}`);
  const followUp = await waitFor('the follow-up linked to its issue', async () => ((await commander.api('GET', `/api/incidents/${state.incidentId}/follow-ups`)).body.followUps as any[]).find((f) => f.id === followUpId), (f) => Boolean(f?.tracker?.key));
  state.followUpKey = followUp.tracker.key;
  log.note(`follow-up filed in the tracker as ${followUp.tracker.key}`);
}
