/**
 * The events of an iCalendar file another tool exported (PagerDuty, Opsgenie, Grafana OnCall,
 * a shared calendar), read with ical.js. Times are taken as their wall clock in their TZID when
 * Intl knows that zone (the file's own VTIMEZONE may be stale or hostile), through the file's
 * VTIMEZONE otherwise (Outlook's Windows zone names), and in the schedule's zone when floating or
 * all-day. ical.js loads on the first import only: a server that never imports does not pay for it.
 */
import { canonicalTimeZone, ScheduleLimits } from '../../shared/schedules.ts';
import { CommandError } from '../commands/CommandError.ts';
import { addDays, instantOf } from './zonedTime.ts';

export interface CalendarFileEvent {
  uid: string | null;
  summary: string | null;
  start: number | null;
  end: number | null;
  attendees: Array<{ name: string | null; email: string | null }>;
  /** Why the event cannot become a shift, if it cannot. */
  problem: string | null;
}

type Ical = typeof import('ical.js').default;
type IcalComponent = InstanceType<Ical['Component']>;
type IcalProperty = InstanceType<Ical['Property']>;

const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : null);

export async function calendarFileEvents(ics: string, zone: string): Promise<CalendarFileEvent[]> {
  const { default: ICAL } = await import('ical.js');
  let root: IcalComponent;
  try {
    root = new ICAL.Component(ICAL.parse(ics) as unknown[]);
  } catch (error) {
    throw new CommandError('invalid', `not an iCalendar file: ${(error as Error).message}`);
  }
  if (root.name !== 'vcalendar') throw new CommandError('invalid', 'not an iCalendar file: it must begin with BEGIN:VCALENDAR');
  const events = root.getAllSubcomponents('vevent');
  if (events.length > ScheduleLimits.importEvents) {
    throw new CommandError('invalid', `the file holds ${events.length} events; import at most ${ScheduleLimits.importEvents} at a time`);
  }
  return events.map((event) => readEvent(ICAL, event, zone));
}

function readEvent(ICAL: Ical, event: IcalComponent, zone: string): CalendarFileEvent {
  const base = {
    uid: text(event.getFirstPropertyValue('uid')),
    summary: text(event.getFirstPropertyValue('summary')),
    attendees: event.getAllProperties('attendee').map((p) => ({
      name: text(p.getParameter('cn')),
      email: text(String(p.getFirstValue() ?? '').replace(/^mailto:/i, '')),
    })),
  };
  const start = instantOfProperty(ICAL, event.getFirstProperty('dtstart'), zone);
  const end = endOf(ICAL, event, start, zone);
  const refuse = (problem: string) => ({ ...base, start, end, problem });
  if (event.hasProperty('rrule') || event.hasProperty('rdate')) return refuse('repeating events are not imported: export the individual shifts');
  if (String(event.getFirstPropertyValue('status') ?? '').toUpperCase() === 'CANCELLED') return refuse('the event is cancelled');
  if (start === null) return refuse('no start time this server can read (DTSTART, and its TZID if any)');
  if (end === null) return refuse('no end time this server can read (DTEND or DURATION)');
  if (end <= start) return refuse('the event ends before it starts');
  return { ...base, start, end, problem: null };
}

function endOf(ICAL: Ical, event: IcalComponent, start: number | null, zone: string): number | null {
  const dtend = event.getFirstProperty('dtend');
  if (dtend) return instantOfProperty(ICAL, dtend, zone);
  const duration = event.getFirstPropertyValue('duration');
  if (start !== null && duration instanceof ICAL.Duration) return start + duration.toSeconds() * 1000;
  // RFC 5545 3.6.1: an all-day event without an end lasts one day.
  const value = event.getFirstPropertyValue('dtstart');
  if (value instanceof ICAL.Time && value.isDate) return instantOf({ ...addDays(value, 1), hour: 0, minute: 0, second: 0 }, zone);
  return null;
}

function instantOfProperty(ICAL: Ical, prop: IcalProperty | null, zone: string): number | null {
  const value = prop?.getFirstValue();
  if (!prop || !(value instanceof ICAL.Time)) return null;
  const wall = { year: value.year, month: value.month, day: value.day, hour: value.hour, minute: value.minute, second: value.second };
  if (value.isDate) return instantOf({ ...wall, hour: 0, minute: 0, second: 0 }, zone);
  if (value.zone === ICAL.Timezone.utcTimezone) return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  const tzid = text(prop.getParameter('tzid'));
  if (tzid === null) return instantOf(wall, zone);
  const known = canonicalTimeZone(tzid);
  if (known) return instantOf(wall, known);
  if (value.zone && value.zone !== ICAL.Timezone.localTimezone && value.zone.tzid === tzid) return value.toUnixTime() * 1000;
  return null;
}
