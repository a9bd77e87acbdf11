/**
 * The email channel's page-side half: writes each email when it is sent and hears how it ended.
 * A page's email names the incident only for a member of it (the person paged became one; someone
 * removed since reads "a private incident": DESIGN, private means private at every door), and
 * carries a fresh one-time acknowledge link.
 */
import type { PageRecord } from '../../shared/documents.ts';
import { readMeta } from '../../shared/stateDoc.ts';
import { pageEmail, testEmail } from '../integrations/email/presenters/pageEmail.ts';
import type { OutgoingEmail } from '../integrations/email/emailSender.ts';
import { PRIVATE_INCIDENT_TITLE } from '../lifecycle/WebhookSender.ts';
import type { IncidentStateWriter } from '../state/IncidentStateWriter.ts';
import type { IncidentMembers } from '../storage/incidentMembers.ts';
import type { Users } from '../storage/users.ts';
import type { EmailPayload } from './emailPayload.ts';
import type { PageLinks } from './PageLinks.ts';
import type { PagePlans } from './PagePlans.ts';
import type { PersonPager } from './PersonPager.ts';

export interface PageEmailsDeps {
  plans: PagePlans;
  links: PageLinks;
  state: IncidentStateWriter;
  members: IncidentMembers;
  users: Users;
  pager: PersonPager;
  publicUrl: string;
  now: () => number;
}

export function pageReasonWords(page: Pick<PageRecord, 'reason' | 'domain'> | undefined): string {
  if (page?.reason === 'escalation') return 'escalation';
  if (page?.reason === 'sme') return page.domain ? `${page.domain} expert` : 'expert';
  return 'on call';
}

export class PageEmails {
  constructor(private readonly deps: PageEmailsDeps) {}

  async compose(raw: unknown): Promise<OutgoingEmail> {
    const payload = raw as EmailPayload;
    const { publicUrl } = this.deps;
    if (payload.kind === 'test') {
      const person = await this.deps.users.get(payload.userId);
      return { to: payload.to, ...testEmail({ personName: person?.name ?? 'Hello', settingsUrl: `${publicUrl}/settings/notifications` }) };
    }
    const plan = await this.deps.plans.get(payload.pageId);
    if (!plan) throw new Error(`no notification plan for page ${payload.pageId}`);
    const maps = await this.deps.state.read(payload.incidentId);
    const meta = readMeta(maps);
    if (!meta) throw new Error(`incident ${payload.incidentId} has no state`);
    const member = (await this.deps.members.ids(payload.incidentId)).includes(plan.target.id);
    const link = await this.deps.links.create({ userId: plan.target.id, incidentId: payload.incidentId, pageId: payload.pageId }, this.deps.now());
    const page = maps.pages.toArray().find((p) => p.id === payload.pageId);
    return {
      to: payload.to,
      ...pageEmail({
        personName: plan.target.name,
        title: meta.private && !member ? PRIVATE_INCIDENT_TITLE : meta.title,
        severity: meta.severity,
        status: meta.status,
        reason: pageReasonWords(page),
        // The secret travels in the fragment, which browsers never send to a server or its logs.
        ackUrl: `${publicUrl}/ack#token=${encodeURIComponent(link.secret)}`,
        roomUrl: `${publicUrl}/incidents/${payload.incidentId}`,
        expiresAt: link.expiresAt,
      }),
    };
  }

  async ended(raw: unknown, outcome: { sent: boolean; error: string | null }): Promise<void> {
    const payload = raw as EmailPayload;
    // A test email's outcome is in the outbox's delivery log; there is no incident to record it on.
    if (payload.kind === 'page') await this.deps.pager.afterEmail(payload, outcome);
  }
}
