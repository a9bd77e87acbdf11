/**
 * The Markdown export, written to read as a postmortem draft: summary, clocks, who held which
 * role when, one timeline merging events and transcript in time order, actions and updates.
 */
import type { IncidentEvent } from '../../shared/documents.ts';
import { heartbeatSource } from '../../shared/documents.ts';
import { ROLES } from '../../shared/roles.ts';
import type { IncidentExport } from '../../shared/incidentExport.ts';

/** Times stored before the server checked them (issue 11) may be past what a Date holds. */
function iso(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? 'unknown time' : date.toISOString().replace('.000Z', 'Z');
}

export function formatDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${minutes % 60} min`;
}

/**
 * Text is written by people (and alerts): it must read as itself in every renderer the draft is
 * pasted into, never as structure (issue 11). Every character CommonMark or its common
 * extensions give a meaning inline is backslash-escaped: emphasis, code, links and images,
 * autolinks and raw HTML, entities (`&`), tables, strikethrough.
 */
const INLINE_SYNTAX = /[\\`*_[\]<>|#&!~]/g;
/** What makes a line a block (list item, heading underline, thematic break) where it starts it. */
const BLOCK_START = /^(?:[-+=]|\d+(?=[.)]))/;

/** One line: CommonMark ends lines at \n, \r and \r\n alike. */
const inline = (text: string) => text.replace(/\s*[\r\n]\s*/g, ' ').replace(INLINE_SYNTAX, '\\$&');

/** Several lines (a summary, the notes): each kept, none able to open a block of its own. */
const block = (text: string) =>
  text
    .split(/\r\n|\r|\n/)
    .map((line) => line.trimStart().replace(INLINE_SYNTAX, '\\$&').replace(BLOCK_START, (start) => (/\d/.test(start) ? `${start}\\` : `\\${start}`)))
    .join('\n');

function describeEvent(e: IncidentEvent): string {
  switch (e.type) {
    case 'declared':
      return `declared the incident "${inline(e.title)}" at ${e.severity}`;
    case 'role.claimed':
      return `claimed ${ROLES[e.role].label}`;
    case 'role.released':
      return `released ${ROLES[e.role].label}${e.holder.id !== e.actor.id ? ` (held by ${inline(e.holder.name)})` : ''}`;
    case 'role.handedOff':
      return `handed ${ROLES[e.role].label} from ${inline(e.from.name)} to ${inline(e.to.name)}${e.note ? `: ${inline(e.note)}` : ''}`;
    case 'role.reassigned':
      return `reassigned ${ROLES[e.role].label}${e.from ? ` from ${inline(e.from.name)}` : ''} to ${inline(e.to.name)}${e.note ? `: ${inline(e.note)}` : ''}`;
    case 'role.takenOver':
      return `took over ${ROLES[e.role].label} from ${inline(e.from.name)}, away ${formatDuration(e.awayMs)}, for ${inline(e.to.name)}`;
    case 'sme.added':
      return `added SME ${inline(e.sme.name)} (${inline(e.sme.domain)})`;
    case 'sme.removed':
      return `removed SME ${inline(e.sme.name)} (${inline(e.sme.domain)})`;
    case 'severity.changed':
      return `changed severity ${e.from} → ${e.to}`;
    case 'status.changed':
      return `changed status ${e.from} → ${e.to}`;
    case 'update.published':
      return 'published a stakeholder update';
    case 'acknowledged':
      return 'acknowledged the incident';
    case 'transcript.visibility':
      return e.hidden ? 'hid the transcript from stakeholders' : 'shared the transcript with stakeholders';
    case 'role.assigned':
      return `assigned ${ROLES[e.role].label} to ${inline(e.holder.name)} from the on-call roster`;
    case 'paged':
      return `paged ${inline(e.target.name)}${e.reason === 'escalation' ? ' (escalation)' : e.reason === 'sme' ? ` as ${inline(e.domain ?? '')} expert` : ''}`;
    case 'escalated':
      return `escalated: not acknowledged within ${formatDuration(e.afterMs)}${e.to ? `, paging ${inline(e.to.name)}` : ', and no secondary to page'}`;
    case 'update.reminder':
      return `reminded ${e.to ? inline(e.to.name) : 'the room'} that a stakeholder update is due`;
    case 'heartbeat.missed':
      return `noticed no heartbeat from the alert pipeline since ${iso(e.lastAt)} (${heartbeatSource(e.via)})`;
    case 'heartbeat.resumed':
      return `saw heartbeats resume (${heartbeatSource(e.via)}) after ${formatDuration(e.silentMs)}`;
    case 'alert.firing':
      return `received ${e.count} firing alert(s) from ${e.source}: ${e.names.map(inline).join(', ')}`;
    case 'alert.resolved':
      return `received ${e.count} resolved alert(s) from ${e.source}: ${e.names.map(inline).join(', ')}`;
    case 'privacy.changed':
      return e.private ? 'made the incident private to its members' : 'opened the incident to every responder';
    case 'member.added':
      return `added ${inline(e.member.name)} as a member`;
    case 'member.removed':
      return `removed ${inline(e.member.name)} from the members`;
  }
}

