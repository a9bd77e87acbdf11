/**
 * Twilio's settings (issue 19), validated at start. SMS and voice are off unless the account SID,
 * its auth token and the number to send from are all set; some of them without the others is a
 * mistake that would leave pages undelivered, so the server refuses to start and says which.
 */
import { z } from 'zod';
import { describeZodError } from '../../../shared/commands.ts';
import { ConfigError } from '../../configError.ts';

const E164 = /^\+[1-9]\d{6,14}$/;

const TwilioEnv = z.object({
  /** Where Twilio's REST API is (tests and proxies point it elsewhere). */
  TWILIO_API_URL: z.url({ protocol: /^https?$/, error: () => 'must be an http:// or https:// URL' }).default('https://api.twilio.com'),
  /** The account (Console → Account Info): AC followed by 32 hexadecimal digits. */
  TWILIO_ACCOUNT_SID: z
    .string()
    .regex(/^AC[0-9a-fA-F]{32}$/, 'must be the account SID: AC followed by 32 hexadecimal digits')
    .optional(),
  /** Signs in to the API and verifies Twilio's webhooks (X-Twilio-Signature). */
  TWILIO_AUTH_TOKEN: z
    .string()
    .regex(/^[0-9A-Za-z]{16,128}$/, 'must be the account’s auth token')
    .optional(),
  /** The Twilio number that texts and calls, in E.164 form. */
  TWILIO_FROM_NUMBER: z.string().regex(E164, 'must be a phone number in E.164 form, like +442071838750').optional(),
});

export interface TwilioSettings {
  apiUrl: string;
  accountSid: string;
  authToken: string;
  fromNumber: string;
}

const REQUIRED = ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM_NUMBER'] as const;

export function readTwilioEnv(env: NodeJS.ProcessEnv): TwilioSettings | null {
  const parsed = TwilioEnv.safeParse(env);
  if (!parsed.success) throw new ConfigError(`Invalid configuration: ${describeZodError(parsed.error)}`);
  const e = parsed.data;
  const missing = REQUIRED.filter((name) => !e[name]);
  if (missing.length === REQUIRED.length) return null;
  if (missing.length > 0) throw new ConfigError(`Invalid configuration: SMS and voice need ${REQUIRED.join(', ')}: set ${missing.join(' and ')} too`);
  return { apiUrl: e.TWILIO_API_URL.replace(/\/+$/, ''), accountSid: e.TWILIO_ACCOUNT_SID!, authToken: e.TWILIO_AUTH_TOKEN!, fromNumber: e.TWILIO_FROM_NUMBER! };
}
