/**
 * Timeline events in words, written once for every view (issue 20: the room's replay and the
 * Markdown export each had their own wording, and it had drifted). A view passes its style: how
 * people's own text is written (as is on screen, escaped in Markdown), how a time reads.
 */
import type { IncidentEvent, PageRecord } from './documents.ts';
import { heartbeatSource } from './documents.ts';
import type { IncidentDefinitions } from './incidentModel.ts';
import { roleLabel } from './roles.ts';

export interface EventTextStyle {
  /** Text people or alerts wrote: names, titles, notes. */
  text(value: string): string;
  /** A moment, as the view shows times. */
  time(at: number): string;
}

/** Why someone was paged, in words. */
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

/** To the second below an hour ("0 min" said nothing of a 40-second acknowledgement). */
export function durationText(ms: number): string {
  const seconds = Math.round(Math.max(0, ms) / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds % 60 ? `${minutes} min ${seconds % 60} s` : `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
}

/** A key in words, by the incident's definitions (issue 17). */
const named = (list: Array<{ key: string; name: string }>, key: string) => list.find((d) => d.key === key)?.name ?? key;

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** What happened, without the actor (every view shows who beside it). */
export function describeEvent(e: IncidentEvent, defs: IncidentDefinitions, style: EventTextStyle): string {
  const t = style.text;
  const role = (key: string) => roleLabel(key, defs);
  const status = (key: string) => named(defs.statuses, key);
  const severity = (key: string) => named(defs.severities, key);
  const note = (text: string) => (text ? `: “${t(text)}”` : '');
  switch (e.type) {
    case 'declared':
      return `declared the incident “${t(e.title)}” at ${severity(e.severity)}`;
    case 'role.claimed':
      return `claimed ${role(e.role)}`;
    case 'role.released':
      return `released ${role(e.role)}${e.holder.id !== e.actor.id ? ` (held by ${t(e.holder.name)})` : ''}`;
    case 'role.handedOff':
      return `handed ${role(e.role)} from ${t(e.from.name)} to ${t(e.to.name)}${note(e.note)}`;
    case 'role.reassigned':
      return `reassigned ${role(e.role)}${e.from ? ` from ${t(e.from.name)}` : ''} to ${t(e.to.name)}${note(e.note)}`;
    case 'role.takenOver':
      return `took over ${role(e.role)} from ${t(e.from.name)}${e.to.id !== e.actor.id ? ` for ${t(e.to.name)}` : ''} (away ${durationText(e.awayMs)})`;
    case 'role.assigned':
      return `assigned ${role(e.role)} to ${t(e.holder.name)} from the on-call ${e.source === 'schedule' ? 'schedule' : 'roster'}`;
    case 'sme.added':
      return `added ${t(e.sme.name)} as ${t(e.sme.domain)} expert`;
    case 'sme.removed':
      return `removed ${t(e.sme.name)} (${t(e.sme.domain)} expert)`;
    case 'severity.changed':
      return `changed severity ${severity(e.from)} → ${severity(e.to)}`;
    case 'status.changed':
      return `changed status ${status(e.from)} → ${status(e.to)}`;
    case 'field.changed':
      return e.value === undefined
        ? `changed ${t(e.name)}`
        : e.value === null
          ? `cleared ${t(e.name)}`
          : `set ${t(e.name)} to ${Array.isArray(e.value) ? e.value.map(t).join(', ') : t(String(e.value))}`;
    case 'update.published':
      return 'published a stakeholder update';
    case 'acknowledged':
      return 'acknowledged the incident';
    case 'privacy.changed':
      return e.private ? 'made the incident private to its members' : 'opened the incident to every responder';
    case 'member.added':
      return `added ${t(e.member.name)} as a member`;
    case 'member.removed':
      return `removed ${t(e.member.name)} from the members`;
    case 'transcript.visibility':
      return e.hidden ? 'hid the transcript from stakeholders' : 'shared the transcript with stakeholders';
    case 'paged':
      return `paged ${t(e.target.name)} (${t(pageReason(e))})`;
    case 'escalated':
      return `escalated: not acknowledged within ${durationText(e.afterMs)}${e.to ? `, paging ${t(e.to.name)}` : ', and nobody on call to page'}`;
    case 'update.reminder':
      return `reminded ${e.to ? t(e.to.name) : 'the room'} that a stakeholder update is due`;
    case 'heartbeat.missed':
      return `no heartbeat from the alert pipeline since ${style.time(e.lastAt)} (${heartbeatSource(e.via)})`;
    case 'heartbeat.resumed':
      return `heartbeats resumed (${heartbeatSource(e.via)}) after ${durationText(e.silentMs)} of silence`;
    case 'alert.firing':
      return `${plural(e.count, 'alert')} firing from ${e.source}: ${e.names.map(t).join(', ')}`;
    case 'alert.resolved':
      return `${plural(e.count, 'alert')} resolved in ${e.source}: ${e.names.map(t).join(', ')}`;
    case 'alert.acknowledged':
      return `${plural(e.count, 'alert')} acknowledged in ${e.source} (the incident still needs a person to acknowledge): ${e.names.map(t).join(', ')}`;
    case 'notification':
      return e.method
        ? `${e.method} to ${t(e.target.name)} (${t(e.address ?? '')}, rule ${e.step + 1}): ${e.outcome}${e.detail ? `, ${t(e.detail)}` : ''}`
        : `${t(e.target.name)} reached only in the browser: ${t(e.detail ?? 'no contact method')}`;
    case 'statusPage.changed':
      return e.statusPage ? `put the incident on the status page${e.title ? ` as “${t(e.title)}”` : ''}` : 'took the incident off the status page';
    case 'statusUpdate.published':
      return `published on the status page (${e.status}): “${t(e.text)}”`;
    case 'followUp.added':
      return 'added a follow-up';
    case 'postmortem.published':
      return 'published the postmortem';
    default:
      // A newer server may record types an older client does not know yet.
      return (e as { type: string }).type;
  }
}
