/**
 * The incident's timeline (the server's events and the transcript, in time order), each with a
 * toggle that puts it in the postmortem's timeline: an event into the `highlights` root, a
 * transcript entry by marking the entry itself, as the room's star does (see highlightedIds).
 */
import { useMemo } from 'react';
import * as Y from 'yjs';
import type { IncidentEvent } from '../../../../shared/documents.ts';
import type { Person } from '../../../../shared/incident.ts';
import type { IncidentDefinitions } from '../../../../shared/incidentModel.ts';
import { highlightedIds } from '../../../../shared/postmortem.ts';
import type { PostmortemMaps } from '../../../../shared/postmortem.ts';
import { onlyMaps, responderRoots } from '../../../../shared/responderDoc.ts';
import type { TranscriptEntryView } from '../../../../shared/responderDoc.ts';
import { setEntryHighlighted } from '../../sync/responderDoc.ts';
import { describeEvent } from '../../format/timelineEvent.ts';
import { clockTime } from '../../format/time.ts';
import { useYArray } from '../../sync/useYjs.ts';

interface Props {
  maps: PostmortemMaps;
  /** Where transcript entries are marked. */
  responderDoc: Y.Doc;
  events: IncidentEvent[];
  transcript: TranscriptEntryView[];
  defs: IncidentDefinitions;
  authorOfClient: (client: number) => Person | null;
  readOnly: boolean;
}

interface Row {
  id: string;
  at: number;
  who: string;
  what: string;
}

export function TimelineHighlights({ maps, responderDoc, events, transcript, defs, authorOfClient, readOnly }: Props) {
  const highlights = maps.highlights;
  useYArray(highlights);
  const chosen = highlightedIds(maps, transcript);
  const entryIds = useMemo(() => new Set(transcript.map((t) => t.id)), [transcript]);
  const rows = useMemo<Row[]>(
    () =>
      [
        ...events.map((e) => ({ id: e.id, at: e.at, who: e.actor.name, what: describeEvent(e, defs) })),
        ...transcript.map((t) => ({ id: t.id, at: t.at, who: authorOfClient(t.client)?.name ?? 'someone', what: `${t.kind}: ${t.text}` })),
      ].sort((a, b) => a.at - b.at),
    [events, transcript, defs, authorOfClient],
  );

  const toggle = (id: string, on: boolean) => {
    if (entryIds.has(id)) {
      responderDoc.transact(() => {
        for (const entry of onlyMaps(responderRoots(responderDoc).transcript.toArray())) if (entry.get('id') === id) setEntryHighlighted(entry, on);
      });
      // Marked here before entries carried their mark: unmarking clears the list's copy too.
      if (on) return;
    } else if (on) {
      if (!highlights.toArray().includes(id)) highlights.push([id]);
      return;
    }
    highlights.doc!.transact(() => {
      // From the end, so each deletion leaves the indexes still to visit in place.
      const items = highlights.toArray();
      for (let i = items.length - 1; i >= 0; i--) if (items[i] === id) highlights.delete(i, 1);
    });
  };

  return (
    <section className="postmortem-panel" aria-labelledby="pm-timeline">
      <h2 id="pm-timeline">Timeline highlights</h2>
      <p className="muted small">{chosen.size} of {rows.length} highlighted; highlighted entries make the postmortem's timeline.</p>
      <ol className="postmortem-timeline">
        {rows.map((row) => (
          <li key={row.id} data-testid="timeline-row" data-highlighted={chosen.has(row.id)} className={chosen.has(row.id) ? 'highlighted' : undefined}>
            <label>
              <input
                type="checkbox"
                checked={chosen.has(row.id)}
                disabled={readOnly}
                aria-label={`Highlight: ${row.who} ${row.what}`}
                onChange={(e) => toggle(row.id, e.target.checked)}
              />
              <span className="small">Highlight</span>
            </label>
            <time dateTime={new Date(row.at).toISOString()} className="muted small">
              {clockTime(row.at)}
            </time>{' '}
            <strong>{row.who}</strong> <span className="timeline-what">{row.what}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
