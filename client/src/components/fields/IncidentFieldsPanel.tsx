/**
 * The incident's custom fields (issue 17): each with its value, edited in place by any
 * responder. Values not marked public are not in the synced state document, so they are
 * fetched again whenever the document says they changed (`fieldsRevision`).
 */
import { useEffect, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { IncidentFieldValues } from '../../../../shared/api.ts';
import type { IncidentMeta } from '../../../../shared/documents.ts';
import type { Person } from '../../../../shared/incident.ts';
import type { FieldDefinition, FieldValue } from '../../../../shared/incidentModel.ts';
import { isEmptyValue } from '../../../../shared/incidentModel.ts';
import { definitionsOf, isResolved } from '../../../../shared/stateDoc.ts';
import { useCommand } from '../../api/commands.ts';
import { useFetched } from '../../api/useFetched.ts';
import { FieldInput, fieldText } from './FieldInput.tsx';

export function IncidentFieldsPanel({ meta, people }: { meta: IncidentMeta; people: Person[] }) {
  const fields = definitionsOf(meta).fields;
  const values = useFetched<IncidentFieldValues>(fields.length ? `/api/incidents/${meta.id}/fields` : null, meta.fieldsRevision ?? 0);
  if (!fields.length) return null;
  return (
    <section className="panel fields-panel" aria-labelledby="fields-heading" data-testid="fields-panel">
      <header className="panel-header">
        <h2 id="fields-heading">Fields</h2>
      </header>
      {values.error && (
        <p className="form-error" role="alert">
          {values.error}
        </p>
      )}
      <dl className="field-list">
        {fields.map((field) => (
          <FieldRow key={field.key} incidentId={meta.id} field={field} value={values.data?.fields[field.key]} people={people} closed={isResolved(meta)} />
        ))}
      </dl>
    </section>
  );
}

function FieldRow({ incidentId, field, value, people, closed }: { incidentId: string; field: FieldDefinition; value: FieldValue | undefined; people: Person[]; closed: boolean }) {
  const { run, pending, error, clearError } = useCommand();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState<FieldValue | undefined>(value);
  useEffect(() => {
    if (!editing) setDraft(value);
  }, [value, editing]);
  const save = async () => {
    const reply = await run({ type: 'setField', incidentId, field: field.key, value: draft ?? null });
    if (reply.ok) setEditing(false);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      setEditing(false);
      clearError();
    }
    if (event.key === 'Enter' && field.kind !== 'multiselect') {
      event.preventDefault();
      void save();
    }
  };
  const required = field.required !== 'never';
  const missing = required && isEmptyValue(value);
  return (
    <div className="field-row" data-testid={`field-${field.key}`}>
      <dt>
        <label htmlFor={`field-${field.key}`}>{field.name}</label>
        {field.public && <span className="muted small"> · public</span>}
        {missing && <span className="unacked small"> {field.required === 'declaration' ? 'required' : 'required before resolving'}</span>}
      </dt>
      <dd onKeyDown={editing ? onKeyDown : undefined}>
        {editing ? (
          <>
            <FieldInput id={`field-${field.key}`} field={field} value={draft} people={people} onChange={setDraft} disabled={pending} />
            <button type="button" className="small-button primary" disabled={pending} onClick={() => void save()}>
              Save
            </button>
            <button type="button" className="small-button" disabled={pending} onClick={() => setEditing(false)}>
              Cancel
            </button>
          </>
        ) : (
          <>
            <span data-testid="field-value">{fieldText(field, value, people)}</span>
            {!closed && (
              <button type="button" className="small-button" aria-label={`Edit ${field.name}`} onClick={() => setEditing(true)}>
                Edit
              </button>
            )}
          </>
        )}
        {error && (
          <p className="form-error small" role="alert">
            {error}
          </p>
        )}
      </dd>
    </div>
  );
}
