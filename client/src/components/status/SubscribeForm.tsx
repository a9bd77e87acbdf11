import { useState } from 'react';
import type { FormEvent } from 'react';
import { subscribe } from '../../api/statusPage.ts';
import { errorMessage } from '../../api/http.ts';

/** Updates by email (when the server sends email) or to a webhook, and the Atom feed. */
export function SubscribeForm({ email }: { email: boolean }) {
  const [kind, setKind] = useState<'email' | 'webhook'>(email ? 'email' : 'webhook');
  const [address, setAddress] = useState('');
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      const answer = await subscribe(kind === 'email' ? { email: address } : { webhookUrl: address });
      setOutcome({ ok: true, text: kind === 'email' ? (answer.message ?? 'Check your inbox to confirm.') : `Subscribed. Keep this link to unsubscribe: ${answer.unsubscribeUrl}` });
      setAddress('');
    } catch (error) {
      setOutcome({ ok: false, text: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="status-subscribe" onSubmit={submit} aria-label="Subscribe to updates">
      {email && (
        <fieldset>
          <legend>Get updates by</legend>
          <label>
            <input type="radio" name="kind" checked={kind === 'email'} onChange={() => setKind('email')} /> Email
          </label>
          <label>
            <input type="radio" name="kind" checked={kind === 'webhook'} onChange={() => setKind('webhook')} /> Webhook
          </label>
        </fieldset>
      )}
      <label className="status-subscribe-field">
        {kind === 'email' ? 'Email address' : 'Webhook URL'}
        <input
          type={kind === 'email' ? 'email' : 'url'}
          required
          value={address}
          onChange={(e) => setAddress(e.target.value)}
          placeholder={kind === 'email' ? 'you@example.com' : 'https://hooks.example.com/status'}
        />
      </label>
      <button type="submit" disabled={busy}>
        Subscribe
      </button>
      {outcome && (
        <p role={outcome.ok ? 'status' : 'alert'} className={outcome.ok ? undefined : 'status-error'}>
          {outcome.text}
        </p>
      )}
      <p className="muted">
        Or follow the <a href="/status/feed.atom">Atom feed</a>.
      </p>
    </form>
  );
}
