/**
 * "Sign in with <provider>": a plain link, so it is focusable, works with Enter and opens where
 * people expect. The server starts the code flow and sends the browser to the provider.
 */
import type { SessionOptions } from '../../../shared/api.ts';
import { providerLoginHref } from '../api/useSessionOptions.ts';
import '../styles/identity.css';

export function ProviderSignIn({ oidc, returnTo }: { oidc: NonNullable<SessionOptions['oidc']>; returnTo: string }) {
  return (
    <a className="provider-sign-in" href={providerLoginHref(oidc.loginUrl, returnTo)} data-testid="provider-sign-in">
      Sign in with {oidc.providerName}
    </a>
  );
}
