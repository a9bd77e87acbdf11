/** What someone without a session sees: how to get in, in plain words, with no dead ends. */
import { useEffect } from 'react';
import { returnPath } from '../api/session.tsx';
import type { Route } from '../routing/router.tsx';

export function SignedOutPage({ route }: { route: Route }) {
  useEffect(() => {
    // Someone who opened a room link first should land in that room after signing in.
    if (route.name === 'room') returnPath.remember(location.pathname);
  }, [route]);
  return (
    <main className="notice-page" data-testid="signed-out">
      <h1>Incident Room</h1>
      <p className="lead">You are not signed in.</p>
      <p>
        To join, open your team&apos;s <strong>invite link</strong>. It looks like{' '}
        <code>{location.origin}/join?invite=…</code>. Ask whoever runs your on-call or this server for it.
      </p>
      <details>
        <summary>I run this server</summary>
        <p>
          The server prints an invite link the first time it starts. To make a new one, use the API token (printed on first
          start and kept in the data folder as <code>admin-token</code>):
        </p>
        <pre>{`curl -X POST -H "Authorization: Bearer $TOKEN" ${location.origin}/api/invites`}</pre>
      </details>
      <p className="muted">Following an incident as a stakeholder? Use the stakeholder link the responders shared with you.</p>
    </main>
  );
}
