/**
 * Published postmortems over REST (issue 20), and the page's filter as the address keeps it:
 * `?service=&from=&to=` with days as YYYY-MM-DD in the browser's zone, so a filtered view can
 * be shared and the back button steps through searches.
 */
import type { PublishedPostmortemListing } from '../../../shared/api.ts';
import { useFetched } from './useFetched.ts';

export interface PostmortemFilter {
  service?: string;
  /** First day included, YYYY-MM-DD. */
  from?: string;
  /** Last day included, YYYY-MM-DD. */
  to?: string;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Midnight starting the day in the browser's zone; null for anything that is not a real day. */
function dayStart(day: string, offsetDays = 0): number | null {
  const m = DAY.exec(day);
  if (!m) return null;
  const [year, month, date] = [Number(m[1]), Number(m[2]) - 1, Number(m[3])];
  const at = new Date(year, month, date + offsetDays);
  if (offsetDays === 0 && (at.getFullYear() !== year || at.getMonth() !== month || at.getDate() !== date)) return null;
  return at.getTime();
}

/** The filter in an address; a part someone mistyped is left out rather than refused. */
export function filterOf(url: URL): PostmortemFilter {
  const service = url.searchParams.get('service')?.trim();
  const day = (key: string) => {
    const value = url.searchParams.get(key) ?? '';
    return dayStart(value) === null ? undefined : value;
  };
  return { ...(service ? { service } : {}), ...(day('from') ? { from: day('from') } : {}), ...(day('to') ? { to: day('to') } : {}) };
}

/** The page's address for a filter. */
export function postmortemsAddress(filter: PostmortemFilter): string {
  const params = new URLSearchParams(Object.entries(filter).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));
  const text = params.toString();
  return text ? `/postmortems?${text}` : '/postmortems';
}

/** The API's question: `to` covers its whole day. */
export function publishedPath(filter: PostmortemFilter): string {
  const params = new URLSearchParams();
  if (filter.service) params.set('service', filter.service);
  const from = filter.from ? dayStart(filter.from) : null;
  const to = filter.to ? dayStart(filter.to, 1) : null;
  if (from !== null) params.set('from', String(from));
  if (to !== null) params.set('to', String(to - 1));
  const text = params.toString();
  return text ? `/api/postmortems?${text}` : '/api/postmortems';
}

export function usePublishedPostmortems(filter: PostmortemFilter) {
  return useFetched<{ postmortems: PublishedPostmortemListing[] }>(publishedPath(filter));
}
