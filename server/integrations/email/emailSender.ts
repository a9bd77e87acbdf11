/**
 * The outbox's `email` channel (issue 18): each row is written into an email at the moment it is
 * sent (a page's email mints its one-time link then) and handed to the SMTP server. How it ended,
 * sent or failed for good, is reported once; retries in between are the outbox's.
 */
import type { Logger } from '../../logger.ts';
import type { DeliveryResult, Sender } from '../../outbox/Outbox.ts';
import { smtpFailure } from './deliveryResult.ts';
import type { MailTransport } from './smtpTransport.ts';

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
}

export interface EmailSenderDeps {
  transport: Pick<MailTransport, 'send'>;
  from: string;
  /** Writes the email of an outbox row's payload. */
  compose(payload: unknown): Promise<OutgoingEmail>;
  /** Hears that a message was sent, or failed for good (`error` says why). */
  ended(payload: unknown, outcome: { sent: boolean; error: string | null }): Promise<void>;
  logger: Logger;
}

export function emailSender(deps: EmailSenderDeps): Sender {
  return async (row) => {
    let result: DeliveryResult;
    try {
      const email = await deps.compose(row.payload);
      await deps.transport.send({ from: deps.from, ...email, subject: email.subject.replace(/\s+/g, ' ') });
      result = { outcome: 'delivered', status: 250 };
    } catch (error) {
      result = smtpFailure(error, row.attempts + 1);
    }
    if (result.outcome === 'retry') return result;
    try {
      await deps.ended(row.payload, result.outcome === 'delivered' ? { sent: true, error: null } : { sent: false, error: result.error });
    } catch (error) {
      // The delivery itself stands; only its record is missing, and the log says so.
      deps.logger.warn({ err: error, outbox: row.id }, 'could not record how an email ended');
    }
    return result;
  };
}
