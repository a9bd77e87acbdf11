/** A real pino logger whose lines a test can read, to wait for what the server did. */
import { pino } from 'pino';
import type { Logger } from '../../server/logger.ts';

export interface CapturedLog {
  logger: Logger;
  lines: Array<Record<string, unknown> & { msg?: string }>;
}

export function capturingLogger(level = 'debug'): CapturedLog {
  const lines: CapturedLog['lines'] = [];
  const logger = pino({ level }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, lines };
}
