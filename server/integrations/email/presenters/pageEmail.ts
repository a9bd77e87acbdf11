/**
 * The words of a page's email. Plain text only: an incident's title is whatever someone typed, and
 * plain text cannot turn it into markup or a disguised link. The acknowledge link opens a page
 * with a button; opening it does nothing (mail scanners open every link).
 */
export interface PageEmailInput {
  personName: string;
  /** The title as this person may see it: withheld when they are not a member of a private incident. */
  title: string;
  severity: string;
  status: string;
  /** Why they are paged, in words ("on call", "escalation", "database expert"). */
  reason: string;
  ackUrl: string;
  roomUrl: string;
  /** A low-urgency alert paged without opening a room (issue 19): the link goes to the lobby. */
  roomless: boolean;
  expiresAt: number;
}

const utc = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';

/** One line: a title with line breaks in it must not be able to write lines of the email that look like ours. */
const line = (text: string) => text.replace(/\s+/g, ' ').trim();

export function pageEmail(input: PageEmailInput): { subject: string; text: string } {
  const title = line(input.title);
  return {
    subject: `[${line(input.severity)}] Paged: ${title}`,
    text: [
      `${line(input.personName)}, you are paged (${line(input.reason)}) for ${line(input.severity)}: ${title}`,
      `Status: ${line(input.status)}.`,
      '',
      'Acknowledge (opens a page with an Acknowledge button):',
      input.ackUrl,
      '',
      input.roomless ? 'No incident room was opened for this alert; the lobby lists it, and can open one:' : 'Open the incident room:',
      input.roomUrl,
      '',
      `The acknowledge link is yours alone and works once, until ${utc(input.expiresAt)}.`,
    ].join('\n'),
  };
}

export function testEmail(input: { personName: string; settingsUrl: string }): { subject: string; text: string } {
  return {
    subject: 'Incident Room: test notification',
    text: [
      `${line(input.personName)}, this is the test notification you asked for: pages will reach you at this address.`,
      '',
      'Your contact methods and notification rules:',
      input.settingsUrl,
    ].join('\n'),
  };
}
