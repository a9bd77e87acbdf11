/**
 * The postmortem document of an incident (issue 20), `<id>.postmortem`: responders co-edit its
 * sections, highlight timeline entries and set the impact window; the server seeds its outline
 * from a template and alone writes its review state.
 */
import * as Y from 'yjs';
import { z } from 'zod';
import type { Principal } from './access.ts';
import { Limits } from './limits.ts';

/** Root types of the postmortem document. */
export const PostmortemRoot = {
  /** Y.Map<{ title: string; position: number }>, keyed by section key: server-written, from the template. */
  outline: 'outline',
  /** Y.Map<Y.Text>, keyed by section key: each section's text. */
  sections: 'sections',
  /**
   * Y.Array<string>: ids of timeline events and transcript entries shown in the postmortem's
   * timeline. Transcript entries are highlighted on the entry itself (`highlighted`, in the room
   * or here) until publishing copies them in; see highlightedIds.
   */
  highlights: 'highlights',
  /** Y.Map<number | null>, keyed by ImpactField: the impact window, times in TimeRange. */
  impact: 'impact',
  /** Y.Map: PostmortemReview's fields, mirrored by the server from storage. */
  review: 'review',
} as const;

/** The roots a client may write; the others are the server's. */
export const POSTMORTEM_CLIENT_ROOTS: readonly string[] = [PostmortemRoot.sections, PostmortemRoot.highlights, PostmortemRoot.impact];

export interface OutlineEntry {
  title: string;
  position: number;
}

export const postmortemMaps = (doc: Y.Doc) => ({
  outline: doc.getMap<OutlineEntry>(PostmortemRoot.outline),
  sections: doc.getMap<Y.Text>(PostmortemRoot.sections),
  highlights: doc.getArray<string>(PostmortemRoot.highlights),
  impact: doc.getMap<number | null>(PostmortemRoot.impact),
  review: doc.getMap<PostmortemReview[keyof PostmortemReview]>(PostmortemRoot.review),
});
export type PostmortemMaps = ReturnType<typeof postmortemMaps>;

/** The sections in their template's order, with their text as it is now. */
export function readSections(maps: PostmortemMaps): Array<{ key: string; title: string; text: string }> {
  return [...maps.outline.entries()]
    .sort(([, a], [, b]) => a.position - b.position)
    .map(([key, { title }]) => {
      const text = maps.sections.get(key);
      return { key, title, text: text instanceof Y.Text ? text.toString() : '' };
    });
}

/**
 * What the postmortem's timeline shows: its own list, and, until it is published, the transcript
 * entries marked in the room. Publishing copies those into the list, so the published timeline
 * stays as it was reviewed whatever the room marks later.
 */
export function highlightedIds(maps: PostmortemMaps, transcript: ReadonlyArray<{ id: string; highlighted: boolean }>): Set<string> {
  const ids = new Set(maps.highlights.toArray());
  if (readReview(maps).state !== 'published') for (const entry of transcript) if (entry.highlighted) ids.add(entry.id);
  return ids;
}

/** The review as the server last mirrored it; a draft before any. */
export function readReview(maps: PostmortemMaps): PostmortemReview {
  const state = maps.review.get('state');
  const revision = maps.review.get('commentsRevision');
  return {
    state: REVIEW_STATES.includes(state as ReviewState) ? (state as ReviewState) : 'draft',
    reviewers: (maps.review.get('reviewers') as string[] | undefined) ?? [],
    decisions: readDecisions(maps.review.get('decisions')),
    commentsRevision: typeof revision === 'number' ? revision : 0,
    publishedAt: (maps.review.get('publishedAt') as number | null | undefined) ?? null,
    publishedBy: (maps.review.get('publishedBy') as string | null | undefined) ?? null,
  };
}

function readDecisions(value: unknown): Record<string, ReviewDecision> {
  if (typeof value !== 'object' || value === null) return {};
  return Object.fromEntries(
    Object.entries(value as Record<string, Partial<ReviewDecision>>).filter(
      ([, d]) => REVIEW_DECISIONS.includes(d?.decision as ReviewDecisionKind) && typeof d?.at === 'number',
    ),
  ) as Record<string, ReviewDecision>;
}

