/**
 * The SMTP connection, through nodemailer, loaded only when email is configured. Each phase of a
 * delivery is bounded by WEBHOOK_TIMEOUT_MS, so an SMTP server that stops answering holds its
 * outbox lease no longer than a webhook would.
 */
import type { EmailSettings } from './env.ts';

export interface MailTransport {
  send(message: { from: string; to: string; subject: string; text: string }): Promise<void>;
  close(): void;
}

export async function smtpTransport(settings: EmailSettings, timeoutMs: number): Promise<MailTransport> {
  const nodemailer = (await import('nodemailer')).default;
  const transporter = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    ...(settings.auth ? { auth: settings.auth } : {}),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  return {
    send: async (message) => {
      await transporter.sendMail({ ...message, disableFileAccess: true, disableUrlAccess: true });
    },
    close: () => transporter.close(),
  };
}
