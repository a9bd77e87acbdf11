/**
 * Who is doing what. Every single-holder role with its holder and the actions that make sense
 * for you: claim, release, hand off; for the commander, reassign any role; for anyone, take over
 * a role whose holder is not connected (issue 12), after a confirmation. Your own roles are highlighted, with the note the previous
 * holder left you and the role's checklist open. A refused claim shows the server's answer,
 * which names the holder. Commander and scribe are flagged when nobody takes them. Below the
 * roles: the experts to escalate to, and who has been paged.
 */
import { useEffect, useRef, useState } from 'react';
import type * as Y from 'yjs';
import type { SingleHolderRole } from '../../../shared/roles.ts';
import { roleOfHolderKey } from '../../../shared/incidentModel.ts';
import type { ModelRole } from '../../../shared/incidentModel.ts';
import { definitionsOf, isResolved } from '../../../shared/stateDoc.ts';
import type { IncidentEvent, IncidentMeta, PageRecord, RoleHolder, SmeEntry } from '../../../shared/documents.ts';
import type { Person } from '../../../shared/incident.ts';
import { useCommand } from '../api/commands.ts';
import { shortTime } from '../format/time.ts';
import { handOffToHolder, roleTakenFrom } from '../sync/timeline.ts';
import { useAwayHolders } from '../sync/useAwayHolders.ts';
import type { RoleTakenEvent } from '../sync/timeline.ts';
import { HandOffDialog } from './HandOffDialog.tsx';
import { HandOffNote } from './HandOffNote.tsx';
import { TakeOverDialog } from './TakeOverDialog.tsx';
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
  /** User ids connected to the room now, from presence. */
  present: ReadonlySet<string>;
}

export function RolesPanel({ meta, roles, smes, people, events, pages, me, doc, present }: Props) {
  const closed = isResolved(meta);
  const incidentId = meta.id;
  // The roles the incident was declared with (issue 17), in the model's order.
  const defined = definitionsOf(meta).roles;
  const single = defined.filter((r) => !r.multiple);
  const vacantKeyRoles = closed ? [] : KEY_ROLES.filter((role) => single.some((r) => r.key === role) && !roles[role]);
  const away = useAwayHolders(
    single.flatMap((role) => (roles[role.key] ? [roles[role.key]!.id] : [])),
    present,
  );
  return (
    <section className="panel roles-panel" aria-labelledby="roles-heading">
      <header className="panel-header">
        <h2 id="roles-heading">Roles</h2>
        <UnclaimedRolesSummary roles={vacantKeyRoles} declaredAt={meta.createdAt} />
      </header>
      <ul className="role-list">
        {defined.map((definition) =>
          definition.multiple ? (
            <SharedRoleRow key={definition.key} incidentId={incidentId} definition={definition} roles={roles} me={me} doc={doc} closed={closed} />
          ) : (
          <RoleRow
            key={definition.key}
            incidentId={incidentId}
            role={definition.key}
            definition={definition}
            holder={roles[definition.key]}
            people={people}
            me={me}
            doc={doc}
            handOff={roles[definition.key]?.id === me.id ? handOffToHolder(events, definition.key, me.id) : null}
            takenFromMe={roleTakenFrom(events, definition.key, me.id)}
            commanding={roles.commander?.id === me.id}
            holderAway={!!roles[definition.key] && away.has(roles[definition.key]!.id)}
            closed={closed}
            flagSince={vacantKeyRoles.includes(definition.key) ? meta.createdAt : null}
          />
          ),
        )}
      </ul>
      <SmeList incidentId={incidentId} smes={smes} people={people} pages={pages} />
      <PagesList pages={pages} events={events} />
    </section>
  );
}

interface RowProps {
  incidentId: string;
  role: SingleHolderRole;
  definition: ModelRole;
  holder: RoleHolder | undefined;
  people: Person[];
  me: Person;
  doc: Y.Doc;
  /** The hand-off that gave me this role, whose note I should read. */
  handOff: ReturnType<typeof handOffToHolder>;
  /** The take-over or reassignment that took this role from me, while it is the latest change. */
  takenFromMe: RoleTakenEvent | null;
  /** I hold Incident commander, so I may reassign any role. */
  commanding: boolean;
  /** The holder has not been connected to the room for a few seconds: anyone may take over (the server checks for how long). */
  holderAway: boolean;
  /** The incident is resolved: roles stay as they ended. */
  closed: boolean;
  /** For an empty key role: when the incident was declared, to flag it after a grace period. */
  flagSince: number | null;
}

