/** Subject-matter experts by domain, so responders know whom to escalate to. */
import { useState } from 'react';
import type { FormEvent } from 'react';
import type { SmeEntry } from '../../../shared/documents.ts';
import type { Person } from '../../../shared/incident.ts';
import { Limits } from '../../../shared/limits.ts';
import { useCommand } from '../api/commands.ts';

export function SmeList({ incidentId, smes, people }: { incidentId: string; smes: SmeEntry[]; people: Person[] }) {
  const [name, setName] = useState('');
  const [domain, setDomain] = useState('');
  const { run, pending, error } = useCommand();

  const add = async (event: FormEvent) => {
    event.preventDefault();
    // A name that matches someone in the room links the SME to that person.
    const person = people.find((p) => p.name.toLowerCase() === name.trim().toLowerCase());
    const reply = await run({ type: 'addSme', incidentId, name: name.trim(), domain: domain.trim(), userId: person?.id ?? null });
    if (reply.ok) {
      setName('');
      setDomain('');
    }
  };

  return (
    <div className="sme-list">
      <h3>Subject-matter experts</h3>
      {smes.length === 0 ? (
        <p className="muted small">None listed yet.</p>
      ) : (
        <ul>
          {smes.map((sme) => (
            <li key={sme.id} data-testid="sme">
              <span className="sme-name">{sme.name}</span>
              <span className="sme-domain">{sme.domain}</span>
              <button
                type="button"
                className="link-button"
                aria-label={`Remove ${sme.name} (${sme.domain})`}
                title="Remove"
                onClick={() => void run({ type: 'removeSme', incidentId, smeId: sme.id })}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="sme-add" onSubmit={add}>
        <input aria-label="SME name" placeholder="Name" list={`people-${incidentId}`} maxLength={Limits.nameLength} value={name} onChange={(e) => setName(e.target.value)} />
        <input aria-label="SME domain" placeholder="Domain, e.g. database" maxLength={Limits.nameLength} value={domain} onChange={(e) => setDomain(e.target.value)} />
        <button type="submit" className="small-button" disabled={pending || !name.trim() || !domain.trim()}>
          Add
        </button>
        <datalist id={`people-${incidentId}`}>
          {people.map((p) => (
            <option key={p.id} value={p.name} />
          ))}
        </datalist>
      </form>
      {error && (
        <p className="form-error small" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
