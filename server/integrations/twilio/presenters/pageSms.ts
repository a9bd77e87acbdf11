/**
 * The words of a page's text (issue 19). At most two segments (320 characters) whatever the
 * title: a long title is cut, never the instruction to reply, which is what the text is for.
 */
import { line } from './twiml.ts';

/** Two GSM-7 segments; longer texts cost more and arrive split on some phones. */
export const MAX_SMS_CHARS = 320;

export interface PageSmsInput {
  /** The title as this person may see it: withheld when they are not a member of a private incident. */
  title: string;
  severity: string;
  /** Why they are paged, in words ("on call", "escalation", "database expert"). */
  reason: string;
  roomUrl: string;
}

export function pageSms(input: PageSmsInput): string {
  const head = `[${line(input.severity)}] Paged (${line(input.reason)}): `;
  const tail = `. Reply ACK to acknowledge. ${input.roomUrl}`;
  const room = MAX_SMS_CHARS - head.length - tail.length;
  const title = line(input.title);
  const shown = title.length <= room ? title : `${title.slice(0, Math.max(0, room - 1))}…`;
  return `${head}${shown}${tail}`.slice(0, MAX_SMS_CHARS);
}

export function testSms(settingsUrl: string): string {
  return `Incident Room: this is the test text you asked for; pages will reach you at this number. Your settings: ${settingsUrl}`;
}
