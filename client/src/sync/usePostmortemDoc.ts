/**
 * An incident's postmortem document (`<id>.postmortem`, issue 20) with the two documents it
 * draws on, for as long as the postmortem page shows them.
 *
 * - The postmortem document is co-edited and carries presence, as the responder document does in
 *   the room: the same session cookie at the upgrade, the same reconnect rules, only this tab's
 *   own presence relayed. It is kept in IndexedDB as the responder document is (same naming by
 *   person and document, same load-before-connect), so a section written offline survives a
 *   closed tab and syncs when the connection returns.
 * - The state document (timeline, people) and the responder document (transcript, decisions) are
 *   only read here: nobody's presence is announced on them and cross-tab broadcast is off, so
 *   nothing this page does locally reaches the room.
 *
 * Publishing closes every postmortem connection with 4403 (server/postmortem/postmortemRoutes.ts):
 * that one close is followed by a reconnect, which the server admits read-only.
 */
import { useEffect, useState } from 'react';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { followBrowserNetwork } from './browserNetwork.ts';
import { relayOwnPresenceOnly } from './ownPresence.ts';
import type { Awareness } from 'y-protocols/awareness';
import { CloseCode, isFatalClose } from '../../../shared/closeCodes.ts';
import { postmortemDocName, responderDocName, stateDocName } from '../../../shared/documents.ts';
import { PUBLISHED_REASON } from '../../../shared/postmortem.ts';
import { syncServerUrl } from './useIncidentDocs.ts';
import type { LocalPresence } from './useIncidentDocs.ts';
import { connectAfterLocalCopy, keepLocalCopy } from './localCopy.ts';

export interface PostmortemDocs {
  incidentId: string;
  postmortemDoc: Y.Doc;
  stateDoc: Y.Doc;
  responderDoc: Y.Doc;
  postmortemLink: WebsocketProvider;
  stateLink: WebsocketProvider;
  responderLink: WebsocketProvider;
  /** Who is editing the postmortem: its connection's presence. */
  awareness: Awareness;
}

const isPublishedClose = (event: CloseEvent) => event.code === CloseCode.forbidden && event.reason === PUBLISHED_REASON;

/** keepLocalCopyFor: the signed-in person whose device keeps the document; null keeps none. */
export function usePostmortemDoc(incidentId: string, keepLocalCopyFor: string | null): PostmortemDocs | null {
  const [docs, setDocs] = useState<PostmortemDocs | null>(null);

  useEffect(() => {
    // y-websocket gives up on every 44xx close; we only on those retrying cannot fix, except the
    // close that announces publishing: the next connection is admitted read-only.
    const shouldReconnect = (event: CloseEvent) => !isFatalClose(event.code) || isPublishedClose(event);
    const postmortemDoc = new Y.Doc();
    const stateDoc = new Y.Doc();
    const responderDoc = new Y.Doc();
    const open = (name: string, doc: Y.Doc, readAlong: boolean) =>
      new WebsocketProvider(syncServerUrl(), name, doc, { connect: false, disableBc: readAlong, shouldReconnect });
    const postmortemLink = open(postmortemDocName(incidentId), postmortemDoc, false);
    const stateLink = open(stateDocName(incidentId), stateDoc, true);
    const responderLink = open(responderDocName(incidentId), responderDoc, true);
    stateLink.awareness.setLocalState(null);
    responderLink.awareness.setLocalState(null);
    postmortemLink.awareness.setLocalState({ typing: false } satisfies LocalPresence);
    const stopRelay = relayOwnPresenceOnly(postmortemLink);

    const links = [postmortemLink, stateLink, responderLink];
    const fatallyClosed = new Set<WebsocketProvider>();
    for (const link of links) {
      link.on('connection-close', (event) => {
        if (event && isFatalClose(event.code) && !isPublishedClose(event)) {
          fatallyClosed.add(link);
          link.disconnect();
        }
      });
    }

    const persistence = keepLocalCopyFor === null ? null : keepLocalCopy(keepLocalCopyFor, postmortemDocName(incidentId), postmortemDoc);

    const unfollow = followBrowserNetwork(links, fatallyClosed);
    stateLink.connect();
    responderLink.connect();
    // The postmortem link connects once this device's copy is loaded (the server writes its outline and review).
    const cancelConnect = connectAfterLocalCopy(persistence, () => {
      if (!postmortemLink.shouldConnect && !fatallyClosed.has(postmortemLink)) postmortemLink.connect();
    });

    setDocs({ incidentId, postmortemDoc, stateDoc, responderDoc, postmortemLink, stateLink, responderLink, awareness: postmortemLink.awareness });
    return () => {
      cancelConnect();
      unfollow();
      stopRelay();
      for (const link of links) link.destroy();
      void persistence?.destroy();
      postmortemDoc.destroy();
      stateDoc.destroy();
      responderDoc.destroy();
      setDocs(null);
    };
  }, [incidentId, keepLocalCopyFor]);

  return docs;
}
