/**
 * Default role checklists, from common incident-command practice. They are copied into each
 * incident's responder document on declaration and co-edited there; a CHECKLISTS_FILE replaces them.
 */
import type { SingleHolderRole } from './roles.ts';

export const DEFAULT_CHECKLISTS: Record<SingleHolderRole, string[]> = {
  primary: ['Acknowledge the page', 'Confirm the impact', 'Start mitigation or escalate'],
  secondary: ['Join the room', 'Offer a second pair of eyes to the primary'],
  commander: ['Confirm severity', 'Assign a scribe', 'Assign communications', 'Set the next update time'],
  comms: ['Post the first stakeholder update', 'Keep to the update cadence', 'Announce resolution'],
  scribe: ['Record who is doing what', 'Record every decision and why', 'Collect action items'],
};

export interface ChecklistItemView {
  id: string;
  text: string;
  done: boolean;
}
