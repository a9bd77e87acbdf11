/**
 * Follow-ups (issue 21): work that outlives the incident, owned by the server so a list across
 * incidents is one query and a tracker's status is server state. Defined once for server and
 * client.
 */
import { z } from 'zod';
import { Limits } from './limits.ts';

export const FOLLOW_UP_PRIORITIES = ['p1', 'p2', 'p3', 'p4'] as const;
export type FollowUpPriority = (typeof FOLLOW_UP_PRIORITIES)[number];
export const FOLLOW_UP_STATUSES = ['open', 'done'] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];
export const TRACKERS = ['github', 'jira'] as const;
export type TrackerKind = (typeof TRACKERS)[number];
/** `exporting` until the tracker answered; `failed` when it refused (export again to retry). */
export const TRACKER_STATES = ['exporting', 'open', 'closed', 'failed'] as const;
export type TrackerState = (typeof TRACKER_STATES)[number];

/** A calendar day (YYYY-MM-DD, UTC): due dates are days, not instants. */
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'is not a calendar date');
const title = z.string().trim().min(1, 'must not be empty').max(Limits.titleLength, `must be at most ${Limits.titleLength} characters`);
const userId = z.string().min(1).max(Limits.idLength);

export const CreateFollowUp = z.strictObject({
  title,
  ownerId: userId.nullish(),
  dueDate: day.nullish(),
  priority: z.enum(FOLLOW_UP_PRIORITIES).optional(),
  afterIncident: z.boolean().optional(),
  /** The action item of the responder document it was made from, if any. */
  actionId: z.string().min(1).max(Limits.idLength).nullish(),
});
export type CreateFollowUp = z.infer<typeof CreateFollowUp>;

export const UpdateFollowUp = z
  .strictObject({
    title: title.optional(),
    ownerId: userId.nullable().optional(),
    dueDate: day.nullable().optional(),
    priority: z.enum(FOLLOW_UP_PRIORITIES).optional(),
    afterIncident: z.boolean().optional(),
    status: z.enum(FOLLOW_UP_STATUSES).optional(),
  })
  .refine((u) => Object.keys(u).length > 0, 'nothing to change');
export type UpdateFollowUp = z.infer<typeof UpdateFollowUp>;

export const ExportFollowUp = z.strictObject({ tracker: z.enum(TRACKERS) });

export const FollowUpQuery = z.strictObject({
  service: z.string().min(1).max(63).optional(),
  /** A user id, or `me`. */
  owner: z.string().min(1).max(Limits.idLength).optional(),
  due: z.enum(['overdue', 'week']).optional(),
  status: z.enum(FOLLOW_UP_STATUSES).optional(),
});
export type FollowUpQuery = z.infer<typeof FollowUpQuery>;

export interface TrackerLink {
  kind: TrackerKind;
  /** `owner/repo#12` on GitHub, the issue key (`OPS-7`) on Jira; null until the tracker answered. */
  key: string | null;
  url: string | null;
  state: TrackerState;
  /** Why the tracker refused, when it did. */
  error: string | null;
}

export interface FollowUp {
  id: string;
  incidentId: string;
  incidentTitle: string;
  service: string | null;
  actionId: string | null;
  title: string;
  ownerId: string | null;
  dueDate: string | null;
  priority: FollowUpPriority;
  afterIncident: boolean;
  status: FollowUpStatus;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
  tracker: TrackerLink | null;
}

/** The day (YYYY-MM-DD, UTC) of a time. */
export function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Open and due before today. */
export function isOverdue(f: Pick<FollowUp, 'status' | 'dueDate'>, today: string): boolean {
  return f.status === 'open' && f.dueDate !== null && f.dueDate < today;
}
