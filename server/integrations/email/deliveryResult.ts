/**
 * What a failed SMTP attempt means for the outbox. A 5xx answer refuses this message for good
 * (no such mailbox, refused by policy): retrying only delays the next notification rule. A 4xx
 * answer or a network failure may pass later, so it is retried, a few times only: a person is
 * being paged, and the next rule must not wait behind hours of retries.
 */
import type { DeliveryResult } from '../../outbox/Outbox.ts';

/** Attempts before an email counts as failed (the outbox waits 5 s, then 10 s, between them). */
export const EMAIL_ATTEMPTS = 3;

export function smtpFailure(error: unknown, attempt: number): Extract<DeliveryResult, { outcome: 'retry' | 'give-up' }> {
  const e = error as { responseCode?: unknown; response?: unknown; message?: unknown };
  const status = typeof e.responseCode === 'number' ? e.responseCode : null;
  const said = typeof e.response === 'string' ? e.response : typeof e.message === 'string' ? e.message : String(error);
  const why = said.replace(/\s+/g, ' ').slice(0, 300);
  if ((status !== null && status >= 500) || attempt >= EMAIL_ATTEMPTS) return { outcome: 'give-up', status, error: why };
  return { outcome: 'retry', status, error: why };
}
