/**
 * Handing a role to someone else, with a note for them ("mitigation is the rollback, ETA 5 min").
 * The commander reassigning someone else's role uses it too (issue 12), with its own wording.
 * A native modal dialog: focus is trapped, Escape cancels.
 */
import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { roleLabel } from '../../../shared/roles.ts';
import type { SingleHolderRole } from '../../../shared/roles.ts';
import type { RoleHolder } from '../../../shared/documents.ts';
import type { Person } from '../../../shared/incident.ts';
import { Limits } from '../../../shared/limits.ts';

interface Props {
  role: SingleHolderRole;
  /** Absent when the commander gives a vacant role. */
  holder: RoleHolder | undefined;
  people: Person[];
  onCancel: () => void;
  /** Resolves to the refusal message, or null once handed off. */
  onHandOff: (toUserId: string, note: string) => Promise<string | null>;
  /** The verb on the title and the button: "Hand off" by default, "Reassign" for the commander. */
  verb?: string;
}

export function HandOffDialog({ role, holder, people, onCancel, onHandOff, verb = 'Hand off' }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const candidates = people.filter((p) => p.id !== holder?.id);
  const [to, setTo] = useState(candidates[0]?.id ?? '');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    const refusal = await onHandOff(to, note.trim());
    setPending(false);
    setError(refusal);
  };

  return (
    <dialog ref={ref} className="dialog" onClose={onCancel} aria-labelledby={`handoff-${role}`}>
      <form onSubmit={submit} className="stack">
        <h2 id={`handoff-${role}`}>
          {verb} {roleLabel(role)}
        </h2>
        {candidates.length === 0 ? (
          <p>Nobody else has joined this incident yet. Once someone opens the room, you can hand the role to them.</p>
        ) : (
          <>
            <label htmlFor={`handoff-to-${role}`}>To</label>
            <select id={`handoff-to-${role}`} value={to} onChange={(e) => setTo(e.target.value)} autoFocus>
              {candidates.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
            <label htmlFor={`handoff-note-${role}`}>Note for them</label>
            <textarea
              id={`handoff-note-${role}`}
              rows={3}
              maxLength={Limits.noteLength}
              value={note}
              onChange={(e) => setNote(e.target.value)}
              placeholder="Where things stand, what is in flight"
            />
          </>
        )}
        <p className="form-error" role="alert">
          {error}
        </p>
        <div className="dialog-buttons">
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={pending || !to}>
            {verb}
          </button>
        </div>
      </form>
    </dialog>
  );
}
