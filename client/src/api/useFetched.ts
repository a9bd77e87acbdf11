/**
 * A GET that a view shows: loads on mount and whenever `key` changes, can be refreshed, and
 * keeps the last good answer on screen while a refresh is under way or fails.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { apiRequest, errorMessage } from './http.ts';

export interface Fetched<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  refresh: () => Promise<void>;
}

export function useFetched<T>(path: string | null, key: unknown = null): Fetched<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(path !== null);
  // Only the newest request may write: an older answer arriving late must not win.
  const latest = useRef(0);

  const refresh = useCallback(async () => {
    if (path === null) return;
    const ticket = ++latest.current;
    setLoading(true);
    try {
      const body = await apiRequest<T>('GET', path);
      if (ticket !== latest.current) return;
      setData(body);
      setError(null);
    } catch (e) {
      if (ticket === latest.current) setError(errorMessage(e));
    } finally {
      if (ticket === latest.current) setLoading(false);
    }
  }, [path]);

  useEffect(() => {
    void refresh();
  }, [refresh, key]);

  return { data, error, loading, refresh };
}