/** Who held each single-holder role and from when to when, rebuilt from the timeline. */
function roleHistory(x: IncidentExport): string[] {
  const lines: string[] = [];
  const open = new Map<string, { name: string; since: number }>();
  const close = (role: string, until: number | null) => {
    const held = open.get(role);
    if (!held) return;
    const label = ROLES[role as keyof typeof ROLES].label;
    lines.push(`- ${label}: ${inline(held.name)}, ${iso(held.since)} – ${until === null ? 'now' : iso(until)}`);
    open.delete(role);
  };
  for (const e of x.events) {
    if (e.type === 'role.claimed') open.set(e.role, { name: e.actor.name, since: e.at });
    if (e.type === 'role.released') close(e.role, e.at);
    if (e.type === 'role.assigned') open.set(e.role, { name: e.holder.name, since: e.at });
    if (e.type === 'role.handedOff' || e.type === 'role.reassigned' || e.type === 'role.takenOver') {
      close(e.role, e.at);
      open.set(e.role, { name: e.to.name, since: e.at });
    }
  }
  for (const role of [...open.keys()]) close(role, null);
  return lines;
}

export function renderPostmortem(x: IncidentExport): string {
  const m = x.incident;
  const mitigated = x.events.find((e) => e.type === 'status.changed' && (e.to === 'monitoring' || e.to === 'resolved'));
  const clock = (label: string, at: number | null | undefined) =>
    `- ${label}: ${at ? `${iso(at)} (${formatDuration(at - m.createdAt)} after declaration)` : 'not yet'}`;
  const timeline = [
    ...x.events.map((e) => ({ at: e.at, line: `**${inline(e.actor.name)}** ${describeEvent(e)}` })),
    ...x.transcript.map((t) => ({ at: t.at, line: `**${inline(t.author?.name ?? 'unknown')}** [${inline(t.kind)}] ${inline(t.text)}` })),
  ].sort((a, b) => a.at - b.at);

  return [
    `# Postmortem draft: ${inline(m.title)}`,
    '',
    `Incident \`${m.id}\`${m.service ? ` on ${inline(m.service)}` : ''}. Severity ${m.severity}, status ${m.status}.`,
    '',
    '## Summary and impact',
    '',
    m.summary ? block(m.summary) : '_To be written: what happened, who was affected and for how long._',
    '',
    '## Clocks',
    '',
    `- Declared: ${iso(m.createdAt)} by ${inline(m.createdBy.name)}`,
    clock('Acknowledged', m.acknowledgedAt),
    clock('Mitigated', mitigated?.at),
    clock('Resolved', m.resolvedAt),
    '',
    '## Roles',
    '',
    ...(roleHistory(x).length ? roleHistory(x) : ['_No roles were claimed._']),
    ...x.smes.map((s) => `- Subject-matter expert (${inline(s.domain)}): ${inline(s.name)}`),
    '',
    '## Timeline',
    '',
    ...timeline.map((t) => `- ${iso(t.at)} ${t.line}`),
    '',
    '## Action items',
    '',
    ...(x.actions.length
      ? x.actions.map((a) => `- [${a.status === 'done' ? 'x' : ' '}] ${inline(a.title)}${a.owner ? ` (owner: ${inline(a.owner.name)})` : ' (no owner)'}`)
      : ['_None recorded._']),
    '',
    '## Stakeholder updates',
    '',
    ...(x.updates.length ? x.updates.map((u) => `- ${iso(u.at)} ${u.severity}, ${u.status}, by ${inline(u.author.name)}: ${inline(u.text)}`) : ['_None published._']),
    '',
    ...(x.notes.trim() ? ['## Notes', '', block(x.notes.trim()), ''] : []),
  ].join('\n');
}
