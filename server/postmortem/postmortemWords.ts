/** Wording both postmortem exports share: times in UTC, the impact window, the review's state. */
import { durationText } from '../../shared/eventText.ts';
import type { PostmortemView } from './postmortemView.ts';

/** Times stored before the server checked them (issue 11) may be past what a Date holds. */
export function utc(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? 'unknown time' : date.toISOString().replace(/\.\d{3}Z$/, ' UTC').replace('T', ' ');
}

const LABELS = { started: 'Impact started', detected: 'Detected', mitigated: 'Mitigated', resolved: 'Resolved' } as const;

/** Plain lines; the renderer escapes them. */
export function impactLines(v: PostmortemView): string[] {
  const { started } = v.impact;
  const lines = (Object.keys(LABELS) as Array<keyof typeof LABELS>).map((field) => {
    const at = v.impact[field];
    if (at === null) return `${LABELS[field]}: not set`;
    return `${LABELS[field]}: ${utc(at)}${started !== null && field !== 'started' ? ` (${durationText(at - started)} after impact started)` : ''}`;
  });
  const end = v.impact.resolved ?? v.impact.mitigated;
  if (started !== null && end !== null) lines.push(`Duration of impact: ${durationText(end - started)}`);
  return lines;
}

export function reviewLine(v: PostmortemView): string {
  const { review, names } = v;
  const who = (id: string | null) => (id ? (names[id] ?? id) : 'someone');
  if (review.state === 'published') return `published ${review.publishedAt ? utc(review.publishedAt) : ''} by ${who(review.publishedBy)}`;
  if (review.state === 'in_review') return `in review by ${review.reviewers.map(who).join(', ')}`;
  return 'draft';
}
