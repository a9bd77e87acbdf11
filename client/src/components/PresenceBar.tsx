/** Who is in the room right now, in which role, and who is typing. */
import { roleLabel } from '../../../shared/roles.ts';
import type { SingleHolderRole } from '../../../shared/roles.ts';
import type { PresentPerson } from '../sync/usePresence.ts';

const SHORT: Record<SingleHolderRole, string> = {
  primary: 'Primary',
  secondary: 'Secondary',
  commander: 'IC',
  comms: 'Comms',
  scribe: 'Scribe',
};

export function PresenceBar({ people, rolesOf }: { people: PresentPerson[]; rolesOf: (userId: string) => SingleHolderRole[] }) {
  return (
    <section className="presence" aria-label="People in the room">
      <span className="muted small">In the room</span>
      <ul>
        {people.map((p) => {
          const roles = rolesOf(p.userId);
          return (
            <li key={p.userId} className={`presence-person${p.self ? ' self' : ''}`} data-testid="presence-person" data-typing={p.typing}>
              <span className="presence-name">{p.name}</span>
              {p.self && <span className="muted small"> (you)</span>}
              {roles.map((r) => (
                <span key={r} className="role-chip" title={roleLabel(r)}>
                  {SHORT[r]}
                </span>
              ))}
              {/* Reserved while empty, so others' chips never change width as they type. */}
              {!p.self && (
                <span className="typing" aria-hidden={!p.typing}>
                  {p.typing ? 'typing…' : ''}
                </span>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
