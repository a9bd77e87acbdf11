/**
 * Outgoing webhooks for pages: a generic JSON body, and a Slack-style `{"text"}` body. Delivery
 * is asynchronous and retried a few times; a failing receiver is logged, never blocks the room.
 */
import type { Logger } from '../logger.ts';
import { postJson } from './postJson.ts';
import type { WebhookTargets } from './webhookTargets.ts';
import type { DeliveryChannel, ServerMetrics } from '../metrics/ServerMetrics.ts';

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

/**
 * Slack reads `<...>` as a link or a mention (`<!channel>`, `<http://evil|ok>`) and `&` as the
 * start of an entity, so every text put in a message escapes these three, as Slack documents
 * (https://api.slack.com/reference/surfaces/formatting#escaping); issue 11.
 */
function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function slackText(n: PageNotification): string {
  const why = n.reason === 'escalation' ? 'escalated to you' : n.reason === 'sme' ? `needs your ${slackEscape(n.domain ?? '')} expertise` : 'needs you';
  const link = `<${slackEscape(n.incident.url)}|Open the incident room>`;
  return `:rotating_light: *${n.incident.severity}* ${slackEscape(n.incident.title)} ${why}, ${slackEscape(n.target.name)}. ${link}`;
}

export class WebhookSender {
  constructor(
    private readonly timeoutMs: number,
    private readonly targets: WebhookTargets,
    private readonly logger: Logger,
    private readonly metrics: Pick<ServerMetrics, 'deliveryStarted' | 'deliveryEnded'>,
  ) {}

  send(notification: PageNotification, urls: { json: string[]; slack: string[] }): Promise<void[]> {
    return Promise.all([
      ...urls.json.map((url) => this.deliver('webhook', url, notification)),
      ...urls.slack.map((url) => this.deliver('slack', url, { text: slackText(notification) })),
    ]);
  }

  private async deliver(channel: DeliveryChannel, url: string, body: unknown): Promise<void> {
    this.metrics.deliveryStarted(channel);
    let delivered = false;
    try {
      delivered = await this.attempt(url, body);
    } finally {
      this.metrics.deliveryEnded(channel, delivered);
    }
  }

  /** Whether the receiver took it, within three tries. */
  private async attempt(url: string, body: unknown): Promise<boolean> {
    const host = new URL(url).host;
    for (let attempt = 1; attempt <= 3; attempt++) {
      try {
        const status = await postJson(url, body, this.targets, this.timeoutMs);
        if (status >= 200 && status < 300) return true;
        this.logger.warn({ status, host, attempt }, 'webhook refused');
      } catch (error) {
        this.logger.warn({ err: (error as Error).message, host, attempt }, 'webhook failed');
      }
      await new Promise((r) => setTimeout(r, 500 * attempt));
    }
    return false;
  }
}