function RoleRow({ incidentId, role, definition, holder, people, me, doc, handOff, takenFromMe, commanding, holderAway, closed, flagSince }: RowProps) {
  const { run, pending, error, refusedFor, clearError } = useCommand();
  const [dialog, setDialog] = useState<'handOff' | 'reassign' | 'takeOver' | null>(null);
  const mine = holder?.id === me.id;
  const actionsRef = useRef<HTMLDivElement>(null);
  // The claim button is replaced by Hand off / Release when the role changes hands: keep the
  // keyboard on the role's actions instead of dropping it to the top of the page (issue 12). The
  // new holder may arrive (through the state document) before or after the command's answer,
  // and the buttons are disabled until the answer: focus moves once all is in. `focusFrom` is
  // the holder when the person acted; undefined while no action waits.
  const focusFrom = useRef<string | null | undefined>(undefined);
  const holderId = holder?.id ?? null;
  const rowRef = useRef<HTMLLIElement>(null);
  useEffect(() => {
    // A dialog still open would take the focus back as it closes: wait for it too.
    if (focusFrom.current === undefined || pending || dialog !== null || holderId === focusFrom.current) return;
    focusFrom.current = undefined;
    // Only where the keyboard was lost (the pressed button went away) or is still on this role:
    // someone who has already moved on, say into the composer, keeps their place.
    const active = document.activeElement;
    if (active && active !== document.body && !rowRef.current?.contains(active)) return;
    actionsRef.current?.querySelector<HTMLButtonElement>('button:not(:disabled)')?.focus();
  }, [holderId, pending, dialog]);
  const act = async <T extends { ok: boolean }>(reply: () => Promise<T>): Promise<T> => {
    focusFrom.current = holderId;
    const result = await reply();
    if (!result.ok) focusFrom.current = undefined;
    return result;
  };
  // A refusal that the room has since overtaken (the role changed hands again) no longer
  // applies. The change that made a claim lose (to the holder it names) may arrive after the
  // refusal itself: that one keeps it.
  useEffect(() => {
    // Overtaken: the role is free again, or mine, or went on to a third person.
    if (holderId === null || holderId === me.id || (refusedFor !== null && holderId !== refusedFor)) clearError();
    // Only a change of holder re-decides; a new refusal is shown as it comes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [holderId]);
  const closeDialog = () => setDialog(null);
  const answer = async (reply: () => Promise<{ ok: boolean; error?: { message: string } }>) => {
    const result = await act(reply);
    if (!result.ok) return result.error!.message;
    setDialog(null);
    return null;
  };
  return (
    <li ref={rowRef} className={`role-row${mine ? ' mine' : ''}${holder ? '' : ' vacant'}`} data-testid={`role-${role}`} data-holder={holder?.id ?? ''}>
      <div className="role-line">
        <span className="role-label" title={definition.description || undefined}>
          {definition.name}
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
        {holder && !mine && holderAway && !closed && (
          <span className="away-badge" data-testid="role-away" title={`${holder.name} is not connected to this incident`}>
            away
          </span>
        )}
        <div className="role-actions" ref={actionsRef}>
          {closed ? null : mine ? (
            <>
              <button type="button" className="small-button" disabled={pending} onClick={() => setDialog('handOff')} aria-label={`Hand off ${definition.name}`}>
                Hand off
              </button>
              <button
                type="button"
                className="small-button"
                disabled={pending}
                aria-label={`Release ${definition.name}`}
                onClick={() => void run({ type: 'releaseRole', incidentId, role })}
              >
                Release
              </button>
            </>
          ) : (
            <>
              {commanding && (
                <button type="button" className="small-button" disabled={pending} aria-label={`Reassign ${definition.name}`} onClick={() => setDialog('reassign')}>
                  Reassign
                </button>
              )}
              {holder && holderAway && !commanding ? (
                <button type="button" className="small-button primary" disabled={pending} aria-label={`Take over ${definition.name}`} onClick={() => setDialog('takeOver')}>
                  Take over
                </button>
              ) : (
                // Offered even when someone holds the role: two people may click at once, and the
                // refusal (naming the holder) is the answer the loser needs.
                <button
                  type="button"
                  className={`small-button${holder ? '' : ' primary'}`}
                  disabled={pending}
                  aria-label={`Claim ${definition.name}`}
                  onClick={() => void act(() => run({ type: 'claimRole', incidentId, role }))}
                >
                  Claim
                </button>
              )}
            </>
          )}
        </div>
      </div>
      {flagSince !== null && <UnclaimedRoleFlag declaredAt={flagSince} />}
      {handOff && <HandOffNote key={handOff.id} handOff={handOff} />}
      {takenFromMe && (
        <p className="role-taken" role="status" data-testid="role-taken">
          {takenFromMe.type === 'role.takenOver'
            ? `${takenFromMe.actor.name} took over ${definition.name} from you at ${shortTime(takenFromMe.at)}, while you were away.`
            : `${takenFromMe.actor.name} reassigned ${definition.name} from you to ${takenFromMe.to.name} at ${shortTime(takenFromMe.at)}${takenFromMe.note ? `: “${takenFromMe.note}”` : '.'}`}
        </p>
      )}
      {error && <RoleError message={error} onDismiss={clearError} />}
      <RoleChecklist doc={doc} role={role} label={definition.name} mine={mine} />
      {dialog === 'handOff' && holder && (
        <HandOffDialog
          role={role}
          holder={holder}
          people={people}
          onCancel={closeDialog}
          onHandOff={(toUserId, note) => answer(() => run({ type: 'handOffRole', incidentId, role, toUserId, note }))}
        />
      )}
      {dialog === 'reassign' && (
        <HandOffDialog
          verb="Reassign"
          role={role}
          holder={holder}
          people={people}
          onCancel={closeDialog}
          onHandOff={(toUserId, note) => answer(() => run({ type: 'assignRole', incidentId, role, toUserId, note }))}
        />
      )}
      {dialog === 'takeOver' && holder && (
        <TakeOverDialog role={role} holder={holder} onCancel={closeDialog} onTakeOver={() => answer(() => run({ type: 'takeOverRole', incidentId, role }))} />
      )}
    </li>
  );
}

/**
 * A role several people hold at once (issue 17), such as subject-matter leads: no arbitration,
 * so each person claims and releases their own place; the commander's reassigning is not offered.
 */
function SharedRoleRow({ incidentId, definition, roles, me, doc, closed }: { incidentId: string; definition: ModelRole; roles: Partial<Record<string, RoleHolder>>; me: Person; doc: Y.Doc; closed: boolean }) {
  const { run, pending, error, clearError } = useCommand();
  const holders = Object.entries(roles).flatMap(([key, holder]) => (holder && roleOfHolderKey(key) === definition.key && key !== definition.key ? [holder] : []));
  const mine = holders.some((h) => h.id === me.id);
  return (
    <li className={`role-row${mine ? ' mine' : ''}${holders.length ? '' : ' vacant'}`} data-testid={`role-${definition.key}`} data-holders={holders.map((h) => h.id).join(' ')}>
      <div className="role-line">
        <span className="role-label" title={definition.description || undefined}>
          {definition.name}
        </span>
        {mine && <span className="you-badge">you</span>}
      </div>
      <div className="role-line">
        <span className="role-holder" data-testid="role-holder">
          {holders.length ? holders.map((h) => h.name).join(', ') : <span className="muted">unassigned</span>}
        </span>
        <div className="role-actions">
          {!closed && (
            <button
              type="button"
              className={`small-button${mine || holders.length ? '' : ' primary'}`}
              disabled={pending}
              aria-label={`${mine ? 'Release' : 'Claim'} ${definition.name}`}
              onClick={() => void run({ type: mine ? 'releaseRole' : 'claimRole', incidentId, role: definition.key })}
            >
              {mine ? 'Release' : 'Claim'}
            </button>
          )}
        </div>
      </div>
      {error && <RoleError message={error} onDismiss={clearError} />}
      <RoleChecklist doc={doc} role={definition.key} label={definition.name} mine={mine} />
    </li>
  );
}

/** A refused role command's answer (it names the holder), until dismissed or overtaken. */
function RoleError({ message, onDismiss }: { message: string; onDismiss: () => void }) {
  return (
    <p className="role-error" role="alert" data-testid="role-error">
      {message}
      <button type="button" className="link-button" aria-label="Dismiss" onClick={onDismiss}>
        ×
      </button>
    </p>
  );
}
