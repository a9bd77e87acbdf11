/**
 * /join?invite=…: pick the name others will see beside your writing, get a responder session.
 * Where the server signs people in through the organisation's provider, that comes first, and
 * with invites turned off it is the only way (issue 13).
 */
import { useState } from 'react';
import type { FormEvent } from 'react';
import { Limits } from '../../../shared/limits.ts';
import { apiRequest, errorMessage } from '../api/http.ts';
import { returnPath } from '../api/session.tsx';
import { useSessionOptions } from '../api/useSessionOptions.ts';
import { ProviderSignIn } from '../components/ProviderSignIn.tsx';
import type { SessionState } from '../api/session.tsx';
import { Link, navigate } from '../routing/router.tsx';

export function SignInPage({ invite, session, onSignedIn }: { invite: string | null; session: SessionState; onSignedIn: () => Promise<void> }) {
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const { options } = useSessionOptions();

  if (options && !options.invites) {
    return (
      <main className="notice-page stack">
        <h1>Incident Room</h1>
        <p role="alert">Invite links are turned off on this server.</p>
        {options.oidc && <ProviderSignIn oidc={options.oidc} returnTo="/" />}
      </main>
    );
  }

  if (!invite) {
    return (
      <main className="notice-page">
        <h1>Incident Room</h1>
        <p role="alert">This link has no invite in it. Open the full invite link you were given; it ends in <code>?invite=…</code>.</p>
      </main>
    );
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      await apiRequest('POST', '/api/session', { invite, name: name.trim() });
      await onSignedIn();
      // Replace, so the invite secret does not stay in the back-button history.
      navigate(returnPath.take(), { replace: true });
    } catch (e) {
      setError(errorMessage(e));
      setPending(false);
    }
  };

  return (
    <main className="notice-page sign-in">
      <h1>Join the Incident Room</h1>
      {session.status === 'signedIn' && (
        <p className="muted">
          You are already signed in as <strong>{session.session.name}</strong>. <Link to="/">Continue as {session.session.name}</Link>, or
          join again under another name below.
        </p>
      )}
      {options?.oidc && (
        <div className="stack">
          <ProviderSignIn oidc={options.oidc} returnTo="/" />
          <p className="sign-in-or">Or join with a name of your choosing:</p>
        </div>
      )}
      <form onSubmit={submit} className="stack">
        <label htmlFor="display-name">Your name, as the others will see it</label>
        <input
          id="display-name"
          name="name"
          autoFocus
          autoComplete="name"
          required
          maxLength={Limits.nameLength}
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="e.g. Alice Nguyen"
        />
        <button type="submit" className="primary" disabled={pending || name.trim() === ''}>
          {pending ? 'Joining…' : 'Join'}
        </button>
        <p className="form-error" role="alert">
          {error}
        </p>
      </form>
    </main>
  );
}
