/**
 * One socket.io connection per signed-in page, for commands and the live lobby. It is created
 * by the provider (not at module load) so signing out or switching user gets a fresh one.
 */
import { createContext, useContext, useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../shared/api.ts';

export type RoomSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

interface SocketState {
  socket: RoomSocket | null;
  connected: boolean;
  /** Set when the server refused or revoked this socket's credentials. */
  refusal: string | null;
}

const SocketContext = createContext<SocketState>({ socket: null, connected: false, refusal: null });

export function SocketProvider({ identity, children }: { identity: string; children: ReactNode }) {
  const [state, setState] = useState<SocketState>({ socket: null, connected: false, refusal: null });
  useEffect(() => {
    // forceNew: socket.io otherwise shares managers through a module-level cache.
    const socket: RoomSocket = io({ path: '/socket.io', forceNew: true, withCredentials: true });
    const update = (patch: Partial<SocketState>) => setState((s) => ({ ...s, socket, ...patch }));
    update({ connected: socket.connected, refusal: null });
    socket.on('connect', () => update({ connected: true, refusal: null }));
    socket.on('disconnect', () => update({ connected: false }));
    socket.on('connect_error', (error) => update({ connected: false, refusal: error.message }));
    socket.on('access:revoked', (reason) => update({ refusal: reason }));
    return () => {
      socket.disconnect();
    };
  }, [identity]);
  return <SocketContext.Provider value={state}>{children}</SocketContext.Provider>;
}

export function useSocket(): SocketState {
  return useContext(SocketContext);
}
