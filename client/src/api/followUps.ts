/**
 * Follow-ups over REST (issue 21): one incident's, the list across incidents with its filters,
 * and the calls that change one. Refusals come back as ApiError with the server's reason.
 */
import type { CreateFollowUp, FollowUp, FollowUpQuery, TrackerKind, UpdateFollowUp } from '../../../shared/followUps.ts';
import { apiRequest } from './http.ts';
import { useFetched } from './useFetched.ts';

export interface FollowUpList {
  followUps: FollowUp[];
  /** The server's day (YYYY-MM-DD, UTC): "overdue" is decided by its clock, not the browser's. */
  today: string;
  /** The trackers this server exports to. */
  trackers: TrackerKind[];
}

export function followUpsPath(query: FollowUpQuery): string {
  const params = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));
  const text = params.toString();
  return text ? `/api/follow-ups?${text}` : '/api/follow-ups';
}

export function useFollowUpList(query: FollowUpQuery) {
  return useFetched<FollowUpList>(followUpsPath(query));
}

export function useIncidentFollowUps(incidentId: string) {
  return useFetched<FollowUpList>(`/api/incidents/${encodeURIComponent(incidentId)}/follow-ups`);
}

export async function createFollowUp(incidentId: string, body: CreateFollowUp): Promise<FollowUp> {
  return (await apiRequest<{ followUp: FollowUp }>('POST', `/api/incidents/${encodeURIComponent(incidentId)}/follow-ups`, body)).followUp;
}

export async function updateFollowUp(id: string, changes: UpdateFollowUp): Promise<FollowUp> {
  return (await apiRequest<{ followUp: FollowUp }>('PATCH', `/api/follow-ups/${encodeURIComponent(id)}`, changes)).followUp;
}

export async function exportFollowUp(id: string, tracker: TrackerKind): Promise<FollowUp> {
  return (await apiRequest<{ followUp: FollowUp }>('POST', `/api/follow-ups/${encodeURIComponent(id)}/export`, { tracker })).followUp;
}
