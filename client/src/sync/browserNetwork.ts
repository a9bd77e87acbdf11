/**
 * The browser knows it lost the network long before a silent socket times out (30 s in
 * y-websocket): drop the connections at once, so views say "offline" and writing goes on
 * locally, and reconnect without backoff when the network comes back — except links the server
 * closed for good. Returns what undoes it.
 */
import type { WebsocketProvider } from 'y-websocket';

export function followBrowserNetwork(links: WebsocketProvider[], closedForGood: ReadonlySet<WebsocketProvider>): () => void {
  let resume: WebsocketProvider[] = [];
  const onOffline = () => {
    resume = links.filter((link) => link.shouldConnect);
    for (const link of resume) link.disconnect();
  };
  const onOnline = () => {
    for (const link of resume) if (!closedForGood.has(link)) link.connect();
    resume = [];
  };
  window.addEventListener('offline', onOffline);
  window.addEventListener('online', onOnline);
  return () => {
    window.removeEventListener('offline', onOffline);
    window.removeEventListener('online', onOnline);
  };
}
