/**
 * The confirmation before taking a role from someone who is away (issue 12): who holds it, that
 * they are not connected, and that they will be told. The server decides whether they have been
 * away long enough; its answer shows here.
 */
import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { roleLabel } from '../../../shared/roles.ts';
import type { SingleHolderRole } from '../../../shared/roles.ts';
import type { RoleHolder } from '../../../shared/documents.ts';
import { shortTime } from '../format/time.ts';

interface Props {
  role: SingleHolderRole;
  holder: RoleHolder;
  onCancel: () => void;
  /** Resolves to the refusal message, or null once taken over. */
  onTakeOver: () => Promise<string | null>;
}

export function TakeOverDialog({ role, holder, onCancel, onTakeOver }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const label = roleLabel(role);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    const refusal = await onTakeOver();
    setPending(false);
    setError(refusal);
  };

  return (
    <dialog ref={ref} className="dialog" onClose={onCancel} aria-labelledby={`takeover-${role}`} aria-describedby={`takeover-${role}-why`}>
      <form onSubmit={submit} className="stack">
        <h2 id={`takeover-${role}`}>Take over {label}</h2>
        <p id={`takeover-${role}-why`}>
          {holder.name} has held {label} since {shortTime(holder.since)} and is not connected to this incident. If you take it over, the
          timeline records it and {holder.name} is told.
        </p>
        <p className="form-error" role="alert">
          {error}
        </p>
        <div className="dialog-buttons">
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={pending} autoFocus>
            Take over
          </button>
        </div>
      </form>
    </dialog>
  );
}
