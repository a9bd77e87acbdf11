/**
 * Presence kept honest on a y-websocket link (issue 11). y-websocket sends back every presence
 * change it applies, other people's included: an echo of someone who just left, arriving after
 * their connection closed, made the server give their client id to this connection, and they
 * were not shown when they came back. So only this tab's own presence goes out. And after a
 * reconnect, y-websocket keeps others' clocks though it dropped their states, so the same states
 * re-sent by the server would look stale until each person's next heartbeat (up to 30 s): their
 * clocks are forgotten, and our own state is re-announced with a new clock for the same reason on
 * the other side. Returns what undoes the relay.
 */
import type { WebsocketProvider } from 'y-websocket';

interface AwarenessChanges {
  added: number[];
  updated: number[];
  removed: number[];
}

export function relayOwnPresenceOnly(link: WebsocketProvider): () => void {
  const awareness = link.awareness;
  const relay = link._awarenessUpdateHandler;
  const relayOwn: typeof relay = ({ added, updated, removed }: AwarenessChanges, origin: unknown) => {
    const own = (ids: number[]) => ids.filter((id) => id === awareness.clientID);
    const changes = { added: own(added), updated: own(updated), removed: own(removed) };
    if (changes.added.length + changes.updated.length + changes.removed.length > 0) relay(changes, origin);
  };
  awareness.off('update', relay);
  awareness.on('update', relayOwn);
  link.on('status', ({ status }) => {
    if (status === 'disconnected') {
      for (const clientId of [...awareness.meta.keys()]) {
        if (clientId !== awareness.clientID && !awareness.states.has(clientId)) awareness.meta.delete(clientId);
      }
    } else if (status === 'connected') {
      const local = awareness.getLocalState();
      if (local !== null) awareness.setLocalState({ ...local });
    }
  });
  return () => awareness.off('update', relayOwn);
}
