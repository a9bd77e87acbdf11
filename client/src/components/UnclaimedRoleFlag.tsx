/** A key role (commander, scribe) still empty a few minutes in: say so loudly on its row. */
import { durationWords } from '../format/time.ts';
import { useNow } from '../format/useNow.ts';

/** How long a fresh incident may run without a commander or scribe before the room flags it. */
export const KEY_ROLE_GRACE_MS = 3 * 60_000;

export function UnclaimedRoleFlag({ declaredAt }: { declaredAt: number }) {
  const now = useNow(10_000);
  const running = now - declaredAt;
  if (running <= KEY_ROLE_GRACE_MS) return null;
  return (
    <p className="unclaimed-flag" data-testid="unclaimed-flag">
      <span aria-hidden="true">⚠ </span>Nobody has taken this role, {durationWords(running)} in
    </p>
  );
}
