/** "Send me a test notification": one message through each contact method, and what became of each. */
import { useState } from 'react';
import type { TestNotificationResult } from '../../../../shared/notifications.ts';
import { errorMessage } from '../../api/http.ts';
import { sendTestNotification } from '../../api/notifications.ts';

const OUTCOME_WORDS: Record<TestNotificationResult['results'][number]['outcome'], string> = {
  queued: 'on its way',
  sent: 'sent',
  failed: 'failed',
  skipped: 'not sent',
};

export function TestNotificationButton({ userId }: { userId: string }) {
  const [result, setResult] = useState<TestNotificationResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const send = () => {
    setPending(true);
    sendTestNotification(userId)
      .then((r) => {
        setResult(r);
        setError(null);
      })
      .catch((e: unknown) => setError(errorMessage(e)))
      .finally(() => setPending(false));
  };

  return (
    <div className="stack">
      <p>
        <button type="button" onClick={send} disabled={pending}>
          Send me a test notification
        </button>
      </p>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {result && (
        <ul role="status" aria-label="Test notification results">
          {result.results.length === 0 && <li>You have no contact methods to test.</li>}
          {result.results.map((r) => (
            <li key={r.contactMethodId}>
              {r.type} {r.address}: {OUTCOME_WORDS[r.outcome]}
              {r.detail ? ` (${r.detail})` : ''}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
