/** Sizes of user-visible text, shared so the client can stop typing where the server would refuse. */
export const Limits = {
  titleLength: 200,
  nameLength: 80,
  idLength: 64,
  summaryLength: 4000,
  noteLength: 2000,
  updateLength: 4000,
} as const;

/**
 * The range of times people write into the responder document (a transcript entry's `at`, an
 * action item's `createdAt`). Issue 11: a time like 1e16 is a finite number that no Date can
 * hold, and formatting it threw in every reader (the room, the stakeholder page, export.md).
 * The server refuses writes outside the range; readers show a placeholder for older data.
 */
export const TimeRange = {
  /** 2000-01-01T00:00:00Z: nothing this room records happened before it. */
  earliest: Date.UTC(2000, 0, 1),
  /** How far ahead of the server's clock a writer's clock may be (a laptop with a wrong clock). */
  maxAheadMs: 24 * 60 * 60 * 1000,
} as const;

/** Whether `at` is a time in TimeRange, as seen at `now` (the server's clock, or the reader's). */
export function isRecordedTime(at: unknown, now: number): at is number {
  return typeof at === 'number' && at >= TimeRange.earliest && at <= now + TimeRange.maxAheadMs;
}
