/**
 * An announcement as the body a Teams Workflows webhook takes (issue 14): a message with one
 * Adaptive Card, as the "When a Teams webhook request is received" trigger documents it. Teams
 * cannot call the room back from a Workflows post, so its one action opens the room.
 */
import type { Announcement } from '../../chat/announcements.ts';
import { cardText } from './cardText.ts';

type TextBlock = { type: 'TextBlock'; text: string; wrap: true; weight?: 'Bolder'; size?: 'Medium'; color?: string; isSubtle?: boolean };
type FactSet = { type: 'FactSet'; facts: Array<{ title: string; value: string }> };

export interface WorkflowsMessage {
  type: 'message';
  attachments: Array<{
    contentType: 'application/vnd.microsoft.card.adaptive';
    contentUrl: null;
    content: {
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
      type: 'AdaptiveCard';
      version: string;
      body: Array<TextBlock | FactSet>;
      actions: Array<{ type: 'Action.OpenUrl'; title: string; url: string }>;
    };
  }>;
}

/** The version Microsoft's Workflows webhook documentation posts; this card needs nothing newer. */
const CARD_VERSION = '1.2';

/** Adaptive Cards name their colours: by the severity's rank in the incident's model. */
const RANK_COLORS = ['Attention', 'Attention', 'Warning'] as const;
const statusColor = (incident: Announcement['incident']) => (incident.statusCategory === 'resolved' ? 'Good' : (RANK_COLORS[incident.rank] ?? 'Accent'));

export function announcementCard(a: Announcement): WorkflowsMessage {
  const { incident } = a;
  const body: Array<TextBlock | FactSet> = [
    { type: 'TextBlock', text: cardText(`${incident.severity} · ${incident.title}`), wrap: true, weight: 'Bolder', size: 'Medium', color: statusColor(incident) },
    { type: 'TextBlock', text: cardText(a.text), wrap: true },
  ];
  if (a.detail) body.push({ type: 'TextBlock', text: cardText(a.detail), wrap: true, isSubtle: true });
  body.push({
    type: 'FactSet',
    facts: [
      { title: 'Severity', value: incident.severity },
      { title: 'Status', value: incident.status },
      { title: 'Incident', value: incident.id },
    ],
  });
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: CARD_VERSION,
          body,
          actions: [{ type: 'Action.OpenUrl', title: 'Open the room', url: incident.url }],
        },
      },
    ],
  };
}
