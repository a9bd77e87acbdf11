/**
 * A drill from the past (issue 22): a resolved incident's update log replayed into a new,
 * private practice incident at a chosen speed. Practice incidents are marked, so metrics,
 * webhooks, chat, the status page and the people on call never take them for real ones.
 */
import { z } from 'zod';

/** How many times faster than it happened; a small set, so a drill is picked, never typed. */
export const PRACTICE_SPEEDS = [1, 2, 5, 10, 60] as const;
export type PracticeSpeed = (typeof PRACTICE_SPEEDS)[number];

export const StartPractice = z.strictObject({
  speed: z.union(PRACTICE_SPEEDS.map((s) => z.literal(s)) as [z.ZodLiteral<PracticeSpeed>, ...z.ZodLiteral<PracticeSpeed>[]]),
  /** The source's moment (ms) the drill starts at: everything stored until then is there at once. */
  from: z.number().int().nonnegative().optional(),
});
export type StartPractice = z.infer<typeof StartPractice>;

export interface PracticeStarted {
  incidentId: string;
}

const TITLE_PREFIX = 'Practice: ';

export function practiceTitle(sourceTitle: string): string {
  return TITLE_PREFIX + sourceTitle;
}

/** Whether an incident (its meta, or a lobby row) is a drill: both carry the flag. */
export function isPractice(incident: { practice?: boolean }): boolean {
  return incident.practice === true;
}
