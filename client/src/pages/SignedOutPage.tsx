/** What someone without a session sees: how to get in, in plain words, with no dead ends. */
import { useEffect } from 'react';
import { returnPath } from '../api/session.tsx';
import { useSessionOptions } from '../api/useSessionOptions.ts';
import { ProviderSignIn } from '../components/ProviderSignIn.tsx';
import type { Route } from '../routing/router.tsx';
import { chatLinkToken } from '../routing/chatLinkToken.ts';

export function SignedOutPage({ route }: { route: Route }) {
  const { options, error } = useSessionOptions();
  useEffect(() => {
    // Someone who opened a room link first should land in that room after signing in.
    if (route.name === 'room') returnPath.remember(location.pathname);
    // A chat link's secret is in the fragment, which a sign-in through the provider drops.
    if (route.name === 'chatLink') {
      chatLinkToken.keep(route.token);
      returnPath.remember(location.pathname);
    }
  }, [route]);
  // The provider brings people back to this very page: the server keeps where to, not the tab.
  const here = route.name === 'room' || route.name === 'replay' || route.name === 'roster' || route.name === 'people' || route.name === 'chatLink' ? location.pathname : '/';
  // Until the server says how it signs people in; if it cannot say, invites are the default.
  if (!options && !error) return <div className="splash" aria-busy="true" />;
  const invites = options?.invites ?? true;
  const oidc = options?.oidc ?? null;
  return (
    <main className="notice-page stack" data-testid="signed-out">
      <h1>Incident Room</h1>
      <p className="lead">You are not signed in.</p>
      {oidc && <ProviderSignIn oidc={oidc} returnTo={here} />}
      {invites && (
        <p className={oidc ? 'sign-in-or' : undefined}>
          {oidc ? 'Or, with' : 'To join, open'} your team&apos;s <strong>invite link</strong>. It looks like{' '}
          <code>{location.origin}/join?invite=…</code>. Ask whoever runs your on-call or this server for it.
        </p>
      )}
      {!oidc && (
        <details>
          <summary>I run this server</summary>
          <p>
            The server prints an invite link the first time it starts. To make a new one, use the API token (printed on first
            start and kept in the data folder as <code>admin-token</code>):
          </p>
          <pre>{`curl -X POST -H "Authorization: Bearer $TOKEN" ${location.origin}/api/invites`}</pre>
        </details>
      )}
      <p className="muted">Following an incident as a stakeholder? Use the stakeholder link the responders shared with you.</p>
    </main>
  );
}
