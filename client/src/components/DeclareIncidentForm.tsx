/**
 * Declaring an incident: a title and a severity are enough; service and summary help triage.
 * Types, severities and the fields required at declaration are the team's model (issue 17): a
 * type brings its default severity and privacy.
 * Whether stakeholder links show the transcript is chosen here (shared by default, as before:
 * issue 12 made the default visible instead of silent), and whether the incident is private to
 * its members (issue 13).
 */
import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import type { Severity } from '../../../shared/incident.ts';
import { definitionsFor, fieldValueRefusal } from '../../../shared/incidentModel.ts';
import type { FieldValue } from '../../../shared/incidentModel.ts';
import { useModel } from '../api/useModel.ts';
import { FieldInput } from './fields/FieldInput.tsx';
import { Limits } from '../../../shared/limits.ts';
import { useCommand } from '../api/commands.ts';
import { useServices, useUsers } from '../api/roster.ts';
import { navigate } from '../routing/router.tsx';
import { SeverityBadge } from './SeverityBadge.tsx';

export function DeclareIncidentForm() {
  const model = useModel();
  const [typeKey, setTypeKey] = useState<string | null>(null);
  const type = model?.types.find((t) => t.key === typeKey) ?? model?.types[0] ?? null;
  const [title, setTitle] = useState('');
  const [chosenSeverity, setSeverity] = useState<Severity | null>(null);
  const severity = chosenSeverity ?? type?.defaultSeverity ?? null;
  const [fields, setFields] = useState<Record<string, FieldValue>>({});
  const defs = model && type ? definitionsFor(model, '', type.key) : null;
  const askedFields = defs?.fields.filter((f) => f.required === 'declaration') ?? [];
  const { users } = useUsers();
  const [service, setService] = useState('');
  const [summary, setSummary] = useState('');
  const [shareTranscript, setShareTranscript] = useState(true);
  const [chosenPrivate, setPrivate] = useState<boolean | null>(null);
  const isPrivate = chosenPrivate ?? type?.private ?? false;
  const { run, pending, error } = useCommand();
  const { services } = useServices();
  const onRoster = services.find((s) => s.service === service.trim());
  const titleRef = useRef<HTMLInputElement>(null);

  // "n" from anywhere in the lobby starts a new incident, as in most triage tools.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (event.key !== 'n' || event.ctrlKey || event.metaKey || event.altKey) return;
      if (target.closest('input, textarea, select, [contenteditable]')) return;
      event.preventDefault();
      titleRef.current?.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const reply = await run({
      type: 'declare',
      title: title.trim(),
      ...(severity ? { severity } : {}),
      ...(type ? { incidentType: type.key } : {}),
      fields: Object.fromEntries(Object.entries(fields).filter(([key]) => askedFields.some((f) => f.key === key))),
      service: service.trim() || null,
      summary: summary.trim() || undefined,
      hideTranscript: !shareTranscript,
      private: isPrivate,
    });
    if (reply.ok) navigate(`/incidents/${reply.data.incident.id}`);
  };

  return (
    <form className="panel declare" onSubmit={submit} aria-labelledby="declare-heading">
      <h2 id="declare-heading">
        Declare an incident <kbd title="Press n to start">n</kbd>
      </h2>
      <label htmlFor="declare-title">What is broken?</label>
      <input
        id="declare-title"
        ref={titleRef}
        required
        maxLength={Limits.titleLength}
        value={title}
        onChange={(e) => setTitle(e.target.value)}
        placeholder="e.g. Checkout returns 502 for EU customers"
      />
      {model && model.types.length > 1 && (
        <>
          <label htmlFor="declare-type">Type</label>
          <select
            id="declare-type"
            value={type?.key ?? ''}
            onChange={(e) => {
              // A type brings its own default severity and privacy, until the person picks their own.
              setTypeKey(e.target.value);
              setSeverity(null);
              setPrivate(null);
            }}
            aria-describedby="declare-type-hint"
          >
            {model.types.map((t) => (
              <option key={t.key} value={t.key}>
                {t.name}
              </option>
            ))}
          </select>
          {type?.description && (
            <p id="declare-type-hint" className="muted small declare-hint">
              {type.description}
            </p>
          )}
        </>
      )}
      <fieldset className="severity-picker" aria-busy={!model}>
        <legend>Severity</legend>
        {model?.severities.map((s) => (
          <label key={s.key} className="severity-option">
            <input type="radio" name="severity" value={s.key} checked={severity === s.key} onChange={() => setSeverity(s.key)} />
            <SeverityBadge severity={s.key} defs={model} />
            <span className="muted small">{s.description}</span>
          </label>
        ))}
      </fieldset>
      {askedFields.map((field) => (
        <div key={field.key} className="declare-field">
          <label htmlFor={`declare-field-${field.key}`}>{field.name}</label>
          <FieldInput
            id={`declare-field-${field.key}`}
            field={field}
            value={fields[field.key]}
            people={users}
            onChange={(value) => setFields(({ [field.key]: _, ...rest }) => (value === undefined ? rest : { ...rest, [field.key]: value }))}
          />
          {field.description && (
            <p id={`declare-field-${field.key}-hint`} className="muted small declare-hint">
              {field.description}
            </p>
          )}
        </div>
      ))}
      <label htmlFor="declare-service">
        Service <span className="muted">(optional)</span>
      </label>
      <input
        id="declare-service"
        list="declare-services"
        autoComplete="off"
        maxLength={Limits.nameLength}
        value={service}
        onChange={(e) => setService(e.target.value)}
        placeholder={services.length ? 'Pick a service on the roster, or type one' : 'e.g. checkout-api'}
        aria-describedby="declare-service-hint"
      />
      <datalist id="declare-services">
        {services.map((s) => (
          <option key={s.service} value={s.service}>
            {s.primary ? `on call: ${s.primary.name}` : 'nobody on call'}
          </option>
        ))}
      </datalist>
      <p id="declare-service-hint" className="muted small declare-hint" data-testid="declare-service-hint">
        {onRoster
          ? onRoster.primary
            ? `Pages ${onRoster.primary.name} (primary)${onRoster.secondary ? `; ${onRoster.secondary.name} is secondary` : ''}.`
            : 'On the roster, but nobody is on call: nobody is paged.'
          : service.trim()
            ? 'Not on the roster: nobody is paged.'
            : ''}
      </p>
      <label htmlFor="declare-summary">
        Summary <span className="muted">(optional)</span>
      </label>
      <textarea id="declare-summary" rows={3} maxLength={Limits.summaryLength} value={summary} onChange={(e) => setSummary(e.target.value)} />
      <label className="checkbox-field">
        <input type="checkbox" checked={shareTranscript} onChange={(e) => setShareTranscript(e.target.checked)} />
        Share the transcript with stakeholders <span className="muted">(status, roles and published updates always are)</span>
      </label>
      <label className="checkbox-field">
        <input type="checkbox" checked={isPrivate} onChange={(e) => setPrivate(e.target.checked)} data-testid="declare-private" />
        Private <span className="muted">(only you, people you add and role holders see it: security, HR, a customer's data)</span>
      </label>
      <button
        type="submit"
        className="primary"
        disabled={pending || title.trim() === '' || !model || askedFields.some((f) => fields[f.key] === undefined || fieldValueRefusal(f, fields[f.key]) !== null)}
      >
        {pending ? 'Declaring…' : 'Declare incident'}
      </button>
      <p className="form-error" role="alert">
        {error}
      </p>
    </form>
  );
}
