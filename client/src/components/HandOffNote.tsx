/**
 * The note the previous holder left, shown on the role to the person who received it until they
 * dismiss it. Dismissal is remembered on this device per hand-off, so a reload does not bring it
 * back and a later hand-off shows its own note.
 */
import { useState } from 'react';
import { shortTime } from '../format/time.ts';
import type { HandOffEvent } from '../sync/timeline.ts';

const storageKey = (eventId: string) => `incident-room:handoff-read:${eventId}`;

function wasDismissed(eventId: string): boolean {
  try {
    return localStorage.getItem(storageKey(eventId)) === '1';
  } catch {
    return false;
  }
}

export function HandOffNote({ handOff }: { handOff: HandOffEvent }) {
  const [dismissed, setDismissed] = useState(() => wasDismissed(handOff.id));
  if (dismissed) return null;
  const dismiss = () => {
    try {
      localStorage.setItem(storageKey(handOff.id), '1');
    } catch {
      // Private browsing without storage: dismissed for this view only.
    }
    setDismissed(true);
  };
  const byOther = handOff.actor.id !== handOff.from.id;
  return (
    <div className="handoff-note" role="note" data-testid="handoff-note">
      <p className="handoff-note-head">
        Handed to you by <strong>{handOff.from.name}</strong> at {shortTime(handOff.at)}
        {byOther ? ` (done by ${handOff.actor.name})` : ''}
        {handOff.note ? ':' : '.'}
      </p>
      {handOff.note ? (
        <p className="handoff-note-text" data-testid="handoff-note-text">
          {handOff.note}
        </p>
      ) : (
        <p className="muted small">No note was left.</p>
      )}
      <button type="button" className="small-button" onClick={dismiss}>
        Got it
      </button>
    </div>
  );
}
