/**
 * What subscribers receive (issue 21): the confirmation email, an update's email, and an update's
 * webhook body in the shape Statuspage's subscriber webhooks use (`meta`, `page`, `incident`),
 * so receivers written for Statuspage read it.
 */
import type { Indicator, PublicStatusUpdate, SummaryIncident } from '../../../shared/statusPage.ts';
import type { OutgoingEmail } from '../../integrations/email/emailSender.ts';

const STATUS_WORDS = { investigating: 'Investigating', identified: 'Identified', monitoring: 'Monitoring', resolved: 'Resolved' } as const;

export function confirmationEmail(to: string, pageName: string, confirmUrl: string): OutgoingEmail {
  return {
    to,
    subject: `Confirm your subscription to ${pageName}`,
    text: [
      `Someone, hopefully you, asked for the status updates of ${pageName} at this address.`,
      '',
      `To receive them, confirm here: ${confirmUrl}`,
      '',
      'If it was not you, ignore this email: nothing more is sent without a confirmation.',
    ].join('\n'),
  };
}

export function updateEmail(to: string, pageName: string, incident: { id: string; title: string }, update: PublicStatusUpdate, links: { page: string; unsubscribe: string }): OutgoingEmail {
  return {
    to,
    subject: `[${pageName}] ${incident.title}: ${STATUS_WORDS[update.status]}`,
    text: [
      `${STATUS_WORDS[update.status]}: ${update.text}`,
      '',
      `${new Date(update.at).toISOString()}`,
      `Follow it on the status page: ${links.page}#${incident.id}`,
      '',
      `Unsubscribe: ${links.unsubscribe}`,
    ].join('\n'),
  };
}

export interface SubscriberWebhookBody {
  meta: { unsubscribe: string; documentation: string };
  page: { id: string; status_indicator: Indicator; status_description: string };
  incident: SummaryIncident;
}

export function webhookBody(
  page: { id: string; indicator: Indicator; description: string },
  incident: SummaryIncident,
  links: { page: string; unsubscribe: string },
): SubscriberWebhookBody {
  return {
    meta: { unsubscribe: links.unsubscribe, documentation: `${links.page}` },
    page: { id: page.id, status_indicator: page.indicator, status_description: page.description },
    incident,
  };
}
