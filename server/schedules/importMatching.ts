/**
 * Whose shift an imported event is. Exports name people differently ("On Call - Primary - Jane
 * Doe", "[L1] jane", an ATTENDEE with an email), so an event's attendee emails are tried first,
 * then its attendee names, its summary and each part of its summary. A match must be one person:
 * two people of one name is a question for a human, reported rather than guessed.
 */
import { sameName } from '../storage/users.ts';
import type { CalendarFileEvent } from './icsEvents.ts';

export interface Candidate {
  id: string;
  name: string;
  email: string | null;
}

export type Match = { userId: string } | { reason: string };

const PARTS = /\s[-–—|]\s|[:()[\],/]/;
/** How this server's own calendars (and PagerDuty's) begin a shift's summary. */
const ON_CALL_PREFIX = /^on[ -]call\s*[:\-–—]\s*/i;

function one(found: readonly Candidate[], what: string): Match | null {
  const ids = [...new Set(found.map((c) => c.id))];
  if (ids.length === 1) return { userId: ids[0]! };
  if (ids.length > 1) return { reason: `${what} matches more than one person (${found.map((c) => c.name).join(', ')})` };
  return null;
}

export function matchPerson(event: CalendarFileEvent, people: readonly Candidate[]): Match {
  const emails = event.attendees.flatMap((a) => (a.email ? [a.email.toLowerCase()] : []));
  const byEmail = one(
    people.filter((p) => p.email && emails.includes(p.email.toLowerCase())),
    'the attendee email',
  );
  if (byEmail) return byEmail;
  const summary = event.summary ?? '';
  const names = [...event.attendees.flatMap((a) => (a.name ? [a.name] : [])), summary, summary.replace(ON_CALL_PREFIX, ''), ...summary.split(PARTS)].map((n) => n.trim()).filter(Boolean);
  for (const name of names) {
    const byName = one(
      people.filter((p) => sameName(p.name, name)),
      `"${name}"`,
    );
    if (byName) return byName;
  }
  return { reason: 'nobody here has the name or email this event gives' };
}
