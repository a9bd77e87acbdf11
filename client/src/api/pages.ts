/**
 * Pages without a room (issue 19): the open ones, acknowledging one, and "Open a room". The
 * server decides who may and answers why it refuses.
 */
import type { PromotedPage, RoomlessPageList, RoomlessPageView } from '../../../shared/pages.ts';
import { apiRequest } from './http.ts';
import { useFetched } from './useFetched.ts';

export type { RoomlessPageView };

export function useOpenPages() {
  const fetched = useFetched<RoomlessPageList>('/api/pages?status=open');
  return { ...fetched, pages: fetched.data?.pages ?? [] };
}

export function acknowledgePage(id: string): Promise<RoomlessPageView> {
  return apiRequest<RoomlessPageView>('POST', `/api/pages/${encodeURIComponent(id)}/acknowledge`);
}

export function promotePage(id: string): Promise<PromotedPage> {
  return apiRequest<PromotedPage>('POST', `/api/pages/${encodeURIComponent(id)}/promote`);
}
