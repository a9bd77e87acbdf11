/** Service, owner, due and status filters of the follow-ups page; native controls, so keyboard and screen readers work as usual. */
import type { FollowUpQuery } from '../../../../shared/followUps.ts';
import type { UserListing } from '../../../../shared/api.ts';

export function FollowUpFilters({ query, services, people, onChange }: { query: FollowUpQuery; services: readonly string[]; people: readonly UserListing[]; onChange: (q: FollowUpQuery) => void }) {
  const set = (key: keyof FollowUpQuery, value: string) => {
    const next: Record<string, string | undefined> = { ...query, [key]: value === '' ? undefined : value };
    onChange(next as FollowUpQuery);
  };
  return (
    <form className="follow-up-filters" role="search" aria-label="Filter follow-ups" onSubmit={(e) => e.preventDefault()}>
      <label>
        Service
        <select value={query.service ?? ''} onChange={(e) => set('service', e.target.value)}>
          <option value="">Any service</option>
          {services.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label>
        Owner
        <select value={query.owner ?? ''} onChange={(e) => set('owner', e.target.value)}>
          <option value="">Anyone</option>
          <option value="me">Me</option>
          {people.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Due
        <select value={query.due ?? ''} onChange={(e) => set('due', e.target.value)}>
          <option value="">Any time</option>
          <option value="overdue">Overdue</option>
          <option value="week">In the next 7 days</option>
        </select>
      </label>
      <label>
        Status
        <select value={query.status ?? ''} onChange={(e) => set('status', e.target.value)}>
          <option value="">Open and done</option>
          <option value="open">Open</option>
          <option value="done">Done</option>
        </select>
      </label>
    </form>
  );
}
