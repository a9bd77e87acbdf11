/**
 * The postmortem as a page that prints well to PDF (issue 20): one column, no scripts, every
 * string people wrote HTML-escaped; sections keep their formats (shared/richText.ts), links only
 * to http, https and mailto addresses.
 */
import { describeEvent, durationText } from '../../shared/eventText.ts';
import { escapeHtml, hasText, richTextToHtml } from '../../shared/richText.ts';
import type { PostmortemView } from './postmortemView.ts';
import { impactLines, reviewLine, utc } from './postmortemWords.ts';
import { roleLine } from './roleHistory.ts';

const STYLE = `
  body { font: 11pt/1.45 system-ui, sans-serif; max-width: 48rem; margin: 2rem auto; color: #111; }
  h1 { font-size: 1.6rem; } h2 { font-size: 1.2rem; border-bottom: 1px solid #ccc; break-after: avoid; }
  .text p, .text li { white-space: pre-wrap; } .empty { color: #666; font-style: italic; }
  .text pre { white-space: pre-wrap; background: #f4f4f4; padding: 0.5rem; break-inside: avoid; }
  .text code { font-family: ui-monospace, monospace; font-size: 0.95em; }
  .text blockquote { margin-left: 0; padding-left: 0.8rem; border-left: 3px solid #ccc; color: #333; }
  .text h3, .text h4 { break-after: avoid; }
  @media print { .text a::after { content: " (" attr(href) ")"; font-size: 0.85em; color: #444; word-break: break-all; } }
  section { break-inside: avoid-page; } @page { margin: 2cm; }`;

const HTML = { text: escapeHtml, time: utc };

export function renderPostmortemHtml(v: PostmortemView): string {
  const list = (items: string[], empty: string) => (items.length ? `<ul>${items.map((i) => `<li>${i}</li>`).join('')}</ul>` : `<p class="empty">${empty}</p>`);
  const sections = v.sections.map(
    (s) => `<section><h2>${escapeHtml(s.title)}</h2>${hasText(s.lines) ? `<div class="text">${richTextToHtml(s.lines)}</div>` : '<p class="empty">Nothing written yet.</p>'}</section>`,
  );
  const decisions = v.decisions.map((d) => `${utc(d.at)}${d.author ? `, ${escapeHtml(d.author)}` : ''}: ${escapeHtml(d.text)}`);
  const highlights = v.highlights.map((h) => {
    const line = 'event' in h ? `<strong>${escapeHtml(h.event.actor.name)}</strong> ${describeEvent(h.event, v.defs, HTML)}` : `${escapeHtml(h.entry.kind)}: ${escapeHtml(h.entry.text)}`;
    return `${utc(h.at)} (${durationText(h.at - v.meta.createdAt)} after declaration) ${line}`;
  });
  const comments = v.comments.map(
    (c) => `${utc(c.at)}, ${escapeHtml(c.author.name)} on ${escapeHtml(c.section)}${c.quote ? ` (“${escapeHtml(c.quote)}”)` : ''}: ${escapeHtml(c.text)}`,
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Postmortem: ${escapeHtml(v.meta.title)}</title><style>${STYLE}</style></head>
<body>
<h1>Postmortem: ${escapeHtml(v.meta.title)}</h1>
<p>Incident ${escapeHtml(v.meta.id)}${v.meta.service ? `, service ${escapeHtml(v.meta.service)}` : ''}. Review: ${escapeHtml(reviewLine(v))}. All times are in UTC.</p>
<section><h2>Impact window</h2>${list(impactLines(v).map(escapeHtml), '')}</section>
<section><h2>Roles</h2>${list(v.roles.map((g) => roleLine(g, HTML)), 'No roles were claimed.')}</section>
${sections.join('\n')}
<section><h2>Key decisions</h2>${list(decisions, 'None recorded.')}</section>
<section><h2>Highlighted timeline</h2>${list(highlights, 'Nothing highlighted.')}</section>
<section><h2>Review comments</h2>${list(comments, 'None.')}</section>
</body></html>
`;
}
