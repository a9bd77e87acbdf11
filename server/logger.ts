import { pino } from 'pino';

export type Logger = pino.Logger;

/** Paths that could carry a secret are redacted, so tokens never reach a log. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: {
      paths: ['token', '*.token', 'authorization', '*.authorization', 'headers.cookie', 'req.headers.cookie', 'req.headers.authorization'],
      censor: '[redacted]',
    },
  });
}
