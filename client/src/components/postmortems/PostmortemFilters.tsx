/**
 * Service and date filters of the published postmortems: a native form, so Tab moves through it
 * and Enter searches; nothing is fetched while a service name is half typed.
 */
import { useState } from 'react';
import type { PostmortemFilter } from '../../api/postmortems.ts';

export function PostmortemFilters({ filter, services, onChange }: { filter: PostmortemFilter; services: readonly string[]; onChange: (f: PostmortemFilter) => void }) {
  const [draft, setDraft] = useState<PostmortemFilter>(filter);
  const set = (key: keyof PostmortemFilter, value: string) => setDraft({ ...draft, [key]: value.trim() === '' ? undefined : value });
  const empty = !filter.service && !filter.from && !filter.to;
  return (
    <form
      className="postmortem-filters"
      role="search"
      aria-label="Search published postmortems"
      onSubmit={(e) => {
        e.preventDefault();
        onChange({ ...draft, service: draft.service?.trim() || undefined });
      }}
    >
      <label>
        Service
        <input type="search" list="postmortem-services" value={draft.service ?? ''} onChange={(e) => set('service', e.target.value)} autoComplete="off" />
        <datalist id="postmortem-services">
          {services.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
      </label>
      <label>
        Published from
        <input type="date" value={draft.from ?? ''} max={draft.to} onChange={(e) => set('from', e.target.value)} />
      </label>
      <label>
        Published to
        <input type="date" value={draft.to ?? ''} min={draft.from} onChange={(e) => set('to', e.target.value)} />
      </label>
      <button type="submit">Search</button>
      {!empty && (
        <button type="button" onClick={() => onChange({})}>
          Clear filters
        </button>
      )}
    </form>
  );
}
