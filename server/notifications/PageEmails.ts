/**
 * The email channel's page-side half: writes each email when it is sent and hears how it ended.
 * A page's email names the incident (or the alert of a page without a room) as pagedSubject
 * allows, and carries a fresh one-time acknowledge link.
 */
import { pageEmail, testEmail } from '../integrations/email/presenters/pageEmail.ts';
import type { OutgoingEmail } from '../integrations/email/emailSender.ts';
import type { RoomlessPageStore } from '../roomlessPages/RoomlessPageStore.ts';
import type { IncidentStateWriter } from '../state/IncidentStateWriter.ts';
import type { IncidentMembers } from '../storage/incidentMembers.ts';
import type { Users } from '../storage/users.ts';
import type { EmailPayload } from './emailPayload.ts';
import { pagedSubject } from './pagedIncident.ts';
import type { PageLinks } from './PageLinks.ts';
import type { PagePlans } from './PagePlans.ts';
import type { PersonPager } from './PersonPager.ts';

export interface PageEmailsDeps {
  plans: PagePlans;
  links: PageLinks;
  state: IncidentStateWriter;
  members: IncidentMembers;
  roomless: RoomlessPageStore;
  users: Users;
  pager: PersonPager;
  publicUrl: string;
  now: () => number;
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
    const paged = await pagedSubject(this.deps, payload);
    const link = await this.deps.links.create({ userId: paged.target.id, incidentId: payload.incidentId, pageId: payload.pageId }, this.deps.now());
    return {
      to: payload.to,
      ...pageEmail({
        personName: paged.target.name,
        title: paged.title,
        severity: paged.severity,
        status: paged.status,
        reason: paged.reason,
        // The secret travels in the fragment, which browsers never send to a server or its logs.
        ackUrl: `${publicUrl}/ack#token=${encodeURIComponent(link.secret)}`,
        roomUrl: paged.roomUrl,
        roomless: payload.incidentId === null,
        expiresAt: link.expiresAt,
      }),
    };
  }

  async ended(raw: unknown, outcome: { sent: boolean; error: string | null }): Promise<void> {
    const payload = raw as EmailPayload;
    // A test email's outcome is in the outbox's delivery log; there is no incident to record it on.
    if (payload.kind === 'page') await this.deps.pager.afterMessage('email', payload, outcome);
  }
}
