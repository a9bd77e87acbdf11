/** Subject-matter experts by domain, so responders know whom to escalate to, and can page them. */
import { useState } from 'react';
import type { FormEvent } from 'react';
import type { PageRecord, SmeEntry } from '../../../shared/documents.ts';
import type { Person } from '../../../shared/incident.ts';
import { Limits } from '../../../shared/limits.ts';
import { useCommand } from '../api/commands.ts';
import { shortTime } from '../format/time.ts';

interface Props {
  incidentId: string;
  smes: SmeEntry[];
  people: Person[];
  pages: PageRecord[];
}

export function SmeList({ incidentId, smes, people, pages }: Props) {
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
            <SmeRow key={sme.id} incidentId={incidentId} sme={sme} pages={pages} />
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

function SmeRow({ incidentId, sme, pages }: { incidentId: string; sme: SmeEntry; pages: PageRecord[] }) {
  const paging = useCommand();
  const removing = useCommand();
  // The server pages an SME as their user when they have one, else under the SME entry's id.
  const target = sme.userId ?? sme.id;
  const lastPage = pages.filter((p) => p.reason === 'sme' && p.target.id === target).at(-1);
  const error = paging.error ?? removing.error;
  return (
    <li data-testid="sme">
      <span className="sme-name">{sme.name}</span>
      <span className="sme-domain">{sme.domain}</span>
      {lastPage && (
        <span className="sme-paged muted small" title={lastPage.acknowledgedAt ? 'The incident was acknowledged after this page' : undefined}>
          paged {shortTime(lastPage.at)}
        </span>
      )}
      <button
        type="button"
        className="small-button"
        disabled={paging.pending}
        aria-label={`Page ${sme.name} (${sme.domain})`}
        title={sme.userId ? `Page ${sme.name} in the app and through the service's webhooks` : `${sme.name} has no account here: the page goes to the service's webhooks`}
        onClick={() => void paging.run({ type: 'pageSme', incidentId, smeId: sme.id })}
      >
        {paging.pending ? 'Paging…' : 'Page'}
      </button>
      <button
        type="button"
        className="link-button"
        aria-label={`Remove ${sme.name} (${sme.domain})`}
        title="Remove"
        onClick={() => void removing.run({ type: 'removeSme', incidentId, smeId: sme.id })}
      >
        ×
      </button>
      {error && (
        <p className="form-error small sme-error" role="alert" data-testid="sme-error">
          {error}
        </p>
      )}
    </li>
  );
}
