/**
 * This device's copy of a document (IndexedDB), and connecting its link only once the copy is
 * loaded. Loaded after the socket is up, the copy would be sent whole as a fresh update
 * (y-websocket relays every change it did not receive itself), server-written roots included,
 * which the server refuses from clients: the page would close with 4403. Loaded first, only what
 * the server lacks goes out, in the sync handshake.
 */
import { IndexeddbPersistence } from 'y-indexeddb';
import type * as Y from 'yjs';

/** A store that never answers (some private modes) must not keep the page offline. */
const LOCAL_COPY_WAIT_MS = 3000;

/**
 * Keyed by person as well as document: a shared browser must not upload one person's unsynced
 * writes under the next person's session.
 */
export function keepLocalCopy(userId: string, documentKey: string, doc: Y.Doc): IndexeddbPersistence {
  return new IndexeddbPersistence(`incident-room:${userId}:${documentKey}`, doc);
}

/** Calls connect once the copy is loaded (or at once without one, or after the wait); gives a cancel. */
export function connectAfterLocalCopy(persistence: IndexeddbPersistence | null, connect: () => void): () => void {
  let cancelled = false;
  const once = () => {
    clearTimeout(timer);
    if (!cancelled) connect();
    cancelled = true;
  };
  const timer = persistence ? setTimeout(once, LOCAL_COPY_WAIT_MS) : undefined;
  if (persistence) void persistence.whenSynced.then(once, once);
  else once();
  return () => {
    cancelled = true;
    clearTimeout(timer);
  };
}
