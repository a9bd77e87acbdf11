/**
 * Declaring an incident: a title and a severity are enough; service and summary help triage.
 * Whether stakeholder links show the transcript is chosen here (shared by default, as before:
 * issue 12 made the default visible instead of silent), and whether the incident is private to
 * its members (issue 13).
 */
import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { SEVERITIES, SEVERITY_MEANING } from '../../../shared/incident.ts';
import type { Severity } from '../../../shared/incident.ts';
import { Limits } from '../../../shared/limits.ts';
import { useCommand } from '../api/commands.ts';
import { useServices } from '../api/roster.ts';
import { navigate } from '../routing/router.tsx';
import { SeverityBadge } from './SeverityBadge.tsx';

export function DeclareIncidentForm() {
  const [title, setTitle] = useState('');
  const [severity, setSeverity] = useState<Severity>('SEV2');
  const [service, setService] = useState('');
  const [summary, setSummary] = useState('');
  const [shareTranscript, setShareTranscript] = useState(true);
  const [isPrivate, setPrivate] = useState(false);
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
      severity,
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
      <fieldset className="severity-picker">
        <legend>Severity</legend>
        {SEVERITIES.map((s) => (
          <label key={s} className="severity-option">
            <input type="radio" name="severity" value={s} checked={severity === s} onChange={() => setSeverity(s)} />
            <SeverityBadge severity={s} />
            <span className="muted small">{SEVERITY_MEANING[s]}</span>
          </label>
        ))}
      </fieldset>
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
      <button type="submit" className="primary" disabled={pending || title.trim() === ''}>
        {pending ? 'Declaring…' : 'Declare incident'}
      </button>
      <p className="form-error" role="alert">
        {error}
      </p>
    </form>
  );
}
