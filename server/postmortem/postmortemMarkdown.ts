/**
 * The postmortem as Markdown (issue 20). Every text people wrote goes through the incident
 * export's `inline`, so it reads as itself in any CommonMark renderer: no heading, link or list of
 * its own. Sections keep the formats their writers gave them (bold, lists, headings, links, code),
 * rendered by shared/richText.ts with the text between escaped the same way. Times are UTC,
 * labelled once at the top; durations from eventText.
 */
import { describeEvent, durationText } from '../../shared/eventText.ts';
import { hasText, richTextToMarkdown } from '../../shared/richText.ts';
import { inline } from '../export/postmortemMarkdown.ts';
import type { PostmortemView } from './postmortemView.ts';
import { impactLines, reviewLine, utc } from './postmortemWords.ts';
import { roleLine } from './roleHistory.ts';

const MARKDOWN = { text: (value: string) => inline(value), time: utc };

export function renderPostmortemMarkdown(v: PostmortemView): string {
  const out = [
    `# Postmortem: ${inline(v.meta.title)}`,
    '',
    `- Incident: ${inline(v.meta.id)}${v.meta.service ? `, service ${inline(v.meta.service)}` : ''}`,
    `- Review: ${inline(reviewLine(v))}`,
    '- All times are in UTC.',
    '',
    '## Impact window',
    '',
    ...impactLines(v).map((line) => `- ${inline(line)}`),
    '',
    '## Roles',
    '',
    ...(v.roles.length ? v.roles.map((g) => `- ${roleLine(g, MARKDOWN)}`) : ['_No roles were claimed._']),
    '',
  ];
  for (const s of v.sections) out.push(`## ${inline(s.title)}`, '', hasText(s.lines) ? richTextToMarkdown(s.lines) : '_Nothing written yet._', '');
  out.push('## Key decisions', '');
  if (v.decisions.length === 0) out.push('_None recorded._');
  for (const d of v.decisions) out.push(`- ${utc(d.at)}${d.author ? `, ${inline(d.author)}` : ''}: ${inline(d.text)}`);
  out.push('', '## Highlighted timeline', '');
  if (v.highlights.length === 0) out.push('_Nothing highlighted._');
  for (const h of v.highlights) {
    const line = 'event' in h ? `**${inline(h.event.actor.name)}** ${describeEvent(h.event, v.defs, MARKDOWN)}` : `${inline(h.entry.kind)}: ${inline(h.entry.text)}`;
    out.push(`- ${utc(h.at)} (${durationText(h.at - v.meta.createdAt)} after declaration) ${line}`);
  }
  out.push('', '## Review comments', '');
  if (v.comments.length === 0) out.push('_None._');
  for (const c of v.comments) {
    out.push(`- ${utc(c.at)}, ${inline(c.author.name)} on ${inline(c.section)}${c.quote ? ` ("${inline(c.quote)}")` : ''}: ${inline(c.text)}`);
  }
  return out.join('\n') + '\n';
}
