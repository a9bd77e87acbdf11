/**
 * Signed event webhooks (issue 14): timeline events go to the subscriptions that asked for their
 * type. The feed runs inside the transaction that records the events, so an event and its
 * delivery rows commit together; the sender signs each attempt (signature.ts) and posts it.
 *
 * Subscriptions are organisation-wide, not members: a private incident's events reach them with
 * its title replaced (issue 13), in the incident and in the event, and the title is never stored
 * in the outbox either.
 */
import type { IncidentSummary } from '../../shared/incident.ts';
import type { IncidentEvent } from '../../shared/documents.ts';
import type { EventWebhookBody } from '../../shared/api.ts';
import { PRIVATE_INCIDENT_TITLE } from '../lifecycle/WebhookSender.ts';
import type { WebhookTargets } from '../lifecycle/webhookTargets.ts';
import type { Outbox, Sender } from './Outbox.ts';
import type { WebhookSubscriptions } from './WebhookSubscriptions.ts';
import { httpPost } from './httpPost.ts';
import { signedHeaders } from './signature.ts';

/** The outbox target of a subscription: its deliveries go in order, and its log is listed by it. */
export const subscriptionTarget = (webhookId: string) => `webhook:${webhookId}`;

type Payload = Omit<EventWebhookBody, 'id'>;

export class EventWebhooks {
  constructor(
    private readonly subscriptions: WebhookSubscriptions,
    private readonly outbox: Outbox,
    private readonly targets: WebhookTargets,
    private readonly timeoutMs: number,
    private readonly now: () => number,
  ) {
    outbox.register('event-webhook', this.send);
  }

  /** After a change recorded events, inside its transaction: one row per subscription and event. */
  async onEvents(summary: IncidentSummary, events: readonly IncidentEvent[]): Promise<void> {
    const subscriptions = await this.subscriptions.active();
    if (subscriptions.length === 0) return;
    const title = summary.private ? PRIVATE_INCIDENT_TITLE : summary.title;
    for (const event of events) {
      const shown = event.type === 'declared' && summary.private ? { ...event, title } : event;
      const payload: Payload = { type: event.type, incident: { id: summary.id, title, severity: summary.severity, status: summary.status }, event: shown };
      for (const s of subscriptions) {
        if (!s.events.includes('*') && !s.events.includes(event.type)) continue;
        await this.outbox.enqueue({ channel: 'event-webhook', target: subscriptionTarget(s.id), incidentId: summary.id, eventType: event.type, payload });
      }
    }
  }

  private readonly send: Sender = async (row) => {
    const subscription = await this.subscriptions.get(row.target.slice(subscriptionTarget('').length));
    if (!subscription) return { outcome: 'give-up', status: null, error: 'the webhook was deleted' };
    const body = Buffer.from(JSON.stringify({ id: String(row.id), ...(row.payload as Payload) } satisfies EventWebhookBody));
    return httpPost(subscription.url, body, signedHeaders(subscription.secret, row.id, this.now(), body), this.targets, this.timeoutMs, this.now);
  };
}
