/**
 * Outgoing webhooks for pages: a generic JSON body, and a Slack-style `{"text"}` body. Delivery
 * is asynchronous and retried a few times; a failing receiver is logged, never blocks the room.
 */
import type { Logger } from '../logger.ts';

export interface PageNotification {
  type: 'page';
  at: string;
  reason: string;
  domain: string | null;
  target: { id: string; name: string };
  incident: { id: string; title: string; severity: string; status: string; service: string | null; url: string };
}

export function slackText(n: PageNotification): string {
  const why = n.reason === 'escalation' ? 'escalated to you' : n.reason === 'sme' ? `needs your ${n.domain ?? ''} expertise` : 'needs you';
  return `:rotating_light: *${n.incident.severity}* ${n.incident.title} ${why}, ${n.target.name}. <${n.incident.url}|Open the incident room>`;
}

export class WebhookSender {
  constructor(
    private readonly timeoutMs: number,
    private readonly logger: Logger,
  ) {}

  send(notification: PageNotification, urls: { json: string[]; slack: string[] }): Promise<void[]> {
    return Promise.all([
      ...urls.json.map((url) => this.deliver(url, notification)),
      ...urls.slack.map((url) => this.deliver(url, { text: slackText(notification) })),
    ]);
  }

  private async deliver(url: string, body: unknown): Promise<void> {
    for (let attempt = 1; attempt <= 3; attempt++) {
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(this.timeoutMs),
        });
        if (res.ok) return;
        this.logger.warn({ status: res.status, host: new URL(url).host, attempt }, 'webhook refused');
      } catch (error) {
        this.logger.warn({ err: (error as Error).message, host: new URL(url).host, attempt }, 'webhook failed');
      }
      await new Promise((r) => setTimeout(r, 500 * attempt));
    }
  }
}
