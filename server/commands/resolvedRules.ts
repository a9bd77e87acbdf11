/**
 * What resolution means (issue 12). A resolved incident is closed: its roles, severity and
 * experts stay as they were at the end, so the record reads as it happened. What still makes
 * sense after the end stays open: the final stakeholder update, hiding or sharing the
 * transcript, and reopening it by changing the status back.
 */
import type { IncidentMeta } from '../../shared/documents.ts';
import type { StateMaps } from '../../shared/stateDoc.ts';
import { isResolved } from '../../shared/stateDoc.ts';
import { CommandError } from './CommandError.ts';

export function refuseWhenResolved(maps: StateMaps, what: string): void {
  if (isResolved(maps.meta.toJSON() as IncidentMeta)) {
    throw new CommandError('conflict', `this incident is resolved, so its ${what} no longer change; reopen it (set the status back) first`);
  }
}
