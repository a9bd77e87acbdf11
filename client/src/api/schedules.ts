/**
 * On-call schedules over REST (issue 18). The server validates everything and answers 400 with the
 * reason, shown as is; types come from shared/schedules.ts (type-only: zod stays out of the bundle).
 */
import type { CalendarLinkView, OverrideView, ScheduleView, ShiftsView } from '../../../shared/schedules.ts';
import { apiRequest } from './http.ts';
import { useFetched } from './useFetched.ts';

export type { CalendarLinkView, OverrideView, ScheduleView, ShiftsView };
export type { ShiftView } from '../../../shared/schedules.ts';

const base = (scheduleId: string) => `/api/schedules/${encodeURIComponent(scheduleId)}`;

/** One empty list, so a view that depends on the list does not see a new one at every render. */
const NONE: ScheduleView[] = [];

export function useSchedules() {
  const fetched = useFetched<{ schedules: ScheduleView[] }>('/api/schedules');
  return { ...fetched, schedules: fetched.data?.schedules ?? NONE };
}

/** The final, layer and override shifts of one schedule over [from, to). */
export function useShifts(scheduleId: string | null, from: number, to: number) {
  const path = scheduleId ? `${base(scheduleId)}/shifts?from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}` : null;
  return useFetched<ShiftsView>(path);
}

export function fetchShifts(scheduleId: string, from: number, to: number): Promise<ShiftsView> {
  return apiRequest<ShiftsView>('GET', `${base(scheduleId)}/shifts?from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}`);
}

export function createOverride(scheduleId: string, body: { userId: string; start: string; end: string }): Promise<OverrideView> {
  return apiRequest<OverrideView>('POST', `${base(scheduleId)}/overrides`, body);
}

export function removeOverride(scheduleId: string, overrideId: string): Promise<void> {
  return apiRequest<void>('DELETE', `${base(scheduleId)}/overrides/${encodeURIComponent(overrideId)}`);
}

export function useCalendarLink() {
  const fetched = useFetched<{ link: CalendarLinkView | null }>('/api/schedules/my-calendar');
  return { ...fetched, link: fetched.data?.link ?? null };
}

/** A new private link (the old one stops working); its URL is shown only in this answer. */
export function createCalendarLink(): Promise<CalendarLinkView> {
  return apiRequest<CalendarLinkView>('POST', '/api/schedules/my-calendar');
}

export function revokeCalendarLink(): Promise<void> {
  return apiRequest<void>('DELETE', '/api/schedules/my-calendar');
}
