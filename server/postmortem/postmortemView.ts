/**
 * One postmortem read whole, for its exports (issue 20): the sections, the impact window, who
 * held each role, the key decisions (transcript entries of kind `decision`) and the highlighted
 * timeline, each with its wording from shared/eventText.ts applied by the renderer.
 */
import type * as Y from 'yjs';
import type { IncidentEvent, IncidentMeta } from '../../shared/documents.ts';
import type { IncidentDefinitions } from '../../shared/incidentModel.ts';
import { highlightedIds, IMPACT_FIELDS, postmortemMaps, readReview } from '../../shared/postmortem.ts';
import type { ImpactField, PostmortemComment, PostmortemReview } from '../../shared/postmortem.ts';
import { readTranscript } from '../../shared/responderDoc.ts';
import { readRichSections } from '../../shared/richText.ts';
import type { RichLine } from '../../shared/richText.ts';
import type { TranscriptEntryView } from '../../shared/responderDoc.ts';
import { authorOfClient, definitionsOf, readMeta, stateMaps } from '../../shared/stateDoc.ts';
import { roleGroups } from './roleHistory.ts';
import type { RoleGroup } from './roleHistory.ts';

export interface PostmortemView {
  meta: IncidentMeta;
  defs: IncidentDefinitions;
  review: PostmortemReview;
  /** Names of the reviewers, by user id, as the state document knows them. */
  names: Record<string, string>;
  /** Each section's text with its formats, as the renderers of shared/richText.ts take it. */
  sections: Array<{ key: string; title: string; lines: RichLine[] }>;
  impact: Record<ImpactField, number | null>;
  roles: RoleGroup[];
  decisions: Array<TranscriptEntryView & { author: string | null }>;
  /** Highlighted timeline events and transcript entries, oldest first. */
  highlights: Array<{ at: number; event: IncidentEvent } | { at: number; entry: TranscriptEntryView }>;
  comments: PostmortemComment[];
}

/** The impact window as the document holds it, every field present. */
export function readImpact(postmortem: Y.Doc): Record<ImpactField, number | null> {
  const { impact } = postmortemMaps(postmortem);
  return Object.fromEntries(IMPACT_FIELDS.map((f) => [f, impact.get(f) ?? null])) as Record<ImpactField, number | null>;
}

export function postmortemView(docs: { state: Y.Doc; responder: Y.Doc; postmortem: Y.Doc }, comments: PostmortemComment[]): PostmortemView | null {
  const maps = stateMaps(docs.state);
  const meta = readMeta(maps);
  if (!meta) return null;
  const pm = postmortemMaps(docs.postmortem);
  const transcript = readTranscript(docs.responder);
  const marked = highlightedIds(pm, transcript);
  const defs = definitionsOf(meta);
  const names = Object.fromEntries([...maps.people.values()].map((p) => [p.id, p.name]));
  return {
    meta,
    defs,
    review: readReview(pm),
    names,
    sections: readRichSections(pm),
    impact: readImpact(docs.postmortem),
    roles: roleGroups(maps.events.toArray(), defs),
    decisions: transcript.filter((e) => e.kind === 'decision').map((e) => ({ ...e, author: authorOfClient(docs.state, e.client)?.name ?? null })),
    highlights: [
      ...maps.events.toArray().filter((e) => marked.has(e.id)).map((event) => ({ at: event.at, event })),
      ...transcript.filter((e) => marked.has(e.id)).map((entry) => ({ at: entry.at, entry })),
    ].sort((a, b) => a.at - b.at),
    comments,
  };
}