export const IMPACT_FIELDS = ['started', 'detected', 'mitigated', 'resolved'] as const;
export type ImpactField = (typeof IMPACT_FIELDS)[number];

export interface PostmortemSection {
  key: string;
  title: string;
  /** The text the section starts with. */
  body: string;
}

export const DEFAULT_POSTMORTEM_SECTIONS: readonly PostmortemSection[] = [
  'Summary',
  'Impact',
  'Timeline highlights',
  'Root cause',
  'Contributing factors',
  'What went well',
  'What went poorly',
  'Lessons',
  'Follow-ups',
].map((title) => ({ key: sectionKey(title), title, body: '' }));

export const MAX_POSTMORTEM_SECTIONS = 40;

/** A heading's key: lower case words joined by dashes ("Root cause" is `root-cause`). */
export function sectionKey(title: string): string {
  return (
    title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, Limits.idLength) || 'section'
  );
}

/**
 * The sections of a Markdown template. A template with `## ` headings replaces the outline: each
 * heading starts a section, with the lines under it as its text. One with only `### ` headings
 * (an incident type's additions, as ops/incident-model.example.yaml writes them) adds its
 * sections after the default ones. Text before the first heading is dropped. Two headings with
 * one key get distinct keys, so neither is lost.
 */
export function parsePostmortemTemplate(markdown: string): PostmortemSection[] {
  const lines = markdown.split(/\r?\n/);
  if (lines.some((line) => /^##\s/.test(line))) return sectionsUnder(lines, '##', []);
  return sectionsUnder(lines, '###', DEFAULT_POSTMORTEM_SECTIONS);
}

function sectionsUnder(lines: string[], marker: string, before: readonly PostmortemSection[]): PostmortemSection[] {
  const sections = [...before];
  const keys = new Set(before.map((s) => s.key));
  const pattern = new RegExp(`^${marker}\\s+(.+?)\\s*#*\\s*$`);
  let current: { key: string; title: string; lines: string[] } | null = null;
  const finish = () => {
    if (current) sections.push({ key: current.key, title: current.title, body: current.lines.join('\n').trim() });
  };
  for (const line of lines) {
    const heading = pattern.exec(line);
    if (!heading) {
      current?.lines.push(line);
      continue;
    }
    finish();
    current = null;
    if (sections.length >= MAX_POSTMORTEM_SECTIONS) break;
    const title = heading[1]!.slice(0, Limits.titleLength);
    let key = sectionKey(title);
    for (let n = 2; keys.has(key); n++) key = `${sectionKey(title).slice(0, Limits.idLength - 4)}-${n}`;
    keys.add(key);
    current = { key, title, lines: [] };
  }
  finish();
  return sections.length > 0 ? sections : [...DEFAULT_POSTMORTEM_SECTIONS];
}

export const REVIEW_STATES = ['draft', 'in_review', 'published'] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

/** What the review root holds: the server's copy of the postmortem's review row. */
export interface PostmortemReview {
  state: ReviewState;
  /** User ids. */
  reviewers: string[];
  /** Each named reviewer's latest decision, by user id; kept when the text changes afterwards. */
  decisions: Record<string, ReviewDecision>;
  /** Counts the comments, so every open page knows when to read them again (they stay out of the document). */
  commentsRevision: number;
  publishedAt: number | null;
  publishedBy: string | null;
}

export const DRAFT_REVIEW: PostmortemReview = { state: 'draft', reviewers: [], decisions: {}, commentsRevision: 0, publishedAt: null, publishedBy: null };

export const REVIEW_DECISIONS = ['approved', 'changes_requested'] as const;
export type ReviewDecisionKind = (typeof REVIEW_DECISIONS)[number];

export interface ReviewDecision {
  decision: ReviewDecisionKind;
  at: number;
  /** What the reviewer asks to change; null for an approval. */
  note: string | null;
}

/** `POST …/postmortem/decision`: a named reviewer approves, or asks for changes and says which. */
export const DecisionRequest = z.discriminatedUnion('decision', [
  z.strictObject({ decision: z.literal('approved') }),
  z.strictObject({ decision: z.literal('changes_requested'), note: z.string().trim().min(1).max(Limits.noteLength) }),
]);
export type DecisionRequest = z.infer<typeof DecisionRequest>;

/** Who acts on a review, as its rules need to know them. */
export interface ReviewActor {
  userId: string;
  /** A per-incident token: it stands for no person, so it can neither review nor publish. */
  scopedToken: boolean;
  /** The API token: automation may publish a postmortem in review without waiting for an approval. */
  automation: boolean;
}

export function reviewActor(p: Principal): ReviewActor {
  return { userId: p.userId, scopedToken: p.incidentId !== null, automation: p.access === 'admin' && p.sessionId === null && p.incidentId === null };
}

/** Why a review action is refused: a conflict with where the review stands, or not this person's to take. */
export type ReviewRefusal = { code: 'conflict' | 'forbidden'; reason: string } | null;

export const NOT_IN_REVIEW = 'this postmortem is not in review: submit it for review first';
export const DRAFT_NOT_PUBLISHABLE = 'submit this postmortem for review first: it is published once a named reviewer approved it';
export const NEEDS_APPROVAL = 'a named reviewer must approve this postmortem before it is published';

/** Whether this person may approve or ask for changes now: named reviewers only, while in review. */
export function decisionRefusal(review: PostmortemReview, actor: ReviewActor): ReviewRefusal {
  if (review.state === 'published') return { code: 'conflict', reason: PUBLISHED_REASON };
  if (review.state === 'draft') return { code: 'conflict', reason: NOT_IN_REVIEW };
  if (actor.scopedToken) return { code: 'forbidden', reason: 'a token for one incident cannot review a postmortem; sign in as a named reviewer' };
  if (!review.reviewers.includes(actor.userId)) return { code: 'forbidden', reason: 'only the named reviewers approve or ask for changes' };
  return null;
}

/**
 * Whether this person may publish now. A named reviewer publishes, once at least one named
 * reviewer approved and none asks for changes (their later approval lifts it); automation with
 * the API token may skip the approval. A draft is never published directly.
 */
export function publishRefusal(review: PostmortemReview, actor: ReviewActor): ReviewRefusal {
  if (review.state === 'published') return { code: 'conflict', reason: PUBLISHED_REASON };
  if (review.state === 'draft') return { code: 'conflict', reason: DRAFT_NOT_PUBLISHABLE };
  if (actor.automation) return null;
  if (actor.scopedToken) return { code: 'forbidden', reason: 'a token for one incident cannot publish a postmortem; sign in as a named reviewer' };
  if (!review.reviewers.includes(actor.userId)) return { code: 'forbidden', reason: 'only a named reviewer publishes this postmortem' };
  const decided = review.reviewers.map((id) => review.decisions[id]?.decision);
  if (decided.includes('changes_requested')) return { code: 'conflict', reason: 'a named reviewer asked for changes: publishing waits for their approval' };
  if (!decided.includes('approved')) return { code: 'conflict', reason: NEEDS_APPROVAL };
  return null;
}

/** The review once submitted for these reviewers: decisions of those no longer named are dropped. */
export function submittedFor(review: PostmortemReview, reviewers: string[]): PostmortemReview {
  const named = [...new Set(reviewers)];
  const decisions = Object.fromEntries(Object.entries(review.decisions).filter(([id]) => named.includes(id)));
  return { ...review, state: 'in_review', reviewers: named, decisions };
}

export const ReviewRequest = z.strictObject({
  reviewers: z.array(z.string().min(1).max(Limits.idLength)).min(1).max(20),
});

export const CommentRequest = z.strictObject({
  section: z.string().min(1).max(Limits.idLength),
  /** The passage commented on, as the commenter selected it. */
  quote: z.string().max(Limits.noteLength).optional(),
  text: z.string().trim().min(1).max(Limits.noteLength),
});

export interface PostmortemComment {
  id: string;
  at: number;
  author: { id: string; name: string };
  section: string;
  quote: string | null;
  text: string;
}

export const PublishedQuery = z.strictObject({
  service: z.string().max(Limits.nameLength).optional(),
  /** Published at or after, ms since the epoch. */
  from: z.coerce.number().int().nonnegative().optional(),
  to: z.coerce.number().int().nonnegative().optional(),
});

export interface PublishedPostmortem {
  incidentId: string;
  title: string;
  service: string | null;
  publishedAt: number;
}

/** The reason of the close that announces publishing; pages reconnect read-only after it. */
export const PUBLISHED_REASON = 'this postmortem is published and read-only';
