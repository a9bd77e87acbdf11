/**
 * Who is doing what. Every single-holder role with its holder and the actions that make sense
 * for you: claim, release, hand off. Your own roles are highlighted, with the note the previous
 * holder left you and the role's checklist open. A refused claim shows the server's answer,
 * which names the holder. Commander and scribe are flagged when nobody takes them. Below the
 * roles: the experts to escalate to, and who has been paged.
 */
import { useState } from 'react';
import type * as Y from 'yjs';
import { ROLES, SINGLE_HOLDER_ROLES } from '../../../shared/roles.ts';
import type { SingleHolderRole } from '../../../shared/roles.ts';
import type { IncidentEvent, IncidentMeta, PageRecord, RoleHolder, SmeEntry } from '../../../shared/documents.ts';
import type { Person } from '../../../shared/incident.ts';
import { useCommand } from '../api/commands.ts';
import { shortTime } from '../format/time.ts';
import { handOffToHolder } from '../sync/timeline.ts';
import { HandOffDialog } from './HandOffDialog.tsx';
import { HandOffNote } from './HandOffNote.tsx';
import { PagesList } from './PagesList.tsx';
import { RoleChecklist } from './RoleChecklist.tsx';
import { SmeList } from './SmeList.tsx';
import { UnclaimedRoleFlag, UnclaimedRolesSummary } from './UnclaimedRoleFlag.tsx';

/** Roles an incident cannot run well without: flagged when still empty a few minutes in. */
const KEY_ROLES: readonly SingleHolderRole[] = ['commander', 'scribe'];

interface Props {
  meta: IncidentMeta;
  roles: Partial<Record<SingleHolderRole, RoleHolder>>;
  smes: SmeEntry[];
  people: Person[];
  events: IncidentEvent[];
  pages: PageRecord[];
  me: Person;
  /** The responder document, where the role checklists live. */
  doc: Y.Doc;
}

export function RolesPanel({ meta, roles, smes, people, events, pages, me, doc }: Props) {
  const incidentId = meta.id;
  const vacantKeyRoles = meta.status === 'resolved' ? [] : KEY_ROLES.filter((role) => !roles[role]);
  return (
    <section className="panel roles-panel" aria-labelledby="roles-heading">
      <header className="panel-header">
        <h2 id="roles-heading">Roles</h2>
        <UnclaimedRolesSummary roles={vacantKeyRoles} declaredAt={meta.createdAt} />
      </header>
      <ul className="role-list">
        {SINGLE_HOLDER_ROLES.map((role) => (
          <RoleRow
            key={role}
            incidentId={incidentId}
            role={role}
            holder={roles[role]}
            people={people}
            me={me}
            doc={doc}
            handOff={roles[role]?.id === me.id ? handOffToHolder(events, role, me.id) : null}
            flagSince={vacantKeyRoles.includes(role) ? meta.createdAt : null}
          />
        ))}
      </ul>
      <SmeList incidentId={incidentId} smes={smes} people={people} pages={pages} />
      <PagesList pages={pages} events={events} />
    </section>
  );
}

interface RowProps {
  incidentId: string;
  role: SingleHolderRole;
  holder: RoleHolder | undefined;
  people: Person[];
  me: Person;
  doc: Y.Doc;
  /** The hand-off that gave me this role, whose note I should read. */
  handOff: ReturnType<typeof handOffToHolder>;
  /** For an empty key role: when the incident was declared, to flag it after a grace period. */
  flagSince: number | null;
}

function RoleRow({ incidentId, role, holder, people, me, doc, handOff, flagSince }: RowProps) {
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
      {flagSince !== null && <UnclaimedRoleFlag declaredAt={flagSince} />}
      {handOff && <HandOffNote key={handOff.id} handOff={handOff} />}
      {error && (
        <p className="role-error" role="alert" data-testid="role-error">
          {error}
          <button type="button" className="link-button" aria-label="Dismiss" onClick={clearError}>
            ×
          </button>
        </p>
      )}
      <RoleChecklist doc={doc} role={role} label={definition.label} mine={mine} />
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
