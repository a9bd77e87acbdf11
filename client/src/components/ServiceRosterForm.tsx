/**
 * Editing one service's roster: an escalation policy or a fixed primary and secondary picked from
 * the people the server knows, experts by domain (optionally linked to an account, so they can be
 * paged in the app), and the webhooks that receive every page. Saving sends it whole; a refusal
 * shows the server's reason.
 */
import { useState } from 'react';
import type { FormEvent } from 'react';
import type { Person } from '../../../shared/incident.ts';
import { Limits } from '../../../shared/limits.ts';
import { errorMessage } from '../api/http.ts';
import { removeService, saveService } from '../api/roster.ts';
import type { EscalationPolicyView, RosterBody, ServiceEntry } from '../api/roster.ts';
import { clockTime } from '../format/time.ts';
import { newId } from '../format/ids.ts';
import { PersonPicker } from './PersonPicker.tsx';

interface SmeDraft {
  key: string;
  name: string;
  domain: string;
  userId: string;
}

interface Props {
  service: string;
  /** The saved roster, or null for a service not on the roster yet. */
  entry: ServiceEntry | null;
  users: Person[];
  policies: EscalationPolicyView[];
  onSaved: () => void;
  onRemoved: () => void;
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

export function ServiceRosterForm({ service, entry, users, policies, onSaved, onRemoved }: Props) {
  const [policyId, setPolicyId] = useState(entry?.escalationPolicyId ?? '');
  const [primary, setPrimary] = useState(entry?.primary?.userId ?? '');
  const [secondary, setSecondary] = useState(entry?.secondary?.userId ?? '');
  const [smes, setSmes] = useState<SmeDraft[]>(() =>
    (entry?.smes ?? []).map((s) => ({ key: newId('sme'), name: s.name, domain: s.domain, userId: s.userId ?? '' })),
  );
  const [webhooks, setWebhooks] = useState((entry?.webhooks ?? []).join('\n'));
  const [slackWebhooks, setSlackWebhooks] = useState((entry?.slackWebhooks ?? []).join('\n'));
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<number | null>(null);
  const [pending, setPending] = useState(false);
  const [confirmRemove, setConfirmRemove] = useState(false);

  const nameOf = (userId: string, fallback: string | undefined) => users.find((u) => u.id === userId)?.name ?? fallback ?? userId;
  const person = (userId: string, fallback: string | undefined) => (userId ? { userId, name: nameOf(userId, fallback) } : null);

  const updateSme = (key: string, patch: Partial<SmeDraft>) => setSmes((list) => list.map((s) => (s.key === key ? { ...s, ...patch } : s)));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body: RosterBody = {
      primary: person(primary, entry?.primary?.name),
      secondary: person(secondary, entry?.secondary?.name),
      // A row left entirely empty is not an expert; a half-filled one goes to the server, which says what is missing.
      smes: smes
        .filter((s) => s.name.trim() || s.domain.trim() || s.userId)
        .map((s) => ({ name: s.name.trim(), domain: s.domain.trim(), ...(s.userId ? { userId: s.userId } : {}) })),
      webhooks: lines(webhooks),
      slackWebhooks: lines(slackWebhooks),
      escalationPolicyId: policyId || null,
    };
    setPending(true);
    setError(null);
    try {
      const result = await saveService(service, body);
      setSaved(result.updatedAt);
      onSaved();
    } catch (e) {
      setError(errorMessage(e));
      setSaved(null);
    }
    setPending(false);
  };

