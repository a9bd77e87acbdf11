/**
 * Resolving is the moment stakeholders most need a last word (issue 12): the dialog asks for the
 * final update, ready to publish with the resolution, and says what resolving closes.
 */
import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { Limits } from '../../../shared/limits.ts';

interface Props {
  title: string;
  /** Whether I may publish stakeholder updates (comms or commander). */
  canPublish: boolean;
  onCancel: () => void;
  /** Resolves to the refusal message, or null once resolved. */
  onResolve: (finalUpdate: string | null) => Promise<string | null>;
}

export function ResolveDialog({ title, canPublish, onCancel, onResolve }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const [text, setText] = useState('Resolved: ');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  const resolve = async (finalUpdate: string | null) => {
    setPending(true);
    const refusal = await onResolve(finalUpdate);
    setPending(false);
    setError(refusal);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void resolve(canPublish && text.trim() ? text.trim() : null);
  };

  return (
    <dialog ref={ref} className="dialog" onClose={onCancel} aria-labelledby="resolve-title">
      <form onSubmit={submit} className="stack">
        <h2 id="resolve-title">Resolve “{title}”</h2>
        <p className="muted small">
          Resolving closes the incident: roles, severity and experts stay as they ended, and an incident nobody acknowledged is
          acknowledged by you. Set the status back to reopen it.
        </p>
        {canPublish ? (
          <>
            <label htmlFor="resolve-update">Final update for stakeholders</label>
            <textarea id="resolve-update" rows={3} maxLength={Limits.updateLength} value={text} onChange={(e) => setText(e.target.value)} autoFocus />
          </>
        ) : (
          <p>Only the communication coordinator or the commander publish updates: ask them for the final one.</p>
        )}
        <p className="form-error" role="alert">
          {error}
        </p>
        <div className="dialog-buttons">
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
          {canPublish && (
            <button type="button" disabled={pending} onClick={() => void resolve(null)}>
              Resolve without an update
            </button>
          )}
          <button type="submit" className="primary" disabled={pending} autoFocus={!canPublish}>
            {canPublish ? 'Publish and resolve' : 'Resolve'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
