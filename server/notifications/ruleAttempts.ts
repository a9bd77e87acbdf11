/**
 * What one step of a person's rules tries, whatever the page is about (an incident, or a page
 * without a room, issue 19): each contact method it names, queued to the outbox's channel of the
 * method's type, or recorded as impossible on this server and why.
 */
import { maskAddress } from '../../shared/notifications.ts';
import type { ContactMethod, ContactMethodType, NotificationOutcome } from '../../shared/notifications.ts';
import type { OutboxMessage } from '../outbox/Outbox.ts';
import type { EmailPayload } from './emailPayload.ts';
import type { PhonePayload } from './phonePayload.ts';

/**
 * What attempts record is read by others (an incident's timeline reaches stakeholders): an SMTP
 * server's or Twilio's answer that quotes an address or a number shows it masked, like the
 * address the record names.
 */
export function redactAddresses(text: string): string {
  return text
    .replace(/[^\s<>()"'@,;:]+@[^\s<>()"',;:]+/g, (address) => maskAddress('email', address))
    .replace(/\+?\d{7,15}/g, (number) => maskAddress('sms', number))
    .slice(0, 300);
}

/** Why a method cannot be tried on this server, in words for the timeline and the test button. */
export const NOT_SET_UP: Record<ContactMethodType, string> = {
  email: 'email is not set up on this server (SMTP_URL)',
  sms: 'SMS is not set up on this server (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM_NUMBER)',
  voice: 'voice calls are not set up on this server (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM_NUMBER)',
};

export interface Attempt {
  method: ContactMethod | null;
  outcome: NotificationOutcome;
  detail: string | null;
}

export type Delivers = Readonly<Record<ContactMethodType, boolean>>;

/** The attempts of one rule: its methods as the person has them now (a method removed since fails, saying so). */
export function attemptsOf(contactMethodIds: readonly string[], methods: readonly ContactMethod[], delivers: Delivers): Attempt[] {
  const byId = new Map(methods.map((m) => [m.id, m]));
  return contactMethodIds.map((id) => {
    const method = byId.get(id);
    if (!method) return { method: null, outcome: 'failed', detail: 'a contact method of this rule was removed' };
    // An email rule without SMTP is a mistake to fix; SMS and voice are optional extras of a server.
    if (!delivers[method.type]) return { method, outcome: method.type === 'email' ? 'failed' : 'skipped', detail: NOT_SET_UP[method.type] };
    return { method, outcome: 'queued', detail: null };
  });
}

/** One outbox message per queued attempt; `incidentId` null for a page without a room. */
export async function sendAttempts(
  outbox: { enqueue(message: OutboxMessage): Promise<number> },
  attempts: readonly Attempt[],
  about: { incidentId: string | null; pageId: string; step: number },
): Promise<void> {
  for (const a of attempts) {
    if (a.outcome !== 'queued' || !a.method) continue;
    const { type, address } = a.method;
    const page = { kind: 'page', to: address, ...about } as const;
    const payload: EmailPayload | PhonePayload = type === 'email' ? page : { ...page, channel: type };
    // One target per address: a mailbox's (or phone's) messages go in order, and a slow one holds up only its own.
    await outbox.enqueue({ channel: type, target: `${type}:${address}`, incidentId: about.incidentId, eventType: 'notification', payload });
  }
}
