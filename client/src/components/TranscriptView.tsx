/** The responder's transcript panel: the live list and the scribe's composer under it. */
import { useCallback, useMemo, useRef } from 'react';
import type * as Y from 'yjs';
import type { Person } from '../../../shared/incident.ts';
import type { EntryKind } from '../../../shared/documents.ts';
import { onlyMaps, responderRoots } from '../../../shared/responderDoc.ts';
import { appendTranscriptEntry } from '../sync/responderDoc.ts';
import { useYArray } from '../sync/useYjs.ts';
import { TranscriptComposer } from './TranscriptComposer.tsx';
import { TranscriptList } from './TranscriptList.tsx';

interface Props {
  doc: Y.Doc;
  me: Person;
  authorOfClient: (client: number) => Person | null;
  scribe: Person | undefined;
  onTyping: (typing: boolean) => void;
}

export function TranscriptView({ doc, me, authorOfClient, scribe, onTyping }: Props) {
  const all = useYArray(responderRoots(doc).transcript);
  const entries = useMemo(() => onlyMaps(all), [all]);
  const follow = useRef<() => void>(null);
  // Until the server binds this tab's Yjs client id to the session, its own entries are ours.
  const authorOf = useCallback((client: number) => authorOfClient(client) ?? (client === doc.clientID ? me : null), [authorOfClient, doc, me]);
  const add = (kind: EntryKind, text: string) => {
    follow.current?.();
    appendTranscriptEntry(doc, kind, text);
  };
  return (
    <section className="panel transcript-panel" aria-labelledby="transcript-heading">
      <header className="panel-header">
        <h2 id="transcript-heading">Transcript</h2>
        <span className="muted small">
          {entries.length} {entries.length === 1 ? 'entry' : 'entries'} · scribe: {scribe ? scribe.name : 'nobody yet'}
        </span>
      </header>
      <TranscriptList entries={entries} authorOf={authorOf} editable followRef={follow} />
      <TranscriptComposer onAdd={add} onTyping={onTyping} />
    </section>
  );
}
