/** The person's contact methods, each removable (its mentions in the rules go with it, on the server). */
import { useState } from 'react';
import type { ContactMethod } from '../../api/notifications.ts';
import { METHOD_TYPES, removeContactMethod } from '../../api/notifications.ts';
import { errorMessage } from '../../api/http.ts';

const labelOf = (type: ContactMethod['type']) => METHOD_TYPES.find((m) => m.type === type)?.label ?? type;

export function ContactMethodList({ userId, methods, onChanged }: { userId: string; methods: ContactMethod[]; onChanged: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState<string | null>(null);

  const remove = (method: ContactMethod) => {
    setPending(method.id);
    removeContactMethod(userId, method.id)
      .then(() => {
        setError(null);
        onChanged();
      })
      .catch((e: unknown) => setError(errorMessage(e)))
      .finally(() => setPending(null));
  };

  if (methods.length === 0) return <p className="empty">No contact methods yet: pages reach you only in open tabs of the room.</p>;
  return (
    <>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <ul className="contact-methods" aria-label="Your contact methods">
        {methods.map((m) => (
          <li key={m.id}>
            <span>
              {labelOf(m.type)}: <strong>{m.address}</strong>
            </span>{' '}
            <button type="button" className="small-button" onClick={() => remove(m)} disabled={pending === m.id} aria-label={`Remove ${labelOf(m.type)} ${m.address}`}>
              Remove
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}
