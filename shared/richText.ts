/**
 * Rich text in a postmortem's sections (issue 20): Yjs's own model, formatting attributes on a
 * section's Y.Text as Quill writes them (inline formats on the characters, line formats on the
 * line's closing "\n"). The formats a section may carry are defined here once: the editor offers
 * only these, the server refuses any other key or value before storing it, and the exports render
 * only these, each piece of people's text escaped so it reads as itself.
 */
import type * as Y from 'yjs';
import type { PostmortemMaps } from './postmortem.ts';

/** Longest link target kept; browsers cope with more, a postmortem needs no more. */
export const MAX_LINK_LENGTH = 2048;
const LINK_PROTOCOLS = ['http:', 'https:', 'mailto:'];

/**
 * A link a reader may follow: http, https or mailto, nothing that runs code or reaches the
 * reader's machine (`javascript:`, `data:`, `file:`). Control characters and spaces are refused
 * rather than cleaned, so what is stored is what is shown.
 */
export function isSafeLink(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_LINK_LENGTH) return false;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007f-\u009f]/.test(value)) return false;
  try {
    return LINK_PROTOCOLS.includes(new URL(value).protocol) && LINK_PROTOCOLS.some((p) => value.toLowerCase().startsWith(p));
  } catch {
    return false;
  }
}

const isTrue = (value: unknown) => value === true;

/** Formats of a run of characters, with the values each may take. */
export const INLINE_FORMATS = {
  bold: isTrue,
  italic: isTrue,
  strike: isTrue,
  code: isTrue,
  link: isSafeLink,
} as const;

/**
 * Formats of a whole line. Headings start at level 3: the exports give the postmortem level 1
 * and each section level 2, so a heading inside a section stays beneath its section's title.
 */
export const LINE_FORMATS = {
  header: (value: unknown) => value === 3 || value === 4,
  list: (value: unknown) => value === 'bullet' || value === 'ordered',
  blockquote: isTrue,
  'code-block': isTrue,
} as const;

export type InlineFormat = keyof typeof INLINE_FORMATS;
export type LineFormat = keyof typeof LINE_FORMATS;
const VALIDATORS: Record<string, (value: unknown) => boolean> = { ...INLINE_FORMATS, ...LINE_FORMATS };

/** Every format key a section may carry, for the editor's list of formats. */
export const RICH_TEXT_FORMATS = Object.keys(VALIDATORS) as Array<InlineFormat | LineFormat>;

/** Whether a section may carry this format: a known key with a valid value, or null (the format ends). */
export function isAllowedFormat(key: string, value: unknown): boolean {
  if (!Object.hasOwn(VALIDATORS, key)) return false;
  return value === null || VALIDATORS[key]!(value);
}

/** One op of a Y.Text's delta, as `toDelta()` gives it. */
export interface DeltaOp {
  insert?: unknown;
  attributes?: Record<string, unknown>;
}

/** A run of characters sharing one set of inline formats (only valid ones). */
export interface RichRun {
  text: string;
  bold?: true;
  italic?: true;
  strike?: true;
  code?: true;
  link?: string;
}

/** One line of a section: its runs and its line formats (only valid ones). */
export interface RichLine {
  runs: RichRun[];
  header?: 3 | 4;
  list?: 'bullet' | 'ordered';
  blockquote?: true;
  'code-block'?: true;
}

/**
 * A delta as lines. Formats the server would refuse today (a document written before it vetted
 * them, or by another tool) are dropped here, so the renderers never see them; embeds are skipped.
 */
export function deltaLines(delta: readonly DeltaOp[]): RichLine[] {
  const lines: RichLine[] = [];
  let runs: RichRun[] = [];
  for (const op of delta) {
    if (typeof op.insert !== 'string') continue;
    const attributes = op.attributes ?? {};
    const parts = op.insert.split('\n');
    parts.forEach((part, i) => {
      if (i > 0) {
        lines.push({ runs, ...pick(attributes, LINE_FORMATS) });
        runs = [];
      }
      if (part) runs.push({ text: part, ...pick(attributes, INLINE_FORMATS) });
    });
  }
  if (runs.length > 0) lines.push({ runs });
  return lines;
}

