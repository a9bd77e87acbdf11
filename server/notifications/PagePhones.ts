/**
 * The SMS and voice channels' page-side half (issue 19): writes each text or call when it is
 * sent, names the incident (or the alert of a page without a room) as pagedSubject allows, and
 * hears how it ended. A text or call Twilio
 * took is kept with its SID (PhonePages), so the reply or key press it brings acknowledges it.
 */
import type { OutgoingPhoneMessage } from '../integrations/twilio/phoneSender.ts';
import { VOICE_HOOK_PATH } from '../integrations/twilio/hooks.ts';
import { pageCall, testCall } from '../integrations/twilio/presenters/pageCall.ts';
import { pageSms, testSms } from '../integrations/twilio/presenters/pageSms.ts';
import type { RoomlessPageStore } from '../roomlessPages/RoomlessPageStore.ts';
import type { IncidentStateWriter } from '../state/IncidentStateWriter.ts';
import type { IncidentMembers } from '../storage/incidentMembers.ts';
import { pagedSubject } from './pagedIncident.ts';
import type { PagePlans } from './PagePlans.ts';
import type { PersonPager } from './PersonPager.ts';
import type { PhonePages } from './PhonePages.ts';
import type { PhonePayload } from './phonePayload.ts';

export interface PagePhonesDeps {
  plans: PagePlans;
  phonePages: PhonePages;
  state: IncidentStateWriter;
  members: IncidentMembers;
  roomless: RoomlessPageStore;
  pager: PersonPager;
  publicUrl: string;
  now: () => number;
}

export class PagePhones {
  constructor(private readonly deps: PagePhonesDeps) {}

  async compose(raw: unknown): Promise<OutgoingPhoneMessage> {
    const payload = raw as PhonePayload;
    const { publicUrl } = this.deps;
    if (payload.kind === 'test') {
      return payload.channel === 'sms' ? { to: payload.to, body: testSms(`${publicUrl}/settings/notifications`) } : { to: payload.to, twiml: testCall() };
    }
    const paged = await pagedSubject(this.deps, payload);
    if (payload.channel === 'sms') {
      return { to: payload.to, body: pageSms({ title: paged.title, severity: paged.severity, reason: paged.reason, roomUrl: paged.roomUrl }) };
    }
    return { to: payload.to, twiml: pageCall({ title: paged.title, severity: paged.severity, reason: paged.reason, keyPressUrl: publicUrl + VOICE_HOOK_PATH }) };
  }

  async ended(raw: unknown, outcome: { sent: true; sid: string } | { sent: false; error: string }): Promise<void> {
    const payload = raw as PhonePayload;
    // A test's outcome is in the outbox's delivery log; there is no incident to record it on.
    if (payload.kind !== 'page') return;
    const target = payload.incidentId === null ? (await this.deps.roomless.get(payload.pageId))?.target : (await this.deps.plans.get(payload.pageId))?.target;
    if (!target) return;
    await this.deps.state.atomically(async () => {
      if (outcome.sent) {
        await this.deps.phonePages.add({
          sid: outcome.sid,
          channel: payload.channel,
          address: payload.to,
          userId: target.id,
          incidentId: payload.incidentId,
          pageId: payload.pageId,
          sentAt: this.deps.now(),
        });
      }
      await this.deps.pager.afterMessage(payload.channel, payload, outcome.sent ? { sent: true, error: null } : { sent: false, error: outcome.error });
    });
  }
}
