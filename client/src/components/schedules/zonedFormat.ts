/**
 * Times of a schedule as its people read them: in the schedule's own zone, named, so "09:00" is
 * the hand-off everyone agreed on wherever the reader's laptop is.
 */
const formats = new Map<string, Intl.DateTimeFormat>();

function format(zone: string): Intl.DateTimeFormat {
  let f = formats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat(undefined, { timeZone: zone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hour12: false, timeZoneName: 'short' });
    formats.set(zone, f);
  }
  return f;
}

export function zonedTime(at: string | number, zone: string): string {
  return format(zone).format(new Date(at));
}

export function zonedRange(start: string, end: string, zone: string): string {
  return `${zonedTime(start, zone)} to ${zonedTime(end, zone)}`;
}
