/**
 * Replay of an incident from the server's update log: the moments it can stop at, and the
 * incident as it was at the chosen one. Moving the slider quickly costs one request once it
 * rests (debounced), a superseded request is aborted, and a late answer never replaces a newer one.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { IncidentExport } from '../../../shared/incidentExport.ts';
import { apiRequest, errorMessage } from './http.ts';

/** The incident as it was at a moment: the export's JSON shape. */
export type IncidentSnapshot = IncidentExport;

export interface ReplayRange {
  from: number | null;
  to: number | null;
  moments: number[];
}

const DEBOUNCE_MS = 150;

export function useReplayMoments(incidentId: string) {
  const [range, setRange] = useState<ReplayRange | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setRange(await apiRequest<ReplayRange>('GET', `/api/incidents/${incidentId}/replay`));
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, [incidentId]);
  useEffect(() => {
    void load();
  }, [load]);
  return { range, error, reload: load };
}

/** The incident as of `at` (ms), fetched once `at` has rested for a moment. */
export function useReplaySnapshot(incidentId: string, at: number | null) {
  const [snapshot, setSnapshot] = useState<{ at: number; data: IncidentSnapshot } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const controller = useRef<AbortController | null>(null);

  useEffect(() => {
    if (at === null) return;
    setLoading(true);
    const timer = setTimeout(async () => {
      controller.current?.abort();
      const abort = new AbortController();
      controller.current = abort;
      try {
        const response = await fetch(`/api/incidents/${incidentId}/replay?at=${at}`, { credentials: 'same-origin', signal: abort.signal });
        const body = (await response.json().catch(() => null)) as IncidentSnapshot | { error?: { message?: string } } | null;
        if (abort.signal.aborted) return;
        if (!response.ok) {
          setError((body as { error?: { message?: string } } | null)?.error?.message ?? `The server answered ${response.status}.`);
        } else {
          setSnapshot({ at, data: body as IncidentSnapshot });
          setError(null);
        }
      } catch (e) {
        if (abort.signal.aborted) return;
        setError(e instanceof TypeError ? 'Cannot reach the server. Check your connection and try again.' : errorMessage(e));
      }
      setLoading(false);
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [incidentId, at]);

  useEffect(() => () => controller.current?.abort(), []);

  return { snapshot, error, loading };
}
