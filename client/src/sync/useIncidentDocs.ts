/**
 * The two Yjs documents of one incident and their connections, for as long as a view shows it.
 *
 * - The state document (`<id>.state`) is written only by the server through commands; every
 *   client reads it. Nobody's presence is announced on it.
 * - The responder document (named by the incident id) is co-edited. For responders it is also
 *   kept in IndexedDB, so entries written while offline survive a closed tab and sync when the
 *   connection returns. Presence rides on its connection.
 *
 * Stakeholders pass their link's token as a websocket subprotocol (it never appears in a URL
 * that reaches a log) and disable cross-tab broadcast, so nothing a read-only tab does locally
 * can reach a writable tab of the same browser.
 */
import { useEffect, useState } from 'react';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { followBrowserNetwork } from './browserNetwork.ts';
import { relayOwnPresenceOnly } from './ownPresence.ts';
import type { Awareness } from 'y-protocols/awareness';
import { isFatalClose } from '../../../shared/closeCodes.ts';
import { responderDocName, stateDocName } from '../../../shared/documents.ts';
import { connectAfterLocalCopy, keepLocalCopy } from './localCopy.ts';

export type DocsAccess = { kind: 'responder'; userId: string } | { kind: 'stakeholder'; token: string };

export interface IncidentDocs {
  incidentId: string;
  readOnly: boolean;
  stateDoc: Y.Doc;
  responderDoc: Y.Doc;
  stateLink: WebsocketProvider;
  responderLink: WebsocketProvider;
  /** Who is in the room: the responder document connection's presence. */
  awareness: Awareness;
}

/** Presence a responder announces; the server adds `user` with the authenticated identity. */
export interface LocalPresence {
  typing: boolean;
}

export function syncServerUrl(): string {
  return `${location.origin.replace(/^http/, 'ws')}/yjs`;
}

export function useIncidentDocs(incidentId: string, access: DocsAccess): IncidentDocs | null {
  const [docs, setDocs] = useState<IncidentDocs | null>(null);
  const accessKey = access.kind === 'responder' ? `responder:${access.userId}` : `stakeholder:${access.token}`;

  useEffect(() => {
    const readOnly = access.kind === 'stakeholder';
    const credentials = access.kind === 'stakeholder' ? { protocols: [access.token], disableBc: true } : {};
    // y-websocket gives up on every 44xx close; ours only on those that retrying cannot fix
    // (a rate-limited or oversized write should reconnect and resync).
    const shouldReconnect = (event: CloseEvent) => !isFatalClose(event.code);
    const stateDoc = new Y.Doc();
    const responderDoc = new Y.Doc();
    // Created unconnected so presence is set before the first frame goes out.
    const stateLink = new WebsocketProvider(syncServerUrl(), stateDocName(incidentId), stateDoc, {
      ...credentials,
      connect: false,
      disableBc: true,
      shouldReconnect,
    });
    const responderLink = new WebsocketProvider(syncServerUrl(), responderDocName(incidentId), responderDoc, {
      ...credentials,
      connect: false,
      shouldReconnect,
    });
    stateLink.awareness.setLocalState(null);
    responderLink.awareness.setLocalState(readOnly ? null : ({ typing: false } satisfies LocalPresence));

    const persistence = access.kind === 'responder' ? keepLocalCopy(access.userId, incidentId, responderDoc) : null;

    // A close the server means (revoked link, no access, unknown incident) cannot be fixed by
    // retrying; the banner explains it and the person acts.
    const fatallyClosed = new Set<WebsocketProvider>();
    const links = [stateLink, responderLink];
    for (const link of links) {
      link.on('connection-close', (event) => {
        if (event && isFatalClose(event.code)) {
          fatallyClosed.add(link);
          link.disconnect();
        }
      });
    }

    const stopRelay = relayOwnPresenceOnly(responderLink);

    // Stakeholders' transcript link is left to the view, which connects it only when shared.
    const unfollow = followBrowserNetwork(links, fatallyClosed);

    stateLink.connect();
    // The responder link connects once this device's copy is loaded (the server seeds root
    // entries of `checklists`, which it refuses from clients).
    const cancelConnect = connectAfterLocalCopy(persistence, () => {
      if (!readOnly && !responderLink.shouldConnect && !fatallyClosed.has(responderLink)) responderLink.connect();
    });

    setDocs({ incidentId, readOnly, stateDoc, responderDoc, stateLink, responderLink, awareness: responderLink.awareness });
    return () => {
      cancelConnect();
      unfollow();
      stopRelay();
      stateLink.destroy();
      responderLink.destroy();
      void persistence?.destroy();
      stateDoc.destroy();
      responderDoc.destroy();
      setDocs(null);
    };
    // accessKey stands for access: a new object with the same identity must not reconnect.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [incidentId, accessKey]);

  return docs;
}
