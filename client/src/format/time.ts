/** Times as responders read them: wall-clock to the second, elapsed time as a running clock. */

export function clockTime(at: number): string {
  return new Date(at).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
}

export function shortTime(at: number): string {
  return new Date(at).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', hour12: false });
}

/**
 * The zone the times on this screen are in, e.g. "CET (UTC+1)": stakeholders read updates that
 * say "04:00 UTC" beside times in their own zone (issue 12).
 */
export function zoneLabel(at: number): string {
  const part = (timeZoneName: 'short' | 'longOffset') =>
    new Intl.DateTimeFormat(undefined, { timeZoneName }).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? '';
  const name = part('short');
  const offset = part('longOffset').replace('GMT', 'UTC') || 'UTC';
  return name && !name.startsWith('GMT') && name !== 'UTC' ? `${name} (${offset})` : offset;
}

export function dateTime(at: number): string {
  return new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short', hour12: false });
}

/** "4:07" / "1:02:33" / "3d 4h": a running clock that never changes width within a minute. */
export function elapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const days = Math.floor(total / 86400);
  const h = Math.floor((total % 86400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (days > 0) return `${days}d ${h}h`;
  const mm = String(m).padStart(h > 0 ? 2 : 1, '0');
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** "now", "5m", "2h 10m", "3d": coarse age for lists. */
export function age(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60000);
  if (minutes < 1) return 'now';
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours}h ${minutes % 60}m` : `${hours}h`;
  return `${Math.floor(hours / 24)}d`;
}

/** "under a minute", "12 min", "1 h 5 min", "2 d 3 h": a span in words, for due times and metrics. */
export function durationWords(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (minutes < 1) return 'under a minute';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

/** "42 s", "4 min 10 s", "1 h 12 min": a measured duration, finer than durationWords below ten minutes. */
export function shortDuration(ms: number): string {
  const seconds = Math.round(Math.max(0, ms) / 1000);
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 600) return seconds % 60 ? `${Math.floor(seconds / 60)} min ${seconds % 60} s` : `${seconds / 60} min`;
  return durationWords(ms);
}
