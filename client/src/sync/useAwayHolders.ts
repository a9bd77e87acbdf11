import { useEffect, useState } from 'react';

/**
 * How long a holder must be missing from presence before the room calls them away. The role
 * change and the holder's presence travel on different documents, so a person who has just
 * claimed (or just opened the room) can be missing for a moment; without this grace the room
 * flashed "away" and offered a take-over of a role its holder was using.
 */
export const ABSENT_GRACE_MS = 3000;

/** Holders missing from presence for at least ABSENT_GRACE_MS; anyone present again is at once not away. */
export function useAwayHolders(holderIds: readonly string[], present: ReadonlySet<string>): ReadonlySet<string> {
  const [away, setAway] = useState<ReadonlySet<string>>(() => new Set());
  const absentKey = JSON.stringify([...new Set(holderIds.filter((id) => !present.has(id)))].sort());
  useEffect(() => {
    const absent: string[] = JSON.parse(absentKey);
    setAway((previous) => new Set([...previous].filter((id) => absent.includes(id))));
    if (absent.length === 0) return;
    const timer = setTimeout(() => setAway(new Set(absent)), ABSENT_GRACE_MS);
    return () => clearTimeout(timer);
  }, [absentKey]);
  return away;
}
