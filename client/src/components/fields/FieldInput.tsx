/**
 * One custom field's editor (issue 17), by its kind: text, number, one option, several options,
 * or a person. Keyboard-first: native inputs, a checkbox group for several options.
 */
import type { FieldDefinition, FieldValue } from '../../../../shared/incidentModel.ts';
import type { Person } from '../../../../shared/incident.ts';
import { PersonPicker } from '../PersonPicker.tsx';

interface Props {
  id: string;
  field: FieldDefinition;
  value: FieldValue | undefined;
  people: Person[];
  onChange: (value: FieldValue | undefined) => void;
  disabled?: boolean;
}

export function FieldInput({ id, field, value, people, onChange, disabled }: Props) {
  const described = field.description ? `${id}-hint` : undefined;
  switch (field.kind) {
    case 'number':
      return (
        <input
          id={id}
          type="number"
          disabled={disabled}
          aria-describedby={described}
          value={typeof value === 'number' ? value : ''}
          onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))}
        />
      );
    case 'select':
      return (
        <select id={id} disabled={disabled} aria-describedby={described} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.target.value || undefined)}>
          <option value="">—</option>
          {field.options!.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      );
    case 'multiselect': {
      const chosen = Array.isArray(value) ? value : [];
      return (
        <span id={id} role="group" aria-describedby={described} className="field-options">
          {field.options!.map((o) => (
            <label key={o} className="checkbox-field">
              <input
                type="checkbox"
                disabled={disabled}
                checked={chosen.includes(o)}
                onChange={(e) => {
                  const next = e.target.checked ? [...chosen, o] : chosen.filter((c) => c !== o);
                  onChange(next.length ? field.options!.filter((x) => next.includes(x)) : undefined);
                }}
              />
              {o}
            </label>
          ))}
        </span>
      );
    }
    case 'person':
      return <PersonPicker id={id} value={typeof value === 'string' ? value : ''} people={people} emptyLabel="Nobody" onChange={(v) => onChange(v || undefined)} />;
    case 'text':
      return (
        <input id={id} disabled={disabled} aria-describedby={described} maxLength={2000} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.target.value || undefined)} />
      );
  }
}

/** A value as people read it. */
export function fieldText(field: FieldDefinition, value: FieldValue | undefined, people: Person[]): string {
  if (value === undefined || value === '' || (Array.isArray(value) && !value.length)) return '—';
  if (Array.isArray(value)) return value.join(', ');
  if (field.kind === 'person') return people.find((p) => p.id === value)?.name ?? String(value);
  return String(value);
}
