/**
 * An incident's postmortem (issue 20): its sections co-edited live, the timeline to highlight
 * from, the decisions the transcript recorded, the impact window and the review. Read-only once
 * published, and for anyone whose session may not write.
 */
import { useEffect, useMemo } from 'react';
import type { Person } from '../../../shared/incident.ts';
import { postmortemMaps, readReview } from '../../../shared/postmortem.ts';
import type { ReviewActor } from '../../../shared/postmortem.ts';
import { definitionsOf } from '../../../shared/stateDoc.ts';
import { useSession } from '../api/session.tsx';
import { ConnectionBanner, describeConnection } from '../components/ConnectionBanner.tsx';
import { DocumentLoading } from '../components/DocumentLoading.tsx';
import { PanelBoundary } from '../components/PanelBoundary.tsx';
import { PresenceBar } from '../components/PresenceBar.tsx';
import { ImpactWindow } from '../components/postmortem/ImpactWindow.tsx';
import { KeyDecisions } from '../components/postmortem/KeyDecisions.tsx';
import { PostmortemHeader } from '../components/postmortem/PostmortemHeader.tsx';
import { PostmortemSections } from '../components/postmortem/PostmortemSections.tsx';
import { ReviewPanel } from '../components/postmortem/ReviewPanel.tsx';
import { TimelineHighlights } from '../components/postmortem/TimelineHighlights.tsx';
import { useTranscriptEntries } from '../components/postmortem/useTranscriptEntries.ts';
import { combineLinks } from '../sync/combineLinks.ts';
import { useBrowserOnline, useLinkStatus } from '../sync/useLinkStatus.ts';
import { usePostmortemDoc } from '../sync/usePostmortemDoc.ts';
import type { PostmortemDocs } from '../sync/usePostmortemDoc.ts';
import { usePresence, useTypingSignal } from '../sync/usePresence.ts';
import { useStateDoc } from '../sync/useStateDoc.ts';
import { useYMapFields } from '../sync/useYjs.ts';
import '../components/postmortem/postmortem.css';

export function PostmortemPage({ incidentId }: { incidentId: string }) {
  const session = useSession();
  const docs = usePostmortemDoc(incidentId, session.access === 'stakeholder' ? null : session.userId);
  return docs ? <Postmortem docs={docs} /> : <div className="splash" aria-busy="true" />;
}

function Postmortem({ docs }: { docs: PostmortemDocs }) {
  const session = useSession();
  const me: Person = useMemo(() => ({ id: session.userId, name: session.name }), [session.userId, session.name]);
  // A browser session is a person, never a per-incident token or the API token.
  const reviewer: ReviewActor = useMemo(() => ({ userId: session.userId, scopedToken: false, automation: false }), [session.userId]);
  const state = useStateDoc(docs.stateDoc);
  const transcript = useTranscriptEntries(docs.responderDoc);
  const maps = useMemo(() => postmortemMaps(docs.postmortemDoc), [docs.postmortemDoc]);
  const reviewFields = useYMapFields(maps.review as never);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const review = useMemo(() => readReview(maps), [maps, reviewFields]);
  const outline = useYMapFields<Record<string, { title: string; position: number }>>(maps.outline as never);
  const sections = useMemo(
    () =>
      Object.entries(outline)
        .sort(([, a], [, b]) => a!.position - b!.position)
        .map(([key, entry]) => ({ key, title: entry!.title })),
    [outline],
  );
  const online = useBrowserOnline();
  const link = combineLinks(useLinkStatus(docs.postmortemLink), useLinkStatus(docs.stateLink), useLinkStatus(docs.responderLink));
  const presence = usePresence(docs.awareness, me);
  const setTyping = useTypingSignal(docs.awareness);
  const connection = describeConnection(link, online, 'Changes made here are kept and sync when the connection returns.');
  const { meta } = state;
  const readOnly = session.access === 'stakeholder' || review.state === 'published';

  useEffect(() => {
    if (meta) document.title = `Postmortem: ${meta.title} · Incident Room`;
  }, [meta?.title]);

  if (!meta) return <DocumentLoading connection={connection} loading="Loading the postmortem…" />;

  return (
    <div className="room postmortem" data-testid="postmortem">
      <ConnectionBanner view={connection} />
      <PostmortemHeader meta={meta} review={review} people={state.people} />
      <PresenceBar people={presence} rolesOf={state.rolesOf} />
      <main className="postmortem-grid">
        <PanelBoundary name="sections">
          <PostmortemSections maps={maps} readOnly={readOnly} onTyping={setTyping} />
        </PanelBoundary>
        <div className="postmortem-side">
          <PanelBoundary name="impact window">
            <ImpactWindow impact={maps.impact} readOnly={readOnly} />
          </PanelBoundary>
          <PanelBoundary name="key decisions">
            <KeyDecisions transcript={transcript} authorOfClient={state.authorOfClient} />
          </PanelBoundary>
          <PanelBoundary name="review">
            <ReviewPanel
              incidentId={meta.id}
              review={review}
              sections={sections}
              people={state.people}
              me={reviewer}
              readOnly={session.access === 'stakeholder'}
            />
          </PanelBoundary>
          <PanelBoundary name="timeline highlights">
            <TimelineHighlights
              maps={maps}
              responderDoc={docs.responderDoc}
              events={state.events}
              transcript={transcript}
              defs={definitionsOf(meta)}
              authorOfClient={state.authorOfClient}
              readOnly={readOnly}
            />
          </PanelBoundary>
        </div>
      </main>
    </div>
  );
}
