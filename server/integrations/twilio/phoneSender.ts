/**
 * The outbox's `sms` and `voice` channels (issue 19): each row is written into a text or a call
 * at the moment it is sent (so a private incident's title is decided then, as for email) and
 * created through Twilio's API. How it ended, accepted by Twilio (with its SID) or failed for
 * good, is reported once; retries in between are the outbox's.
 */
import type { Logger } from '../../logger.ts';
import type { Sender } from '../../outbox/Outbox.ts';
import type { TwilioSettings } from './env.ts';
import { PHONE_ATTEMPTS, createTwilioResource } from './twilioApi.ts';
import type { TwilioResult } from './twilioApi.ts';

/** A text's words, or a call's TwiML: what Twilio is asked to say. */
export type OutgoingPhoneMessage = { to: string; body: string } | { to: string; twiml: string };

export interface PhoneSenderDeps {
  settings: TwilioSettings;
  /** Bounds each request (WEBHOOK_TIMEOUT_MS), within the outbox's lease. */
  timeoutMs: number;
  /** Writes the text or call of an outbox row's payload. */
  compose(payload: unknown): Promise<OutgoingPhoneMessage>;
  /** Hears that Twilio took the message (`sid` names it) or that it failed for good (`error` says why). */
  ended(payload: unknown, outcome: { sent: true; sid: string } | { sent: false; error: string }): Promise<void>;
  now: () => number;
  logger: Logger;
}

export function phoneSender(deps: PhoneSenderDeps): Sender {
  const { settings } = deps;
  return async (row) => {
    const attempt = row.attempts + 1;
    let result: TwilioResult;
    try {
      const message = await deps.compose(row.payload);
      result =
        'body' in message
          ? await createTwilioResource(settings, 'Messages', { To: message.to, From: settings.fromNumber, Body: message.body }, attempt, deps.timeoutMs, deps.now)
          : await createTwilioResource(settings, 'Calls', { To: message.to, From: settings.fromNumber, Twiml: message.twiml }, attempt, deps.timeoutMs, deps.now);
    } catch (error) {
      // Storage failed while writing it: worth another try, as a network failure would be.
      result = { outcome: attempt >= PHONE_ATTEMPTS ? 'give-up' : 'retry', status: null, error: (error as Error).message };
    }
    if (result.outcome === 'retry') return result;
    try {
      await deps.ended(row.payload, result.outcome === 'delivered' ? { sent: true, sid: result.sid } : { sent: false, error: result.error });
    } catch (error) {
      // The delivery itself stands; only its record is missing, and the log says so.
      deps.logger.warn({ err: error, outbox: row.id }, 'could not record how a text or call ended');
    }
    return result.outcome === 'delivered' ? { outcome: 'delivered', status: result.status } : result;
  };
}
