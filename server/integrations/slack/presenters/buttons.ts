/**
 * The buttons on the bot's posts, both ways: an announcement's tool-neutral buttons become Block
 * Kit buttons whose action_id says what to do and whose value names the incident; a press is read
 * back into the request the door runs. Both directions live here so they cannot drift.
 */
import { INCIDENT_ID_PATTERN } from '../../../../shared/incident.ts';
import { roleLabel, SINGLE_HOLDER_ROLES } from '../../../../shared/roles.ts';
import type { SingleHolderRole } from '../../../../shared/roles.ts';
import type { ChatButton } from '../../chat/announcements.ts';
import type { ChatRequest } from '../../chat/commandText.ts';
import { plainText } from './blocks.ts';
import type { ButtonElement } from './blocks.ts';

const ACKNOWLEDGE = 'incident:acknowledge';
const CLAIM = 'incident:claim:';
/** A URL button: Slack opens the room itself and still tells the app it was pressed. */
const OPEN = 'incident:open';

export function buttonOf(button: ChatButton, incident: { id: string; url: string }): ButtonElement {
  switch (button.action) {
    case 'acknowledge':
      return { type: 'button', text: plainText('Acknowledge'), action_id: ACKNOWLEDGE, value: incident.id, style: 'primary' };
    case 'claim':
      return { type: 'button', text: plainText(`Claim ${roleLabel(button.role)}`), action_id: `${CLAIM}${button.role}`, value: incident.id };
    case 'open':
      return { type: 'button', text: plainText('Open the room'), action_id: OPEN, url: incident.url };
  }
}

export type ButtonPress = { incidentId: string; request: Extract<ChatRequest, { incidentId: string | null }> } | { ignore: true };

/** What a pressed button asks for; a URL button, or anything this app did not send, asks nothing. */
export function pressOf(actionId: string, value: string | undefined): ButtonPress {
  const incidentId = value ?? '';
  if (!INCIDENT_ID_PATTERN.test(incidentId)) return { ignore: true };
  if (actionId === ACKNOWLEDGE) return { incidentId, request: { verb: 'ack', incidentId } };
  if (actionId.startsWith(CLAIM)) {
    const role = actionId.slice(CLAIM.length);
    if ((SINGLE_HOLDER_ROLES as readonly string[]).includes(role)) return { incidentId, request: { verb: 'claim', role: role as SingleHolderRole, incidentId } };
  }
  return { ignore: true };
}
