/** Timeline events in words, for the replay's timeline (the Markdown export has its own). */
import type { IncidentEvent, PageRecord } from '../../../shared/documents.ts';
import { heartbeatSource } from '../../../shared/documents.ts';
import { roleLabel } from '../../../shared/roles.ts';
import type { IncidentDefinitions } from '../../../shared/incidentModel.ts';
import { clockTime, shortDuration } from './time.ts';

/** A key in words, by the incident's definitions (issue 17). */
const named = (list: Array<{ key: string; name: string }>, key: string) => list.find((d) => d.key === key)?.name ?? key;

export function pageReason(page: Pick<PageRecord, 'reason' | 'domain'>): string {
  switch (page.reason) {
    case 'declared':
      return 'on call';
    case 'escalation':
      return 'escalation';
    case 'sme':
      return page.domain ? `${page.domain} expert` : 'expert';
  }
}

/** What happened, without the actor (shown beside it). */
export function describeEvent(e: IncidentEvent, defs: IncidentDefinitions): string {
  const status = (s: string) => named(defs.statuses, s);
  const severity = (s: string) => named(defs.severities, s);
  switch (e.type) {
    case 'declared':
      return `declared “${e.title}” at ${severity(e.severity)}`;
    case 'role.claimed':
      return `claimed ${roleLabel(e.role, defs)}`;
    case 'role.released':
      return `released ${roleLabel(e.role, defs)}${e.holder.id !== e.actor.id ? ` (held by ${e.holder.name})` : ''}`;
    case 'role.handedOff':
      return `handed ${roleLabel(e.role, defs)} from ${e.from.name} to ${e.to.name}${e.note ? `: “${e.note}”` : ''}`;
    case 'role.reassigned':
      return `reassigned ${roleLabel(e.role, defs)}${e.from ? ` from ${e.from.name}` : ''} to ${e.to.name}${e.note ? `: “${e.note}”` : ''}`;
    case 'role.takenOver':
      return `took over ${roleLabel(e.role, defs)} from ${e.from.name}${e.to.id !== e.actor.id ? ` for ${e.to.name}` : ''} (away ${shortDuration(e.awayMs)})`;
    case 'role.assigned':
      return `assigned ${roleLabel(e.role, defs)} to ${e.holder.name} from the on-call ${e.source === 'schedule' ? 'schedule' : 'roster'}`;
    case 'sme.added':
      return `added ${e.sme.name} as ${e.sme.domain} expert`;
    case 'sme.removed':
      return `removed ${e.sme.name} (${e.sme.domain})`;
    case 'severity.changed':
      return `changed severity ${severity(e.from)} → ${severity(e.to)}`;
    case 'status.changed':
      return `changed status ${status(e.from)} → ${status(e.to)}`;
    case 'field.changed':
      return e.value === undefined ? `changed ${e.name}` : e.value === null ? `cleared ${e.name}` : `set ${e.name} to ${Array.isArray(e.value) ? e.value.join(', ') : e.value}`;
    case 'update.published':
      return 'published a stakeholder update';
    case 'acknowledged':
      return 'acknowledged the incident';
    case 'privacy.changed':
      return e.private ? 'made the incident private to its members' : 'opened the incident to every responder';
    case 'member.added':
      return `added ${e.member.name} as a member`;
    case 'member.removed':
      return `removed ${e.member.name} from the members`;
    case 'transcript.visibility':
      return e.hidden ? 'hid the transcript from stakeholders' : 'shared the transcript with stakeholders';
    case 'paged':
      return `paged ${e.target.name} (${pageReason(e)})`;
    case 'escalated':
      return `escalated: not acknowledged within ${shortDuration(e.afterMs)}${e.to ? `, paging ${e.to.name}` : ', and nobody on call to page'}`;
    case 'update.reminder':
      return `reminded ${e.to ? e.to.name : 'the room'} that a stakeholder update is due`;
    case 'heartbeat.missed':
      return `no heartbeat from the alert pipeline since ${clockTime(e.lastAt)} (${heartbeatSource(e.via)})`;
    case 'heartbeat.resumed':
      return `heartbeats resumed (${heartbeatSource(e.via)}) after ${shortDuration(e.silentMs)} of silence`;
    case 'alert.firing':
      return `${e.count} alert${e.count === 1 ? '' : 's'} firing from ${e.source}: ${e.names.join(', ')}`;
    case 'alert.resolved':
      return `${e.count} alert${e.count === 1 ? '' : 's'} resolved in ${e.source}: ${e.names.join(', ')}`;
    case 'alert.acknowledged':
      return `${e.count} alert${e.count === 1 ? '' : 's'} acknowledged in ${e.source} (the incident still needs a person to acknowledge): ${e.names.join(', ')}`;
    case 'notification':
      return e.method
        ? `${e.method} to ${e.target.name} (${e.address ?? ''}, rule ${e.step + 1}): ${e.outcome}${e.detail ? `, ${e.detail}` : ''}`
        : `${e.target.name} reached only in the browser: ${e.detail ?? 'no contact method'}`;
    default:
      // A newer server may record types this client does not know yet.
      return (e as { type: string }).type;
  }
}
