/**
 * The status page's data (issue 21): what `/status/api/page.json` says, read without a session
 * when the page is public. A page for signed-in people answers 401 to others, and a server
 * without one 404: each is a state the page shows in words.
 */
import { useCallback, useEffect, useState } from 'react';
import type { StatusPageView, Subscribe } from '../../../shared/statusPage.ts';
import { ApiError, apiRequest, errorMessage } from './http.ts';

export type StatusPageState =
  | { status: 'loading' }
  | { status: 'ready'; view: StatusPageView }
  | { status: 'signInNeeded' }
  | { status: 'absent' }
  | { status: 'failed'; message: string };

/** A status page is read by people waiting for news: it refreshes itself this often. */
const REFRESH_MS = 60_000;

export function useStatusPage(): StatusPageState {
  const [state, setState] = useState<StatusPageState>({ status: 'loading' });
  const load = useCallback(async () => {
    try {
      setState({ status: 'ready', view: await apiRequest<StatusPageView>('GET', '/status/api/page.json') });
    } catch (error) {
      if (error instanceof ApiError && (error.status === 401 || error.status === 403)) setState({ status: 'signInNeeded' });
      else if (error instanceof ApiError && error.status === 404) setState({ status: 'absent' });
      // The last good page stays on screen when a refresh fails.
      else setState((current) => (current.status === 'ready' ? current : { status: 'failed', message: errorMessage(error) }));
    }
  }, []);
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    const onFocus = () => void load();
    window.addEventListener('focus', onFocus);
    return () => {
      clearInterval(timer);
      window.removeEventListener('focus', onFocus);
    };
  }, [load]);
  return state;
}

export function subscribe(body: Subscribe): Promise<{ message?: string; unsubscribeUrl?: string }> {
  return apiRequest('POST', '/status/api/subscribe', body);
}
