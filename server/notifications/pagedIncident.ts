/**
 * What a page's message may say about what it is for, decided when the message is written. For an
 * incident: the title only for a member (the person paged became one; someone removed since reads
 * "a private incident": DESIGN, private means private at every door), why they were paged, in
 * words, and its room. For a page without a room (issue 19): the alert, to the person it pages,
 * and the lobby, where open pages are listed with "Open a room".
 */
import type { Person } from '../../shared/incident.ts';
import type { PageRecord } from '../../shared/documents.ts';
import { readMeta } from '../../shared/stateDoc.ts';
import { PRIVATE_INCIDENT_TITLE } from '../lifecycle/WebhookSender.ts';
import type { RoomlessPageStore } from '../roomlessPages/RoomlessPageStore.ts';
import type { IncidentStateWriter } from '../state/IncidentStateWriter.ts';
import type { IncidentMembers } from '../storage/incidentMembers.ts';
import type { PagePlans } from './PagePlans.ts';

export interface PagedSubject {
  target: Person;
  title: string;
  severity: string;
  status: string;
  reason: string;
  /** Where the message sends them: the incident's room, or the lobby for a page without a room. */
  roomUrl: string;
}

export interface PagedSubjectDeps {
  plans: PagePlans;
  state: IncidentStateWriter;
  members: IncidentMembers;
  roomless: RoomlessPageStore;
  publicUrl: string;
}

/** Why someone was paged without a room, in the words of their messages. */
export const ROOMLESS_REASON = 'on call, low urgency: no incident room';

export function pageReasonWords(page: Pick<PageRecord, 'reason' | 'domain'> | undefined): string {
  if (page?.reason === 'escalation') return 'escalation';
  if (page?.reason === 'sme') return page.domain ? `${page.domain} expert` : 'expert';
  return 'on call';
}

export function pagedSubject(deps: PagedSubjectDeps, message: { incidentId: string | null; pageId: string }): Promise<PagedSubject> {
  return message.incidentId === null ? pagedWithoutRoom(deps, message.pageId) : pagedIncident(deps, message.incidentId, message.pageId);
}

async function pagedIncident(deps: PagedSubjectDeps, incidentId: string, pageId: string): Promise<PagedSubject> {
  const plan = await deps.plans.get(pageId);
  if (!plan) throw new Error(`no notification plan for page ${pageId}`);
  const maps = await deps.state.read(incidentId);
  const meta = readMeta(maps);
  if (!meta) throw new Error(`incident ${incidentId} has no state`);
  const member = (await deps.members.ids(incidentId)).includes(plan.target.id);
  return {
    target: plan.target,
    title: meta.private && !member ? PRIVATE_INCIDENT_TITLE : meta.title,
    severity: meta.severity,
    status: meta.status,
    reason: pageReasonWords(maps.pages.toArray().find((p) => p.id === pageId)),
    roomUrl: `${deps.publicUrl}/incidents/${incidentId}`,
  };
}

async function pagedWithoutRoom(deps: PagedSubjectDeps, pageId: string): Promise<PagedSubject> {
  const page = await deps.roomless.get(pageId);
  if (!page?.target) throw new Error(`no page without a room ${pageId} with a person to page`);
  return { target: page.target, title: page.title, severity: page.severity, status: page.status, reason: ROOMLESS_REASON, roomUrl: `${deps.publicUrl}/` };
}