function pick(attributes: Record<string, unknown>, formats: Record<string, (value: unknown) => boolean>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(attributes).filter(([key, value]) => Object.hasOwn(formats, key) && value !== null && formats[key]!(value)));
}

/** A section's text as lines; none for a section that is not a Y.Text. */
export function readRichText(text: Y.Text | unknown): RichLine[] {
  return isYText(text) ? deltaLines(text.toDelta() as DeltaOp[]) : [];
}

const isYText = (text: unknown): text is Y.Text => typeof (text as Y.Text | null)?.toDelta === 'function';

/** The sections in their template's order, each as rich lines. */
export function readRichSections(maps: PostmortemMaps): Array<{ key: string; title: string; lines: RichLine[] }> {
  return [...maps.outline.entries()]
    .sort(([, a], [, b]) => a.position - b.position)
    .map(([key, { title }]) => ({ key, title, lines: readRichText(maps.sections.get(key)) }));
}

/** Whether the lines hold any text worth showing. */
export const hasText = (lines: readonly RichLine[]) => lines.some((line) => line.runs.some((run) => run.text.trim() !== ''));

/** The kind of block a line belongs to: consecutive lines of one kind render as one block. */
function blockKind(line: RichLine): string {
  if (line['code-block']) return 'code';
  if (line.list) return `list-${line.list}`;
  if (line.blockquote) return 'quote';
  if (line.header) return `h${line.header}`;
  return 'p';
}

function groupBlocks(lines: readonly RichLine[]): Array<{ kind: string; lines: RichLine[] }> {
  const blocks: Array<{ kind: string; lines: RichLine[] }> = [];
  for (const line of lines) {
    const kind = blockKind(line);
    const empty = line.runs.every((run) => run.text.trim() === '');
    // Empty lines only separate paragraphs; in a code block they are part of the code.
    if (empty && kind !== 'code') continue;
    const last = blocks.at(-1);
    if (last && last.kind === kind && (kind === 'code' || kind.startsWith('list-') || kind === 'quote')) last.lines.push(line);
    else blocks.push({ kind, lines: [line] });
  }
  return blocks;
}

const plainText = (line: RichLine) => line.runs.map((run) => run.text).join('');

// ---- Markdown ---------------------------------------------------------------------------------

/**
 * Every character CommonMark or its common extensions (GFM) give a meaning inline:
 * emphasis, code, links and images, autolinks and raw HTML, entities, tables, strikethrough.
 */
