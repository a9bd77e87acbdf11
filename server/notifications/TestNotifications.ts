/**
 * "Send me a test notification" (issue 18): one message through each of a person's contact
 * methods, by the same outbox as a page, so what the person sees is what a page would do.
 */
import { maskAddress } from '../../shared/notifications.ts';
import type { ContactMethod, TestNotificationResult } from '../../shared/notifications.ts';
import type { OutboxMessage } from '../outbox/Outbox.ts';
import type { EmailPayload } from './emailPayload.ts';

export class TestNotifications {
  constructor(
    private readonly outbox: { enqueue(message: OutboxMessage): Promise<number> },
    private readonly emailConfigured: boolean,
  ) {}

  async send(userId: string, methods: readonly ContactMethod[]): Promise<TestNotificationResult> {
    const results: TestNotificationResult['results'] = [];
    for (const method of methods) {
      const shown = { contactMethodId: method.id, type: method.type, address: maskAddress(method.type, method.address) };
      if (method.type !== 'email') {
        results.push({ ...shown, outcome: 'skipped', detail: `no delivery for ${method.type} yet` });
      } else if (!this.emailConfigured) {
        results.push({ ...shown, outcome: 'failed', detail: 'email is not set up on this server (SMTP_URL)' });
      } else {
        const payload: EmailPayload = { kind: 'test', to: method.address, userId };
        await this.outbox.enqueue({ channel: 'email', target: `email:${method.address}`, incidentId: null, eventType: 'test', payload });
        results.push({ ...shown, outcome: 'queued', detail: null });
      }
    }
    return { results };
  }
}
