/**
 * Key roles (commander, scribe) still empty a few minutes in: said loudly on the role's row, and
 * in the panel's header, which stays in view however far the roles panel is scrolled.
 */
import { roleLabel } from '../../../shared/roles.ts';
import type { SingleHolderRole } from '../../../shared/roles.ts';
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

export function UnclaimedRolesSummary({ roles, declaredAt }: { roles: SingleHolderRole[]; declaredAt: number }) {
  const now = useNow(10_000);
  if (roles.length === 0 || now - declaredAt <= KEY_ROLE_GRACE_MS) return null;
  const names = roles.map((r) => roleLabel(r).replace('Incident commander', 'commander').toLowerCase());
  return (
    <span className="unclaimed-summary" data-testid="unclaimed-summary">
      <span aria-hidden="true">⚠ </span>No {names.join(', no ')}
    </span>
  );
}
