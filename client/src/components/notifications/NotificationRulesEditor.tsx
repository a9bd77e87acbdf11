/**
 * The person's notification rules: "after N minutes, these methods", in order, optionally a
 * separate list for high-urgency pages. Every page also reaches open tabs at once, whatever the
 * rules; a rule whose method fails hands over to the next rule at once.
 */
import { useState } from 'react';
import type { FormEvent } from 'react';
import type { NotificationRule } from '../../../../shared/notifications.ts';
import type { ContactMethod, StoredNotificationRules } from '../../api/notifications.ts';
import { saveNotificationRules } from '../../api/notifications.ts';
import { errorMessage } from '../../api/http.ts';
import { RuleRows } from './RuleRows.tsx';

interface Props {
  userId: string;
  methods: ContactMethod[];
  stored: StoredNotificationRules;
  onSaved: () => void;
}

export function NotificationRulesEditor({ userId, methods, stored, onSaved }: Props) {
  const [rules, setRules] = useState<NotificationRule[]>(stored.rules);
  const [separateHigh, setSeparateHigh] = useState(Boolean(stored.highUrgencyRules?.length));
  const [highRules, setHighRules] = useState<NotificationRule[]>(stored.highUrgencyRules ?? stored.rules);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [pending, setPending] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    setSaved(false);
    saveNotificationRules(userId, { rules, ...(separateHigh ? { highUrgencyRules: highRules } : {}) })
      .then(() => {
        setError(null);
        setSaved(true);
        onSaved();
      })
      .catch((e: unknown) => setError(errorMessage(e)))
      .finally(() => setPending(false));
  };

  if (methods.length === 0) return <p className="empty">Add a contact method first; rules say which methods to use, and when.</p>;
  return (
    <form className="stack" onSubmit={submit} aria-label="Notification rules">
      {stored.isDefault && <p className="muted small">You have no rules of your own: pages email your first email address at once.</p>}
      <fieldset>
        <legend>{separateHigh ? 'Low-urgency pages' : 'Every page'}</legend>
        <RuleRows idPrefix="rule" rules={rules} methods={methods} onChange={setRules} />
      </fieldset>
      <label>
        <input type="checkbox" checked={separateHigh} onChange={(e) => setSeparateHigh(e.target.checked)} /> Different rules for high-urgency pages
      </label>
      {separateHigh && (
        <fieldset>
          <legend>High-urgency pages</legend>
          <RuleRows idPrefix="high-rule" rules={highRules} methods={methods} onChange={setHighRules} />
        </fieldset>
      )}
      <p>
        <button type="submit" className="primary" disabled={pending || rules.length === 0}>
          Save rules
        </button>{' '}
        {saved && <span role="status">Saved.</span>}
      </p>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
