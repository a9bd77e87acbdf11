/** Email's settings (issue 18), validated at start; email is off unless SMTP_URL is set. */
import { z } from 'zod';
import { describeZodError } from '../../../shared/commands.ts';
import { ConfigError } from '../../configError.ts';

const EmailEnv = z.object({
  /**
   * The SMTP server: smtp://host:25 (upgraded with STARTTLS where the server offers it) or
   * smtps://host:465 (TLS from the start); a user and password in the URL sign in.
   */
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: () => 'must be smtp://host:port or smtps://host:port' }).optional(),
  /** The sender of every email, e.g. "Incident Room <incidents@example.com>". */
  SMTP_FROM: z
    .string()
    .regex(/^[^\r\n]*@[^\r\n]*$/, 'must be an email address, optionally with a name: Incident Room <incidents@example.com>')
    .max(300)
    .optional(),
});

export interface EmailSettings {
  host: string;
  port: number;
  /** TLS from the start (smtps://); smtp:// upgrades with STARTTLS where offered. */
  secure: boolean;
  auth: { user: string; pass: string } | null;
  from: string;
}

export function readEmailEnv(env: NodeJS.ProcessEnv): EmailSettings | null {
  const parsed = EmailEnv.safeParse(env);
  if (!parsed.success) throw new ConfigError(`Invalid configuration: ${describeZodError(parsed.error)}`);
  const e = parsed.data;
  if (!e.SMTP_URL) return null;
  if (!e.SMTP_FROM) throw new ConfigError('Invalid configuration: SMTP_URL turns email on: set SMTP_FROM to the address emails come from');
  const url = new URL(e.SMTP_URL);
  const secure = url.protocol === 'smtps:';
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : secure ? 465 : 25,
    secure,
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : null,
    from: e.SMTP_FROM,
  };
}
