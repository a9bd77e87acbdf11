/**
 * A template section's Markdown as the rich text a section holds (issue 20), so a team's template
 * arrives formatted (its hints in italics, its checklists as lists) rather than as Markdown
 * syntax. Parsed by markdown-it as CommonMark; only the formats shared/richText.ts allows come
 * through, and a link that is not safe to follow stays as its text.
 */
import { createRequire } from 'node:module';
import type MarkdownIt from 'markdown-it';
import type * as Y from 'yjs';
import { isSafeLink } from '../../shared/richText.ts';
import type { RichLine, RichRun } from '../../shared/richText.ts';

type Parser = InstanceType<typeof MarkdownIt>;
type Token = ReturnType<Parser['parse']>[number];
type InlineFormats = Omit<RichRun, 'text'>;

/**
 * Loaded the first time a template has text (about 10 MiB resident): the default outline's
 * sections are empty, so a server without templates never loads it.
 */
let markdown: Parser | undefined;
function parser(): Parser {
  if (!markdown) {
    const Markdown = createRequire(import.meta.url)('markdown-it') as typeof MarkdownIt;
    markdown = new Markdown('commonmark', { html: false }).enable('strikethrough');
  }
  return markdown;
}

/** The line formats of the blocks a line sits in, innermost last. */
type LineContext = Omit<RichLine, 'runs'>;

export function templateLines(source: string): RichLine[] {
  if (source.trim() === '') return [];
  const lines: RichLine[] = [];
  const context: LineContext[] = [];
  const current = (): LineContext => Object.assign({}, ...context);
  for (const token of parser().parse(source, {})) {
    switch (token.type) {
      case 'heading_open':
        context.push({ header: token.tag === 'h4' || token.tag === 'h5' || token.tag === 'h6' ? 4 : 3 });
        break;
      case 'bullet_list_open':
        context.push({ list: 'bullet' });
        break;
      case 'ordered_list_open':
        context.push({ list: 'ordered' });
        break;
      case 'blockquote_open':
        context.push({ blockquote: true });
        break;
      case 'heading_close':
      case 'bullet_list_close':
      case 'ordered_list_close':
      case 'blockquote_close':
        context.pop();
        break;
      case 'inline':
        for (const runs of inlineLines(token.children ?? [])) lines.push({ runs, ...current() });
        break;
      case 'fence':
      case 'code_block':
        for (const text of token.content.replace(/\n$/, '').split('\n')) lines.push({ runs: text ? [{ text }] : [], 'code-block': true });
        break;
    }
  }
  return lines;
}

/** An inline token's children as lines of runs: a hard break starts a new line, a soft one is a space. */
function inlineLines(children: Token[]): RichRun[][] {
  const lines: RichRun[][] = [[]];
  const formats: InlineFormats = {};
  const add = (text: string, extra: InlineFormats = {}) => {
    if (text) lines[lines.length - 1]!.push({ text, ...formats, ...extra });
  };
  for (const child of children) {
    switch (child.type) {
      case 'text':
        add(child.content);
        break;
      case 'code_inline':
        add(child.content, { code: true });
        break;
      case 'softbreak':
        add(' ');
        break;
      case 'hardbreak':
        lines.push([]);
        break;
      case 'strong_open':
      case 'em_open':
      case 's_open':
        formats[child.type === 'strong_open' ? 'bold' : child.type === 'em_open' ? 'italic' : 'strike'] = true;
        break;
      case 'strong_close':
      case 'em_close':
      case 's_close':
        delete formats[child.type === 'strong_close' ? 'bold' : child.type === 'em_close' ? 'italic' : 'strike'];
        break;
      case 'link_open': {
        const href = child.attrGet('href');
        if (isSafeLink(href)) formats.link = href;
        break;
      }
      case 'link_close':
        delete formats.link;
        break;
    }
  }
  return lines;
}

/**
 * Writes lines into a section's (integrated, empty) text: runs with their formats, each line's
 * "\n" with its own; a last line without line formats needs no "\n" (the editor adds its own).
 */
export function writeLines(text: Y.Text, lines: readonly RichLine[]): void {
  let at = 0;
  lines.forEach(({ runs, ...lineFormats }, i) => {
    for (const { text: chars, ...formats } of runs) {
      text.insert(at, chars, formats);
      at += chars.length;
    }
    if (i === lines.length - 1 && Object.keys(lineFormats).length === 0) return;
    text.insert(at, '\n', lineFormats);
    at += 1;
  });
}
