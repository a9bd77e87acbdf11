/**
 * What the chat tools hear of an incident (issue 14): the timeline events worth a post, as
 * plain, tool-neutral announcements that each adapter renders (Block Kit, Mattermost
 * attachments, an Adaptive Card), escaping the text for its tool. Built inside the transaction
 * that records the events, from the state it wrote, so a post exists exactly when its event does.
 */
import type { IncidentEvent, IncidentMeta } from '../../../shared/documents.ts';
import { severityDefinition, severityRank, statusCategory } from '../../../shared/incidentModel.ts';
import type { IncidentDefinitions } from '../../../shared/incidentModel.ts';
import type { IncidentSummary } from '../../../shared/incident.ts';
import { roleLabel } from '../../../shared/roles.ts';
import type { SingleHolderRole } from '../../../shared/roles.ts';
import type { StateMaps } from '../../../shared/stateDoc.ts';
import { definitionsOf } from '../../../shared/stateDoc.ts';

/** A button on a post; each tool's adapter turns it into its own kind of button. */
export type ChatButton = { action: 'acknowledge' } | { action: 'claim'; role: SingleHolderRole } | { action: 'open' };

export interface Announcement {
  incident: Pick<IncidentSummary, 'id' | 'title' | 'severity' | 'status' | 'statusCategory' | 'private'> & {
    url: string;
    /** The severity's colour in the incident's model (#rrggbb) and its rank (0 the most severe), for tools that colour posts. */
    colour: string;
    rank: number;
  };
  eventId: string;
  eventType: IncidentEvent['type'];
  at: number;
  /** One line, plain text: "Ana Lopez claimed Incident commander". */
  text: string;
  /** Longer text shown below (a stakeholder update's words), plain. */
  detail: string | null;
  /** The declaration starts the incident's thread. */
  opensThread: boolean;
  buttons: ChatButton[];
}

/** Roles a fresh incident most needs: offered as buttons while nobody holds them. */
const OFFERED_ROLES: readonly SingleHolderRole[] = ['commander', 'scribe'];

export function announcementsOf(summary: IncidentSummary, events: readonly IncidentEvent[], maps: StateMaps, url: string): Announcement[] {
  const defs = definitionsOf(maps.meta.toJSON() as IncidentMeta);
  const incident = {
    id: summary.id,
    title: summary.title,
    severity: summary.severity,
    status: summary.status,
    statusCategory: summary.statusCategory,
    private: summary.private,
    url,
    colour: severityDefinition(defs, summary.severity)?.colour ?? '#888888',
    rank: severityRank(defs, summary.severity),
  };
  const vacantButtons = (): ChatButton[] =>
    OFFERED_ROLES.filter((role) => defs.roles.some((r) => r.key === role) && !maps.roles.has(role)).map((role) => ({ action: 'claim', role }));
  const ackButton = (): ChatButton[] => (summary.acknowledgedAt === null ? [{ action: 'acknowledge' }] : []);
  const out: Announcement[] = [];
  for (const event of events) {
    const said = describe(event, maps, defs);
    if (!said) continue;
    const buttons: ChatButton[] =
      event.type === 'declared' ? [...ackButton(), ...vacantButtons(), { action: 'open' }] : event.type === 'paged' ? [...ackButton(), { action: 'open' }] : [{ action: 'open' }];
    out.push({ incident, eventId: event.id, eventType: event.type, at: event.at, text: said.text, detail: said.detail ?? null, opensThread: event.type === 'declared', buttons });
  }
  return out;
}

function describe(e: IncidentEvent, maps: StateMaps, defs: IncidentDefinitions): { text: string; detail?: string } | null {
  const who = e.actor.name;
  switch (e.type) {
    case 'declared':
      return { text: `${who} declared ${e.severity}: ${e.title}` };
    case 'acknowledged':
      return { text: `${who} acknowledged` };
    case 'role.claimed':
      return { text: `${who} is ${roleLabel(e.role, defs)}` };
    case 'role.released':
      return { text: `${e.holder.name} is no longer ${roleLabel(e.role, defs)}` };
    case 'role.handedOff':
      return { text: `${e.from.name} handed ${roleLabel(e.role, defs)} to ${e.to.name}` };
    case 'role.reassigned':
      return { text: `${who} made ${e.to.name} ${roleLabel(e.role, defs)}` };
    case 'role.takenOver':
      return { text: `${e.to.name} took over ${roleLabel(e.role, defs)} from ${e.from.name}` };
    case 'role.assigned':
      return { text: `${e.holder.name} is ${roleLabel(e.role, defs)} (on call)` };
    case 'severity.changed':
      return { text: `${who} changed severity ${e.from} → ${e.to}` };
    case 'status.changed':
      return { text: statusCategory(defs, e.to) === 'resolved' ? `${who} resolved the incident` : `${who} changed status ${e.from} → ${e.to}` };
    case 'update.published': {
      const update = maps.updates.toArray().find((u) => u.id === e.updateId);
      return { text: `${who} published a stakeholder update`, detail: update?.text ?? '' };
    }
    case 'paged':
      return { text: `Paged ${e.target.name}${e.reason === 'sme' && e.domain ? ` (${e.domain} expert)` : e.reason === 'escalation' ? ' (escalation)' : ''}` };
    case 'escalated':
      return { text: e.to ? `Not acknowledged in time: escalated to ${e.to.name}` : 'Not acknowledged in time, and nobody left to escalate to' };
    default:
      return null;
  }
}
