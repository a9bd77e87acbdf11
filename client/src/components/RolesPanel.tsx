/**
 * Who is doing what. Every single-holder role with its holder and the actions that make sense
 * for you: claim, release, hand off. Your own roles are highlighted. A refused claim shows the
 * server's answer, which names the holder.
 */
import { useState } from 'react';
import { ROLES, SINGLE_HOLDER_ROLES } from '../../../shared/roles.ts';
import type { SingleHolderRole } from '../../../shared/roles.ts';
import type { RoleHolder, SmeEntry } from '../../../shared/documents.ts';
import type { Person } from '../../../shared/incident.ts';
import { useCommand } from '../api/commands.ts';
import { shortTime } from '../format/time.ts';
import { HandOffDialog } from './HandOffDialog.tsx';
import { SmeList } from './SmeList.tsx';

interface Props {
  incidentId: string;
  roles: Partial<Record<SingleHolderRole, RoleHolder>>;
  smes: SmeEntry[];
  people: Person[];
  me: Person;
}

export function RolesPanel({ incidentId, roles, smes, people, me }: Props) {
  return (
    <section className="panel roles-panel" aria-labelledby="roles-heading">
      <header className="panel-header">
        <h2 id="roles-heading">Roles</h2>
      </header>
      <ul className="role-list">
        {SINGLE_HOLDER_ROLES.map((role) => (
          <RoleRow key={role} incidentId={incidentId} role={role} holder={roles[role]} people={people} me={me} />
        ))}
      </ul>
      <SmeList incidentId={incidentId} smes={smes} people={people} />
    </section>
  );
}

function RoleRow({ incidentId, role, holder, people, me }: { incidentId: string; role: SingleHolderRole; holder: RoleHolder | undefined; people: Person[]; me: Person }) {
  const { run, pending, error, clearError } = useCommand();
  const [handingOff, setHandingOff] = useState(false);
  const mine = holder?.id === me.id;
  const definition = ROLES[role];
  return (
    <li className={`role-row${mine ? ' mine' : ''}${holder ? '' : ' vacant'}`} data-testid={`role-${role}`} data-holder={holder?.id ?? ''}>
      <div className="role-line">
        <span className="role-label" title={definition.duty}>
          {definition.label}
        </span>
        {mine && <span className="you-badge">you</span>}
        {holder && (
          <span className="role-since muted small" title={`since ${new Date(holder.since).toLocaleString()}`}>
            since {shortTime(holder.since)}
          </span>
        )}
      </div>
      <div className="role-line">
        <span className="role-holder" data-testid="role-holder" title={holder?.name}>
          {holder ? (
            holder.name
          ) : (
            <span className="muted">unassigned</span>
          )}
        </span>
        <div className="role-actions">
          {mine ? (
            <>
              <button type="button" className="small-button" disabled={pending} onClick={() => setHandingOff(true)} aria-label={`Hand off ${definition.label}`}>
                Hand off
              </button>
              <button
                type="button"
                className="small-button"
                disabled={pending}
                aria-label={`Release ${definition.label}`}
                onClick={() => void run({ type: 'releaseRole', incidentId, role })}
              >
                Release
              </button>
            </>
          ) : (
            // Offered even when someone holds the role: two people may click at once, and the
            // refusal (naming the holder) is the answer the loser needs.
            <button
              type="button"
              className={`small-button${holder ? '' : ' primary'}`}
              disabled={pending}
              aria-label={`Claim ${definition.label}`}
              onClick={() => void run({ type: 'claimRole', incidentId, role })}
            >
              Claim
            </button>
          )}
        </div>
      </div>
      {error && (
        <p className="role-error" role="alert" data-testid="role-error">
          {error}
          <button type="button" className="link-button" aria-label="Dismiss" onClick={clearError}>
            ×
          </button>
        </p>
      )}
      {handingOff && holder && (
        <HandOffDialog
          role={role}
          holder={holder}
          people={people}
          onCancel={() => setHandingOff(false)}
          onHandOff={async (toUserId, note) => {
            const reply = await run({ type: 'handOffRole', incidentId, role, toUserId, note });
            if (reply.ok) setHandingOff(false);
            return reply.ok ? null : reply.error.message;
          }}
        />
      )}
    </li>
  );
}
