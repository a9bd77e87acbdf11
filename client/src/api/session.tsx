/**
 * Who is signed in. The session cookie is HttpOnly, so the page learns its identity by asking
 * the server; everything below the App reads it from context rather than asking again.
 */
import { createContext, useCallback, useContext, useEffect, useState } from 'react';
import type { SessionInfo } from '../../../shared/api.ts';
import { ApiError, apiRequest } from './http.ts';

export type SessionState =
  | { status: 'loading' }
  | { status: 'signedOut' }
  | { status: 'unreachable'; message: string }
  | { status: 'signedIn'; session: SessionInfo };

export function useSessionLoader(enabled: boolean): { state: SessionState; refresh: () => Promise<void> } {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const refresh = useCallback(async () => {
    try {
      // 204 (no body) when nobody is signed in.
      const session = await apiRequest<SessionInfo | null>('GET', '/api/session');
      setState(session ? { status: 'signedIn', session } : { status: 'signedOut' });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) setState({ status: 'signedOut' });
      else setState({ status: 'unreachable', message: (error as Error).message });
    }
  }, []);
  useEffect(() => {
    if (enabled) void refresh();
  }, [enabled, refresh]);
  return { state, refresh };
}

const SessionContext = createContext<SessionInfo | null>(null);
export const SessionProvider = SessionContext.Provider;

/** The signed-in responder; only rendered below the gate that checked there is one. */
export function useSession(): SessionInfo {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in view');
  return session;
}

/** Where to go after signing in, when someone opened a room link before having a session. */
const RETURN_KEY = 'incident-room:return-to';
export const returnPath = {
  remember(path: string) {
    sessionStorage.setItem(RETURN_KEY, path);
  },
  take(): string {
    const path = sessionStorage.getItem(RETURN_KEY);
    sessionStorage.removeItem(RETURN_KEY);
    return path && path.startsWith('/') && !path.startsWith('//') ? path : '/';
  },
};
