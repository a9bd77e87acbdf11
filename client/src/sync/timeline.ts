/**
 * Answers the room needs from the state document's timeline (server-written, append-only).
 */
import type { IncidentEvent } from '../../../shared/documents.ts';
import type { SingleHolderRole } from '../../../shared/roles.ts';

export type HandOffEvent = Extract<IncidentEvent, { type: 'role.handedOff' }>;
export type EscalationEvent = Extract<IncidentEvent, { type: 'escalated' }>;

const ROLE_CHANGES = new Set<IncidentEvent['type']>(['role.claimed', 'role.released', 'role.handedOff', 'role.assigned', 'role.reassigned', 'role.takenOver']);

/**
 * The hand-off that gave `userId` the role they hold now, or null: only when the latest change
 * of the role was a hand-off to them (a later release and claim makes the note history).
 */
export function handOffToHolder(events: IncidentEvent[], role: SingleHolderRole, userId: string): HandOffEvent | null {
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i]!;
    if (!ROLE_CHANGES.has(event.type) || !('role' in event) || event.role !== role) continue;
    return event.type === 'role.handedOff' && event.to.id === userId ? event : null;
  }
  return null;
}

export type RoleTakenEvent = Extract<IncidentEvent, { type: 'role.takenOver' | 'role.reassigned' }>;

/** The take-over or reassignment that took `role` from `userId`, while it is still the role's latest change. */
export function roleTakenFrom(events: IncidentEvent[], role: SingleHolderRole, userId: string): RoleTakenEvent | null {
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i]!;
    if (!ROLE_CHANGES.has(event.type) || !('role' in event) || event.role !== role) continue;
    return (event.type === 'role.takenOver' || event.type === 'role.reassigned') && event.from?.id === userId ? event : null;
  }
  return null;
}

export function escalations(events: IncidentEvent[]): EscalationEvent[] {
  return events.filter((e): e is EscalationEvent => e.type === 'escalated');
}
