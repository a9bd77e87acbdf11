/** Choose a responder (or nobody) from the people the server knows. */
import type { Person } from '../../../shared/incident.ts';

interface Props {
  id: string;
  value: string;
  people: Person[];
  onChange: (userId: string) => void;
  /** What "nobody" reads as, e.g. "Nobody on call". */
  emptyLabel: string;
  /** A chosen person missing from `people` (e.g. beyond the list's limit) still shows by name. */
  fallbackName?: string;
}

export function PersonPicker({ id, value, people, onChange, emptyLabel, fallbackName }: Props) {
  const known = value === '' || people.some((p) => p.id === value);
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">{emptyLabel}</option>
      {!known && <option value={value}>{fallbackName ?? value}</option>}
      {people.map((p) => (
        <option key={p.id} value={p.id}>
          {p.name}
        </option>
      ))}
    </select>
  );
}
