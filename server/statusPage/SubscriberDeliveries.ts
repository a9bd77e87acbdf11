/**
 * Subscribers' messages through the outbox (issue 21): one row per subscriber and public update,
 * written in the transaction that published it, and a confirmation email for a new address.
 * Each is written when sent, from what the page shows then: a subscriber gone, or an incident
 * taken off the page or made private since, sends nothing.
 */
import type { WebhookTargets } from '../lifecycle/webhookTargets.ts';
import type { Logger } from '../logger.ts';
import type { Outbox, Sender } from '../outbox/Outbox.ts';
import { httpPost } from '../outbox/httpPost.ts';
import type { EmailSettings } from '../integrations/email/env.ts';
import type { PageCache } from './PageCache.ts';
import type { PageIncidents } from './PageIncidents.ts';
import type { Subscriber, Subscribers } from './Subscribers.ts';
import type { SubscriberLinks } from './subscriberLinks.ts';
import { confirmationEmail, updateEmail, webhookBody } from './presenters/subscriberMessages.ts';

type Payload = { kind: 'confirm'; subscriberId: string } | { kind: 'update'; subscriberId: string; updateId: string };

const targetOf = (subscriberId: string) => `status-subscriber:${subscriberId}`;

export interface SubscriberDeliveriesDeps {
  outbox: Outbox;
  subscribers: Subscribers;
  incidents: PageIncidents;
  cache: PageCache;
  links: SubscriberLinks;
  targets: WebhookTargets;
  email: EmailSettings | null;
  timeoutMs: number;
  pageName: string;
  pageUrl: string;
  now: () => number;
  logger: Logger;
}

export class SubscriberDeliveries {
  private constructor(private readonly deps: SubscriberDeliveriesDeps) {}

  /** Registers the channels; SMTP (nodemailer) loads only when email is configured. */
  static async start(deps: SubscriberDeliveriesDeps): Promise<SubscriberDeliveries> {
    const deliveries = new SubscriberDeliveries(deps);
    deps.outbox.register('status-webhook', deliveries.sendWebhook);
    if (deps.email) {
      const [{ smtpTransport }, { emailSender }] = await Promise.all([import('../integrations/email/smtpTransport.ts'), import('../integrations/email/emailSender.ts')]);
      const send = emailSender({
        transport: await smtpTransport(deps.email, deps.timeoutMs),
        from: deps.email.from,
        compose: (payload) => deliveries.composeEmail(payload as Payload),
        // The outcome is in the outbox's row; there is no incident timeline to record it on.
        ended: async () => {},
        logger: deps.logger,
      });
      deps.outbox.register('status-email', async (row) => {
        const gone = await deliveries.goneReason(row.payload as Payload);
        return gone ? { outcome: 'give-up', status: null, error: gone } : send(row);
      });
    }
    return deliveries;
  }

  get emailEnabled(): boolean {
    return this.deps.email !== null;
  }

  unsubscribeUrl(subscriberId: string): string {
    return `${this.deps.pageUrl}/api/subscribers/${this.deps.links.tokenFor(subscriberId)}/unsubscribe`;
  }

  async sendConfirmation(subscriber: Subscriber): Promise<void> {
    const payload: Payload = { kind: 'confirm', subscriberId: subscriber.id };
    await this.deps.outbox.enqueue({ channel: 'status-email', target: targetOf(subscriber.id), incidentId: null, eventType: 'status.subscribe', payload });
  }

  /** Inside the transaction that published the update. */
  async onUpdate(incidentId: string, updateId: string): Promise<void> {
    for (const s of await this.deps.subscribers.confirmed()) {
      if (s.kind === 'email' && !this.emailEnabled) continue;
      const payload: Payload = { kind: 'update', subscriberId: s.id, updateId };
      await this.deps.outbox.enqueue({
        channel: s.kind === 'email' ? 'status-email' : 'status-webhook',
        target: targetOf(s.id),
        incidentId,
        eventType: 'statusUpdate.published',
        payload,
      });
    }
  }

  /** Why a row is no longer to be sent, or null. */
  private async goneReason(payload: Payload): Promise<string | null> {
    if (!(await this.deps.subscribers.get(payload.subscriberId))) return 'the subscriber unsubscribed';
    if (payload.kind === 'update' && !(await this.deps.incidents.shownUpdate(payload.updateId))) return 'the incident is no longer on the status page';
    return null;
  }

  private async composeEmail(payload: Payload) {
    const subscriber = await this.deps.subscribers.get(payload.subscriberId);
    if (!subscriber) throw new Error('the subscriber unsubscribed');
    const token = this.deps.links.tokenFor(subscriber.id);
    if (payload.kind === 'confirm') return confirmationEmail(subscriber.address, this.deps.pageName, `${this.deps.pageUrl}/api/subscribers/${token}/confirm`);
    const shown = await this.deps.incidents.shownUpdate(payload.updateId);
    if (!shown) throw new Error('the incident is no longer on the status page');
    return updateEmail(subscriber.address, this.deps.pageName, shown.incident, shown.update, { page: this.deps.pageUrl, unsubscribe: this.unsubscribeUrl(subscriber.id) });
  }

  private readonly sendWebhook: Sender = async (row) => {
    const payload = row.payload as Payload;
    const gone = await this.goneReason(payload);
    if (gone || payload.kind !== 'update') return { outcome: 'give-up', status: null, error: gone ?? 'webhook subscribers need no confirmation' };
    const subscriber = (await this.deps.subscribers.get(payload.subscriberId))!;
    const { view } = await this.deps.cache.current();
    const shown = (await this.deps.incidents.shownUpdate(payload.updateId))!;
    const incident = [...view.summary.incidents, ...view.pastIncidents].find((i) => i.id === shown.incident.id);
    if (!incident) return { outcome: 'give-up', status: null, error: 'the incident is no longer on the status page' };
    const { page, status } = view.summary;
    const body = webhookBody({ id: page.id, indicator: status.indicator, description: status.description }, incident, {
      page: this.deps.pageUrl,
      unsubscribe: this.unsubscribeUrl(subscriber.id),
    });
    return httpPost(subscriber.address, Buffer.from(JSON.stringify(body)), { 'user-agent': 'Incident Room status page' }, this.deps.targets, this.deps.timeoutMs, this.deps.now);
  };
}
