/**
 * Outgoing webhooks for pages: a generic JSON body, and a Slack-style `{"text"}` body. Each is an
 * outbox row written with the page (issue 14), delivered with retries and in order per URL; a
 * failing receiver delays only its own messages, never the room.
 */
import type { Outbox, Sender } from '../outbox/Outbox.ts';
import { httpPost } from '../outbox/httpPost.ts';
import type { WebhookTargets } from './webhookTargets.ts';
import { slackEscape } from '../integrations/slack/presenters/mrkdwn.ts';

export interface PageNotification {
  type: 'page';
  at: string;
  reason: string;
  domain: string | null;
  target: { id: string; name: string };
  /** A private incident's title is PRIVATE_INCIDENT_TITLE: the link opens it for its members only. */
  incident: { id: string; title: string; private: boolean; severity: string; status: string; service: string | null; url: string };
}

/** What a page's webhooks say instead of a private incident's title (issue 13): they reach shared channels. */
export const PRIVATE_INCIDENT_TITLE = 'a private incident';

export function slackText(n: PageNotification): string {
  const why = n.reason === 'escalation' ? 'escalated to you' : n.reason === 'sme' ? `needs your ${slackEscape(n.domain ?? '')} expertise` : 'needs you';
  const link = `<${slackEscape(n.incident.url)}|Open the incident room>`;
  return `:rotating_light: *${n.incident.severity}* ${slackEscape(n.incident.title)} ${why}, ${slackEscape(n.target.name)}. ${link}`;
}

export class WebhookSender {
  constructor(
    private readonly outbox: Outbox,
    timeoutMs: number,
    targets: WebhookTargets,
    now: () => number,
  ) {
    const post: Sender = (row) => httpPost(row.target, Buffer.from(JSON.stringify(row.payload)), {}, targets, timeoutMs, now);
    outbox.register('page-webhook', post);
    outbox.register('page-slack', post);
  }

  /** Writes the page's messages to the outbox; inside the caller's transaction, they commit with it. */
  async send(notification: PageNotification, urls: { json: string[]; slack: string[] }): Promise<void> {
    const incidentId = notification.incident.id;
    for (const url of urls.json) await this.outbox.enqueue({ channel: 'page-webhook', target: url, incidentId, eventType: 'paged', payload: notification });
    for (const url of urls.slack) {
      await this.outbox.enqueue({ channel: 'page-slack', target: url, incidentId, eventType: 'paged', payload: { text: slackText(notification) } });
    }
  }
}
