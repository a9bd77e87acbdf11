import { elapsed } from '../format/time.ts';
import { useNow } from '../format/useNow.ts';

/** A running clock since a moment; its own component so only it re-renders every second. */
export function Elapsed({ since, until }: { since: number; until?: number | null }) {
  const now = useNow(1000);
  return <span className="clock">{elapsed((until ?? now) - since)}</span>;
}
