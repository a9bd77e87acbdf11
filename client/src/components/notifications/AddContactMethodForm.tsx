/** Adding a contact method: its type and address; the server checks the address and says why it refuses. */
import { useState } from 'react';
import type { FormEvent } from 'react';
import type { ContactMethodType } from '../../api/notifications.ts';
import { METHOD_TYPES, addContactMethod } from '../../api/notifications.ts';
import { errorMessage } from '../../api/http.ts';

export function AddContactMethodForm({ userId, onAdded }: { userId: string; onAdded: () => void }) {
  const [type, setType] = useState<ContactMethodType>('email');
  const [address, setAddress] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const chosen = METHOD_TYPES.find((m) => m.type === type) ?? METHOD_TYPES[0]!;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    addContactMethod(userId, { type, address: address.trim() } as Parameters<typeof addContactMethod>[1])
      .then(() => {
        setAddress('');
        setError(null);
        onAdded();
      })
      .catch((e: unknown) => setError(errorMessage(e)))
      .finally(() => setPending(false));
  };

  return (
    <form className="stack" onSubmit={submit} aria-label="Add a contact method">
      <label htmlFor="contact-method-type">Type</label>
      <select id="contact-method-type" value={type} onChange={(e) => setType(e.target.value as ContactMethodType)}>
        {METHOD_TYPES.map((m) => (
          <option key={m.type} value={m.type}>
            {m.label}
          </option>
        ))}
      </select>
      <label htmlFor="contact-method-address">{type === 'email' ? 'Email address' : 'Phone number (E.164)'}</label>
      <input
        id="contact-method-address"
        type={chosen.inputType}
        placeholder={chosen.placeholder}
        maxLength={254}
        value={address}
        onChange={(e) => setAddress(e.target.value)}
        required
      />
      <button type="submit" className="small-button" disabled={pending || !address.trim()}>
        Add contact method
      </button>
      {error && (
        <p className="form-error small" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
