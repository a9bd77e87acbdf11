/**
 * Who is in the room and who is typing. Presence is decoration: identity comes only from the
 * `user` the server stamps on each state, never from anything a client announces, and roles are
 * looked up in the state document by user id.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import type { Person } from '../../../shared/incident.ts';
import type { LocalPresence } from './useIncidentDocs.ts';

export interface PresentPerson {
  userId: string;
  name: string;
  access: string;
  typing: boolean;
  self: boolean;
}

interface AnnouncedState extends Partial<LocalPresence> {
  user?: { id?: unknown; name?: unknown; access?: unknown };
}

export function usePresence(awareness: Awareness | null, self: Person): PresentPerson[] {
  const [people, setPeople] = useState<PresentPerson[]>([]);
  useEffect(() => {
    if (!awareness) return;
    const read = () => {
      const byUser = new Map<string, PresentPerson>();
      for (const [clientId, raw] of awareness.getStates()) {
        const state = raw as AnnouncedState;
        const own = clientId === awareness.clientID;
        // Our own state never comes back from the server; everyone else's must carry `user`.
        const user = own ? { id: self.id, name: self.name, access: 'responder' } : state.user;
        if (!user || typeof user.id !== 'string' || typeof user.name !== 'string') continue;
        const existing = byUser.get(user.id);
        const typing = state.typing === true;
        if (existing) existing.typing ||= typing;
        else
          byUser.set(user.id, {
            userId: user.id,
            name: user.name,
            access: typeof user.access === 'string' ? user.access : 'responder',
            typing,
            self: user.id === self.id,
          });
      }
      setPeople([...byUser.values()].sort((a, b) => Number(b.self) - Number(a.self) || a.name.localeCompare(b.name)));
    };
    read();
    awareness.on('change', read);
    return () => awareness.off('change', read);
  }, [awareness, self.id, self.name]);
  return people;
}

const TYPING_IDLE_MS = 3000;

/** Announces "typing" while keys are pressed, and stops after a pause or when told to. */
export function useTypingSignal(awareness: Awareness | null): (typing: boolean) => void {
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const set = useCallback(
    (typing: boolean) => {
      if (!awareness || awareness.getLocalState() === null) return;
      if (timer.current) clearTimeout(timer.current);
      timer.current = typing ? setTimeout(() => set(false), TYPING_IDLE_MS) : null;
      // Only announce changes: every announcement is a frame to everyone in the room.
      if ((awareness.getLocalState() as AnnouncedState).typing !== typing) awareness.setLocalStateField('typing', typing);
    },
    [awareness],
  );
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);
  return set;
}
