/** Which ways of signing in this server offers (GET /api/session-options, public). */
import type { SessionOptions } from '../../../shared/api.ts';
import { useFetched } from './useFetched.ts';

export function useSessionOptions(): { options: SessionOptions | null; error: string | null } {
  const { data, error } = useFetched<SessionOptions>('/api/session-options');
  return { options: data, error };
}

/** The provider's sign-in, coming back to `returnTo` (a path of this site) afterwards. */
export function providerLoginHref(loginUrl: string, returnTo: string): string {
  return returnTo === '/' ? loginUrl : `${loginUrl}?returnTo=${encodeURIComponent(returnTo)}`;
}