  const remove = async () => {
    setError(null);
    try {
      await removeService(service);
      onRemoved();
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <form className="roster-form stack" onSubmit={submit} aria-labelledby="roster-form-heading" data-testid="roster-form">
      <h2 id="roster-form-heading">
        {entry ? 'On call for' : 'New service'} <code className="roster-form-service">{service}</code>
      </h2>
      <label htmlFor="roster-policy">Escalation policy</label>
      <select id="roster-policy" value={policyId} onChange={(e) => setPolicyId(e.target.value)} data-testid="roster-policy">
        <option value="">None: page the primary below, then the secondary</option>
        {policyId && !policies.some((p) => p.id === policyId) && <option value={policyId}>{policyId}</option>}
        {policies.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name} ({p.steps.length} step{p.steps.length === 1 ? '' : 's'})
          </option>
        ))}
      </select>
      {policyId && (
        <p className="muted small">
          The policy pages and escalates; primary and secondary come from its first two schedules. The people below fill a role only where the policy has no
          schedule for it.
        </p>
      )}
      <div className="roster-people">
        <label htmlFor="roster-primary">Primary (paged first)</label>
        <PersonPicker id="roster-primary" value={primary} people={users} onChange={setPrimary} emptyLabel="Nobody on call" fallbackName={entry?.primary?.name} />
        <label htmlFor="roster-secondary">Secondary (paged on escalation)</label>
        <PersonPicker
          id="roster-secondary"
          value={secondary}
          people={users}
          onChange={setSecondary}
          emptyLabel="Nobody on call"
          fallbackName={entry?.secondary?.name}
        />
      </div>

      <fieldset className="roster-smes">
        <legend>Subject-matter experts</legend>
        {smes.length === 0 && <p className="muted small">No experts listed. They are added to every incident of this service.</p>}
        {smes.map((sme, index) => (
          <div key={sme.key} className="roster-sme" data-testid="roster-sme">
            <input
              aria-label={`Expert ${index + 1} name`}
              placeholder="Name"
              maxLength={Limits.nameLength}
              value={sme.name}
              onChange={(e) => updateSme(sme.key, { name: e.target.value })}
            />
            <input
              aria-label={`Expert ${index + 1} domain`}
              placeholder="Domain, e.g. database"
              maxLength={Limits.nameLength}
              value={sme.domain}
              onChange={(e) => updateSme(sme.key, { domain: e.target.value })}
            />
            <select
              aria-label={`Expert ${index + 1} account`}
              value={sme.userId}
              title="Linking an account lets the room page them in the app"
              onChange={(e) => {
                const userId = e.target.value;
                updateSme(sme.key, { userId, ...(userId && !sme.name.trim() ? { name: nameOf(userId, undefined) } : {}) });
              }}
            >
              <option value="">No account</option>
              {sme.userId && !users.some((u) => u.id === sme.userId) && <option value={sme.userId}>{sme.userId}</option>}
              {users.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
            <button type="button" className="link-button" aria-label={`Remove expert ${index + 1}`} onClick={() => setSmes((list) => list.filter((s) => s.key !== sme.key))}>
              ×
            </button>
          </div>
        ))}
        <button
          type="button"
          className="small-button roster-add-sme"
          onClick={() => setSmes((list) => [...list, { key: newId('sme'), name: '', domain: '', userId: '' }])}
        >
          Add an expert
        </button>
      </fieldset>

      <label htmlFor="roster-webhooks">
        Webhooks <span className="muted">(JSON page notifications; one URL per line)</span>
      </label>
      <textarea id="roster-webhooks" rows={2} value={webhooks} onChange={(e) => setWebhooks(e.target.value)} placeholder="https://hooks.example.org/pages" />
      <label htmlFor="roster-slack">
        Slack incoming webhooks <span className="muted">(one URL per line)</span>
      </label>
      <textarea id="roster-slack" rows={2} value={slackWebhooks} onChange={(e) => setSlackWebhooks(e.target.value)} placeholder="https://hooks.slack.com/services/…" />

      <div className="roster-form-buttons">
        <button type="submit" className="primary" disabled={pending}>
          {pending ? 'Saving…' : 'Save roster'}
        </button>
        {saved !== null && (
          <span className="muted small" role="status" data-testid="roster-saved">
            Saved at {clockTime(saved)}
          </span>
        )}
        {entry &&
          (confirmRemove ? (
            <span className="roster-remove">
              <button type="button" className="small-button danger" onClick={() => void remove()}>
                Remove {service} from the roster
              </button>
              <button type="button" className="small-button" onClick={() => setConfirmRemove(false)}>
                Keep
              </button>
            </span>
          ) : (
            <button type="button" className="small-button roster-remove" onClick={() => setConfirmRemove(true)}>
              Remove service…
            </button>
          ))}
      </div>
      <p className="form-error" role="alert" data-testid="roster-error">
        {error}
      </p>
    </form>
  );
}