const MARKDOWN_INLINE = /[\\`*_[\]<>|#&!~]/g;
/** What makes a line a block (list item, heading underline, thematic break) where it starts it. */
const MARKDOWN_BLOCK_START = /^(?:[-+=]|\d+(?=[.)]))/;

/** Text that reads as itself in any CommonMark renderer; CommonMark ends lines at \r too. */
export const escapeMarkdown = (text: string) => text.replace(/[\r\n]/g, ' ').replace(MARKDOWN_INLINE, '\\$&');

/** Characters that would end or confuse a link destination, percent-encoded (the link was vetted). */
const markdownHref = (url: string) => url.replace(/[\s()<>\\`"'[\]]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);

/** A code span: delimited by more backticks than any run inside it, so none can close it early. */
function codeSpan(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || /^ .* $/.test(text) ? ' ' : '';
  return `${fence}${pad}${text.replace(/[\r\n]/g, ' ')}${pad}${fence}`;
}

const EMPHASIS = [
  ['bold', '**'],
  ['italic', '*'],
  ['strike', '~~'],
] as const;

/**
 * A line's runs as inline Markdown. Emphasis is opened and closed only next to text, never next
 * to a space, so CommonMark's flanking rules see it; formats left open across runs nest.
 */
function markdownRuns(runs: readonly RichRun[]): string {
  let out = '';
  let pending = '';
  const open: string[] = [];
  let openLink: string | undefined;
  const closeAll = () => {
    while (open.length) out += open.pop();
    if (openLink !== undefined) out += `](${markdownHref(openLink)})`;
    openLink = undefined;
  };
  for (const run of runs) {
    const [, lead = '', core = '', trail = ''] = /^(\s*)(.*?)(\s*)$/s.exec(run.text) ?? [];
    if (!core) {
      pending += run.text;
      continue;
    }
    const wanted = EMPHASIS.filter(([format]) => run[format]).map(([, mark]) => mark);
    const keep = openLink === run.link ? commonPrefix(open, wanted) : 0;
    const closing = keep < open.length || openLink !== run.link;
    if (closing) {
      while (open.length > keep) out += open.pop();
      if (openLink !== run.link) closeAll();
    }
    const opening = wanted.length > open.length;
    // Delimiters that close and open at one spot would read as one run ("***" + "*"): a zero-width
    // space between them keeps them two.
    out += pending + lead || (closing && opening ? '&#8203;' : '');
    pending = '';
    if (run.link !== undefined && openLink === undefined) {
      out += '[';
      openLink = run.link;
    }
    for (const mark of wanted.slice(open.length)) {
      out += mark;
      open.push(mark);
    }
    out += run.code ? codeSpan(core) : escapeMarkdown(core);
    pending = trail;
  }
  closeAll();
  return out;
}

function commonPrefix(a: readonly string[], b: readonly string[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

/** One line's content, unable to open a block of its own (list, heading underline, indented code). */
function markdownLine(line: RichLine): string {
  return unblockLine(markdownRuns(line.runs).replace(/^\s+/, ''));
}

/** An escaped line that cannot open a block where it starts (list item, heading underline, thematic break). */
export const unblockLine = (escaped: string) => escaped.replace(MARKDOWN_BLOCK_START, (start) => (/\d/.test(start) ? `${start}\\` : `\\${start}`));

/** A section as CommonMark; nothing people wrote becomes structure beyond the formats above. */
export function richTextToMarkdown(lines: readonly RichLine[]): string {
  return groupBlocks(lines)
    .map(({ kind, lines: block }) => {
      if (kind === 'code') {
        const code = block.map(plainText).join('\n').replace(/\r/g, '');
        const longest = Math.max(0, ...(code.match(/`+/g) ?? []).map((run) => run.length));
        const fence = '`'.repeat(Math.max(3, longest + 1));
        return `${fence}\n${code}\n${fence}`;
      }
      if (kind === 'list-bullet') return block.map((line) => `- ${markdownLine(line)}`).join('\n');
      if (kind === 'list-ordered') return block.map((line, i) => `${i + 1}. ${markdownLine(line)}`).join('\n');
      if (kind === 'quote') return block.map((line) => `> ${markdownLine(line)}`).join('\n>\n');
      if (kind === 'h3' || kind === 'h4') return `${kind === 'h3' ? '###' : '####'} ${markdownLine(block[0]!)}`;
      return markdownLine(block[0]!);
    })
    .join('\n\n');
}

// ---- HTML -------------------------------------------------------------------------------------

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);

function htmlRun(run: RichRun): string {
  let html = escapeHtml(run.text);
  if (run.code) html = `<code>${html}</code>`;
  if (run.strike) html = `<s>${html}</s>`;
  if (run.italic) html = `<em>${html}</em>`;
  if (run.bold) html = `<strong>${html}</strong>`;
  if (run.link !== undefined) html = `<a href="${escapeHtml(run.link)}" rel="noopener noreferrer nofollow">${html}</a>`;
  return html;
}

const htmlLine = (line: RichLine) => line.runs.map(htmlRun).join('');

/** A section as HTML; every piece of people's text escaped, links only those isSafeLink allows. */
export function richTextToHtml(lines: readonly RichLine[]): string {
  return groupBlocks(lines)
    .map(({ kind, lines: block }) => {
      if (kind === 'code') return `<pre><code>${escapeHtml(block.map(plainText).join('\n'))}</code></pre>`;
      if (kind.startsWith('list-')) {
        const tag = kind === 'list-ordered' ? 'ol' : 'ul';
        return `<${tag}>${block.map((line) => `<li>${htmlLine(line)}</li>`).join('')}</${tag}>`;
      }
      if (kind === 'quote') return `<blockquote>${block.map((line) => `<p>${htmlLine(line)}</p>`).join('')}</blockquote>`;
      if (kind === 'h3' || kind === 'h4') return `<${kind}>${htmlLine(block[0]!)}</${kind}>`;
      return `<p>${htmlLine(block[0]!)}</p>`;
    })
    .join('\n');
}
