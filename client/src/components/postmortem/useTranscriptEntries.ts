/** The incident's transcript, read-only, re-read whenever the responder document changes. */
import { useMemo } from 'react';
import type * as Y from 'yjs';
import { readTranscript } from '../../../../shared/responderDoc.ts';
import type { TranscriptEntryView } from '../../../../shared/responderDoc.ts';
import { useDocVersion } from '../../sync/useYjs.ts';

export function useTranscriptEntries(doc: Y.Doc): TranscriptEntryView[] {
  const version = useDocVersion(doc);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  return useMemo(() => readTranscript(doc).sort((a, b) => a.at - b.at), [doc, version]);
}
