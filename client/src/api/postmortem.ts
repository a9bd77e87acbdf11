/** The postmortem's review over REST (issue 20): ask for a review, comment, publish, and read it back. */
import type { z } from 'zod';
import type { CommentRequest, DecisionRequest, PostmortemComment, PostmortemReview } from '../../../shared/postmortem.ts';
import { apiRequest } from './http.ts';
import { useFetched } from './useFetched.ts';
import type { Fetched } from './useFetched.ts';

export interface ReviewWithComments {
  review: PostmortemReview;
  comments: PostmortemComment[];
}

const base = (incidentId: string) => `/api/incidents/${encodeURIComponent(incidentId)}/postmortem`;

export const postmortemExports = (incidentId: string) => ({
  markdown: `/api/incidents/${encodeURIComponent(incidentId)}/postmortem.md`,
  html: `/api/incidents/${encodeURIComponent(incidentId)}/postmortem.html`,
});

/** The review and its comments; `key` refetches when the document's review changes. */
export function useReviewComments(incidentId: string, key: unknown): Fetched<ReviewWithComments> {
  return useFetched<ReviewWithComments>(`${base(incidentId)}/review`, key);
}

export function requestReview(incidentId: string, reviewers: string[]): Promise<{ review: PostmortemReview }> {
  return apiRequest('POST', `${base(incidentId)}/review`, { reviewers });
}

export function addComment(incidentId: string, comment: z.input<typeof CommentRequest>): Promise<{ comment: PostmortemComment }> {
  return apiRequest('POST', `${base(incidentId)}/comments`, comment);
}

/** A named reviewer approves, or asks for changes saying which. */
export function decideOnReview(incidentId: string, decision: DecisionRequest): Promise<{ review: PostmortemReview }> {
  return apiRequest('POST', `${base(incidentId)}/decision`, decision);
}

export function publishPostmortem(incidentId: string): Promise<{ review: PostmortemReview }> {
  return apiRequest('POST', `${base(incidentId)}/publish`);
}
