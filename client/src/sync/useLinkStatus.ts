/**
 * The state of one document connection in words a person can act on, and whether the browser
 * believes it is online at all.
 */
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { WebsocketProvider } from 'y-websocket';
import { explainClose, isFatalClose } from '../../../shared/closeCodes.ts';

export interface LinkStatus {
  connected: boolean;
  synced: boolean;
  /** Synced at least once since the view opened: "connecting" before, "offline" after. */
  everSynced: boolean;
  /** The last close the server sent, explained; cleared when a connection opens again. */
  closed: { code: number; message: string; fatal: boolean } | null;
}

/** Normal closure, no status, abnormal closure: nothing the server wanted to tell anyone. */
const SILENT_CLOSES = new Set([1000, 1005, 1006]);

const INITIAL: LinkStatus = { connected: false, synced: false, everSynced: false, closed: null };

export function useLinkStatus(link: WebsocketProvider | null): LinkStatus {
  const [status, setStatus] = useState<LinkStatus>(INITIAL);
  useEffect(() => {
    if (!link) return;
    setStatus({ connected: link.wsconnected, synced: link.synced, everSynced: link.synced, closed: null });
    const onStatus = ({ status: s }: { status: string }) =>
      setStatus((prev) => ({ ...prev, connected: s === 'connected', closed: s === 'connected' ? null : prev.closed }));
    const onSync = (synced: boolean) => setStatus((prev) => ({ ...prev, synced, everSynced: prev.everSynced || synced }));
    const onClose = (event: CloseEvent | null) => {
      setStatus((prev) => ({
        ...prev,
        connected: false,
        synced: false,
        // A drop without a reason (network gone, our own disconnect) is just "offline"; a close
        // the server chose carries a code worth explaining.
        closed:
          event && !SILENT_CLOSES.has(event.code)
            ? { code: event.code, message: explainClose(event.code, event.reason), fatal: isFatalClose(event.code) }
            : prev.closed,
      }));
    };
    link.on('status', onStatus);
    link.on('sync', onSync);
    link.on('connection-close', onClose);
    return () => {
      link.off('status', onStatus);
      link.off('sync', onSync);
      link.off('connection-close', onClose);
    };
  }, [link]);
  return status;
}

function subscribeOnline(onChange: () => void): () => void {
  window.addEventListener('online', onChange);
  window.addEventListener('offline', onChange);
  return () => {
    window.removeEventListener('online', onChange);
    window.removeEventListener('offline', onChange);
  };
}

export function useBrowserOnline(): boolean {
  return useSyncExternalStore(subscribeOnline, () => navigator.onLine);
}
