/**
 * The live incident list: the whole list when (re)connecting, then one changed row at a time
 * as the server pushes it, so the lobby never needs a reload.
 */
import { useEffect, useState } from 'react';
import type { CommandReply } from '../../../shared/commands.ts';
import type { IncidentSummary } from '../../../shared/incident.ts';
import { useSocket } from './socket.tsx';

export function useLobby(): { incidents: IncidentSummary[]; loaded: boolean; error: string | null } {
  const { socket } = useSocket();
  const [byId, setById] = useState<Map<string, IncidentSummary>>(new Map());
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!socket) return;
    const watch = async () => {
      try {
        const reply = (await socket.timeout(10_000).emitWithAck('lobby:watch')) as CommandReply<IncidentSummary[]>;
        if (reply.ok) {
          setById(new Map(reply.data.map((i) => [i.id, i])));
          setError(null);
        } else setError(reply.error.message);
      } catch {
        setError('The server did not send the incident list; retrying when reconnected.');
      }
      setLoaded(true);
    };
    const onIncident = (incident: IncidentSummary) => setById((prev) => new Map(prev).set(incident.id, incident));
    const onRemoved = (incidentId: string) =>
      setById((prev) => {
        const next = new Map(prev);
        next.delete(incidentId);
        return next;
      });
    // Watching is per connection: after a reconnect, ask again (and catch up on what was missed).
    socket.on('connect', watch);
    socket.on('lobby:incident', onIncident);
    socket.on('lobby:removed', onRemoved);
    if (socket.connected) void watch();
    return () => {
      socket.off('connect', watch);
      socket.off('lobby:incident', onIncident);
      socket.off('lobby:removed', onRemoved);
    };
  }, [socket]);

  return { incidents: [...byId.values()], loaded, error };
}
