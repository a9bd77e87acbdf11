/**
 * /join/device#token=…: another device of a signed-in person, signing in as them with the
 * one-time link from their menu. The secret is in the fragment, which never reaches a server log.
 */
import { useEffect, useRef, useState } from 'react';
import type { UseDeviceLink } from '../../../shared/api.ts';
import { apiRequest, errorMessage } from '../api/http.ts';
import { Link, navigate } from '../routing/router.tsx';

export function DeviceJoinPage({ token, onSignedIn }: { token: string | null; onSignedIn: () => Promise<void> }) {
  const [error, setError] = useState<string | null>(token ? null : 'This link has no device token in it. Open the whole link you were given.');
  const spent = useRef(false);

  useEffect(() => {
    // A link works once: StrictMode's second effect run must not spend it again.
    if (!token || spent.current) return;
    spent.current = true;
    const body: UseDeviceLink = { token };
    apiRequest('POST', '/api/session/device', body)
      .then(onSignedIn)
      // Replace, so the one-time secret does not stay in the back-button history.
      .then(() => navigate('/', { replace: true }))
      .catch((e: unknown) => setError(errorMessage(e)));
  }, [token, onSignedIn]);

  return (
    <main className="notice-page" data-testid="device-join">
      <h1>Adding this device</h1>
      {error ? (
        <>
          <p role="alert">{error}</p>
          <p>
            <Link to="/">Go to the Incident Room</Link>
          </p>
        </>
      ) : (
        <p aria-busy="true">Signing you in…</p>
      )}
    </main>
  );
}
