/**
 * What a page's message may say about its incident, decided when the message is written: the
 * title only for a member (the person paged became one; someone removed since reads "a private
 * incident": DESIGN, private means private at every door), and why they were paged, in words.
 */
import type { PageRecord } from '../../shared/documents.ts';
import { readMeta } from '../../shared/stateDoc.ts';
import { PRIVATE_INCIDENT_TITLE } from '../lifecycle/WebhookSender.ts';
import type { IncidentStateWriter } from '../state/IncidentStateWriter.ts';
import type { IncidentMembers } from '../storage/incidentMembers.ts';
import type { PagePlan, PagePlans } from './PagePlans.ts';

export interface PagedIncident {
  plan: PagePlan;
  title: string;
  severity: string;
  status: string;
  reason: string;
}

export function pageReasonWords(page: Pick<PageRecord, 'reason' | 'domain'> | undefined): string {
  if (page?.reason === 'escalation') return 'escalation';
  if (page?.reason === 'sme') return page.domain ? `${page.domain} expert` : 'expert';
  return 'on call';
}

export async function pagedIncident(
  deps: { plans: PagePlans; state: IncidentStateWriter; members: IncidentMembers },
  incidentId: string,
  pageId: string,
): Promise<PagedIncident> {
  const plan = await deps.plans.get(pageId);
  if (!plan) throw new Error(`no notification plan for page ${pageId}`);
  const maps = await deps.state.read(incidentId);
  const meta = readMeta(maps);
  if (!meta) throw new Error(`incident ${incidentId} has no state`);
  const member = (await deps.members.ids(incidentId)).includes(plan.target.id);
  return {
    plan,
    title: meta.private && !member ? PRIVATE_INCIDENT_TITLE : meta.title,
    severity: meta.severity,
    status: meta.status,
    reason: pageReasonWords(maps.pages.toArray().find((p) => p.id === pageId)),
  };
}
