/**
 * The Markdown export, written to read as a postmortem draft: summary, clocks, who held each
 * role when (grouped by role), one timeline merging events and transcript in time order, actions and updates.
 */
import { describeEvent, durationText } from '../../shared/eventText.ts';
import { isEmptyValue, severityDefinition, statusCategory } from '../../shared/incidentModel.ts';
import type { FieldValue, IncidentDefinitions } from '../../shared/incidentModel.ts';
import { escapeMarkdown, unblockLine } from '../../shared/richText.ts';
import { definitionsOf } from '../../shared/stateDoc.ts';
import type { IncidentExport } from '../../shared/incidentExport.ts';
import { roleGroups, roleLine } from '../postmortem/roleHistory.ts';

/** Times stored before the server checked them (issue 11) may be past what a Date holds. */
function iso(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? 'unknown time' : date.toISOString().replace('.000Z', 'Z');
}

/**
 * Text is written by people (and alerts): it must read as itself in every renderer the draft is
 * pasted into, never as structure (issue 11); shared/richText.ts escapes it, as it does the
 * postmortem's sections. One line: CommonMark ends lines at \n, \r and \r\n alike.
 */
export const inline = (text: string) => escapeMarkdown(text.replace(/\s*[\r\n]\s*/g, ' '));

/** Several lines (a summary, the notes): each kept, none able to open a block of its own. */
export const block = (text: string) =>
  text
    .split(/\r\n|\r|\n/)
    .map((line) => unblockLine(escapeMarkdown(line.trimStart())))
    .join('\n');

/** The room's wording of every event, with people's text escaped for Markdown and times in UTC. */
const MARKDOWN = { text: (value: string) => inline(value), time: iso };

/** Custom fields (issue 17), in the order the incident's model lists them, with their names. */
function fieldLines(x: IncidentExport, defs: IncidentDefinitions): string[] {
  const set = defs.fields.filter((f) => !isEmptyValue(x.fields?.[f.key]));
  if (!set.length) return [];
  const show = (value: FieldValue, person: (id: string) => string) =>
    Array.isArray(value) ? value.map(inline).join(', ') : typeof value === 'number' ? String(value) : inline(person(value));
  const personName = (id: string) => x.people.find((p) => p.id === id)?.name ?? id;
  return ['## Fields', '', ...set.map((f) => `- ${inline(f.name)}: ${show(x.fields[f.key]!, f.kind === 'person' ? personName : (v) => v)}`), ''];
}

export function renderPostmortem(x: IncidentExport): string {
  const m = x.incident;
  const defs = definitionsOf(m);
  const severityName = severityDefinition(defs, m.severity)?.name ?? m.severity;
  const statusName = (key: string) => defs.statuses.find((s) => s.key === key)?.name ?? key;
  const clock = (label: string, at: number | null | undefined) =>
    `- ${label}: ${at ? `${iso(at)} (${durationText(at - m.createdAt)} after declaration)` : 'not yet'}`;
  const timeline = [
    ...x.events.map((e) => ({ at: e.at, line: `**${inline(e.actor.name)}** ${describeEvent(e, defs, MARKDOWN)}` })),
    ...x.transcript.map((t) => ({ at: t.at, line: `**${inline(t.author?.name ?? 'unknown')}** [${inline(t.kind)}] ${inline(t.text)}` })),
  ].sort((a, b) => a.at - b.at);
  const roles = roleGroups(x.events, defs).map((g) => `- ${roleLine(g, MARKDOWN)}`);

  return [
    `# Postmortem draft: ${inline(m.title)}`,
    '',
    `Incident \`${m.id}\`${m.service ? ` on ${inline(m.service)}` : ''}. ${defs.type.key === 'default' && defs.version === 'default' ? '' : `Type ${inline(defs.type.name)}. `}Severity ${inline(severityName)}, status ${inline(statusName(m.status))}.`,
    '',
    '## Summary and impact',
    '',
    m.summary ? block(m.summary) : '_To be written: what happened, who was affected and for how long._',
    '',
    ...fieldLines(x, defs),
    '## Clocks',
    '',
    `- Declared: ${iso(m.createdAt)} by ${inline(m.createdBy.name)}`,
    clock('Acknowledged', m.acknowledgedAt),
    clock('Mitigated', m.mitigatedAt ?? x.events.find((e) => e.type === 'status.changed' && ['mitigated', 'resolved'].includes(statusCategory(defs, e.to)))?.at),
    clock('Resolved', m.resolvedAt),
    '',
    '## Roles',
    '',
    ...(roles.length ? roles : ['_No roles were claimed._']),
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
    // The type's template is the team's own Markdown, from its model file: kept as written.
    ...(defs.type.postmortemTemplate ? [`## Postmortem (${inline(defs.type.name)} template)`, '', defs.type.postmortemTemplate.trim(), ''] : []),
  ].join('\n');
}
