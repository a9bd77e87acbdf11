/**
 * Creates a message or a call with Twilio's REST API, as its reference documents: a form-encoded
 * POST to /2010-04-01/Accounts/{AccountSid}/Messages.json or Calls.json, signed in with HTTP Basic
 * (account SID and auth token). Twilio answers 201 with the new resource's `sid`, or an error
 * status with `{ code, message, more_info, status }`, whose code and message are what an operator
 * needs to see (21211: not a valid number; 21610: the person replied STOP).
 *
 * What an answer means for the outbox: a 4xx other than 429 will be refused again, so it is given
 * up at once and the next notification rule runs; 429, 5xx and no answer are tried again, a few
 * times only (PHONE_ATTEMPTS), since a person is being paged and the next rule must not wait behind
 * hours of retries. The address is the operator's (TWILIO_API_URL), trusted as configured.
 */
import type { DeliveryResult } from '../../outbox/Outbox.ts';
import { retryAfterMs } from '../../outbox/httpPost.ts';
import type { TwilioSettings } from './env.ts';

/** Attempts before a text or call counts as failed (the outbox waits 5 s, then 10 s, between them). */
export const PHONE_ATTEMPTS = 3;

/** Twilio's answers are small; a proxy that answers with a page of HTML is not read to its end. */
const MAX_ANSWER_BYTES = 16 * 1024;

export type TwilioResource = 'Messages' | 'Calls';

export type TwilioResult = (DeliveryResult & { outcome: 'delivered'; sid: string }) | Exclude<DeliveryResult, { outcome: 'delivered' }>;

export async function createTwilioResource(
  settings: TwilioSettings,
  resource: TwilioResource,
  fields: Record<string, string>,
  attempt: number,
  timeoutMs: number,
  now: () => number,
): Promise<TwilioResult> {
  const url = `${settings.apiUrl}/2010-04-01/Accounts/${encodeURIComponent(settings.accountSid)}/${resource}.json`;
  let status: number;
  let text: string;
  let retryAfter: string | null;
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${settings.accountSid}:${settings.authToken}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: new URLSearchParams(fields).toString(),
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
    status = res.status;
    retryAfter = res.headers.get('retry-after');
    text = await boundedText(res);
  } catch (error) {
    return failure({ status: null, error: (error as Error).message }, attempt);
  }
  const answer = parseJson(text);
  if (status >= 200 && status < 300) {
    const sid = typeof answer?.sid === 'string' ? answer.sid : null;
    if (sid) return { outcome: 'delivered', status, sid };
    return failure({ status, error: `Twilio answered ${status} without a sid` }, attempt);
  }
  const error = twilioError(status, answer);
  if (status === 429) return failure({ status, error, retryAfterMs: retryAfterMs(retryAfter ?? undefined, now()) }, attempt);
  if (status >= 400 && status < 500 && status !== 408) return { outcome: 'give-up', status, error };
  return failure({ status, error }, attempt);
}

function failure(result: { status: number | null; error: string; retryAfterMs?: number | undefined }, attempt: number): TwilioResult {
  const { retryAfterMs: wait, ...rest } = result;
  if (attempt >= PHONE_ATTEMPTS) return { outcome: 'give-up', ...rest };
  return { outcome: 'retry', ...rest, ...(wait === undefined ? {} : { retryAfterMs: wait }) };
}

/** "Twilio error 21211: The 'To' number … is not a valid phone number." */
function twilioError(status: number, answer: Record<string, unknown> | null): string {
  const code = typeof answer?.code === 'number' || typeof answer?.code === 'string' ? String(answer.code) : null;
  const message = typeof answer?.message === 'string' ? answer.message.replace(/\s+/g, ' ').trim() : null;
  if (code === null && message === null) return `HTTP ${status}`;
  return `Twilio error ${code ?? status}${message ? `: ${message}` : ''}`.slice(0, 300);
}

function parseJson(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

async function boundedText(res: Response): Promise<string> {
  if (!res.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    if (size >= MAX_ANSWER_BYTES) {
      await reader.cancel();
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, MAX_ANSWER_BYTES).toString('utf8');
}
