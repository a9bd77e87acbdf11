/**
 * "Send me a test notification" (issue 18): one message through each of a person's contact
 * methods, by the same outbox as a page, so what the person sees is what a page would do: an
 * email, a text, a call (issue 19).
 */
import { maskAddress } from '../../shared/notifications.ts';
import type { ContactMethod, ContactMethodType, TestNotificationResult } from '../../shared/notifications.ts';
import type { OutboxMessage } from '../outbox/Outbox.ts';
import type { EmailPayload } from './emailPayload.ts';
import { NOT_SET_UP } from './PersonPager.ts';
import type { PhonePayload } from './phonePayload.ts';

export class TestNotifications {
  constructor(
    private readonly outbox: { enqueue(message: OutboxMessage): Promise<number> },
    private readonly delivers: Readonly<Record<ContactMethodType, boolean>>,
  ) {}

  async send(userId: string, methods: readonly ContactMethod[]): Promise<TestNotificationResult> {
    const results: TestNotificationResult['results'] = [];
    for (const { id, type, address } of methods) {
      const shown = { contactMethodId: id, type, address: maskAddress(type, address) };
      if (!this.delivers[type]) {
        results.push({ ...shown, outcome: type === 'email' ? 'failed' : 'skipped', detail: NOT_SET_UP[type] });
        continue;
      }
      const payload: EmailPayload | PhonePayload = type === 'email' ? { kind: 'test', to: address, userId } : { kind: 'test', channel: type, to: address, userId };
      await this.outbox.enqueue({ channel: type, target: `${type}:${address}`, incidentId: null, eventType: 'test', payload });
      results.push({ ...shown, outcome: 'queued', detail: null });
    }
    return { results };
  }
}
