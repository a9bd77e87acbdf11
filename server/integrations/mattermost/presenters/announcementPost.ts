/**
 * An announcement as an incoming webhook post (issue 14): a line of text and a message
 * attachment coloured by severity, whose title opens the room and whose buttons (Acknowledge,
 * Claim a role) come back to the actions endpoint signed (buttonSignature.ts). Without a command
 * token there is nobody to answer a button, so there are none.
 */
import { roleLabel } from '../../../../shared/roles.ts';
import type { Announcement, ChatButton } from '../../chat/announcements.ts';
import type { ButtonContext, ButtonSigner } from '../buttonSignature.ts';
import { mattermostPlain, mattermostText } from './markdown.ts';

export interface MattermostAction {
  id: string;
  type: 'button';
  name: string;
  style: 'primary' | 'default';
  integration: { url: string; context: ButtonContext };
}

export interface MattermostPost {
  text: string;
  attachments: Array<{
    fallback: string;
    color: string;
    title: string;
    title_link: string;
    text?: string;
    fields: Array<{ short: boolean; title: string; value: string }>;
    actions?: MattermostAction[];
  }>;
}

export interface PostButtons {
  signer: ButtonSigner;
  /** Where Mattermost sends a pressed button: the actions endpoint under PUBLIC_URL. */
  url: string;
}

const RESOLVED_COLOR = '#3db887';

export function announcementPost(a: Announcement, buttons: PostButtons | null): MattermostPost {
  const { incident } = a;
  const actions = buttons ? a.buttons.flatMap((b) => action(b, incident.id, buttons)) : [];
  return {
    text: mattermostText(a.text),
    attachments: [
      {
        fallback: mattermostPlain(`${incident.severity} ${incident.title}: ${a.text}`),
        color: incident.statusCategory === 'resolved' ? RESOLVED_COLOR : incident.colour,
        title: mattermostText(`${incident.severity} · ${incident.title}`),
        title_link: incident.url,
        ...(a.detail ? { text: mattermostText(a.detail) } : {}),
        fields: [
          { short: true, title: 'Severity', value: incident.severity },
          { short: true, title: 'Status', value: incident.status },
        ],
        ...(actions.length > 0 ? { actions } : {}),
      },
    ],
  };
}

/** The room's Open button is the attachment's title link: no request needed. */
function action(button: ChatButton, incidentId: string, buttons: PostButtons): MattermostAction[] {
  if (button.action === 'open') return [];
  const context = buttons.signer.context(button.action === 'claim' ? { action: 'claim', incidentId, role: button.role } : { action: 'acknowledge', incidentId });
  return [
    button.action === 'claim'
      ? { id: `claim${button.role}`, type: 'button', name: `Claim ${roleLabel(button.role)}`, style: 'default', integration: { url: buttons.url, context } }
      : { id: 'acknowledge', type: 'button', name: 'Acknowledge', style: 'primary', integration: { url: buttons.url, context } },
  ];
}
