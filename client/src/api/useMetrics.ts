/**
 * Time to acknowledge and to resolve by severity. Re-read whenever `changes` (a digest of the
 * lobby list) moves, a moment later, so a burst of lobby events costs one request.
 */
import { useEffect, useState } from 'react';
import type { IncidentMetrics } from '../../../shared/api.ts';
import { useFetched } from './useFetched.ts';

const SETTLE_MS = 800;

export function useMetrics(changes: string) {
  const [settled, setSettled] = useState(changes);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(changes), SETTLE_MS);
    return () => clearTimeout(timer);
  }, [changes]);
  return useFetched<IncidentMetrics>('/api/metrics', settled);
}
