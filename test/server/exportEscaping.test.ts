/**
 * Issue 11: export.md wrote `kind`, the summary (which can come from an Alertmanager
 * description) and the notes unescaped, so headings, raw HTML and javascript: links reached
 * every renderer the postmortem is pasted into. Here every user-supplied field carries
 * Markdown and HTML meant to become structure; the export is rendered with markdown-it
 * (CommonMark, raw HTML on, plus tables and strikethrough) and must hold only the structure
 * the export itself writes, while each text still reads as typed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import MarkdownIt from 'markdown-it';
import * as Y from 'yjs';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { connectDoc, eventually, synced } from '../helpers/clients.ts';
import { tokenFor } from '../helpers/incidents.ts';
import { readActions, readTranscript } from '../../shared/responderDoc.ts';

/** One line each: every field that is a single line gets one. */
const LINES = [
  '# Heading',
  '<script>alert(1)</script>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '[click](javascript:alert(1))',
  '<javascript:alert(1)>',
  '<https://evil.example/x>',
  '![img](https://evil.example/x.png)',
  '&lt;b&gt; &amp; &#x3C;img&#x3E;',
  '| a | b |',
  '**bold** _em_ `code` ~~strike~~',
  '[ref]: javascript:alert(1)',
  'a\\',
];
/** Blocks for the multi-line fields (summary, notes, and lines that try to start blocks elsewhere). */
const BLOCK = [
  'Impact\n===',
  '---',
  '1. item\n2) item',
  '- item\n+ item\n* item',
  '    indented code',
  '```\nfenced\n```',
  '> quote',
  '| a | b |\n|---|---|\n| c | d |',
  '<div>\n<script>alert(1)</script>\n</div>',
].join('\n\n');

const renderer = new MarkdownIt('commonmark').enable(['table', 'strikethrough']);

/** The text a reader sees: tags dropped, entities decoded. */
function visibleText(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

describe('export.md escapes what people wrote', () => {
  let server: TestServer;
  let id: string;
  const hostile = (i: number) => LINES[i % LINES.length]!;

  beforeAll(async () => {
    server = await startTestServer();
    const declared = await server.api('POST', '/api/incidents', { title: hostile(0) + ' ' + hostile(1), severity: 'SEV2', summary: BLOCK + '\n\n' + LINES.join('\n'), service: hostile(4) });
    expect(declared.status).toBe(201);
    id = declared.body.id;
    const run = async (cmd: Record<string, unknown>) => expect((await server.api('POST', `/api/incidents/${id}/commands`, cmd)).status).toBe(200);
    await run({ type: 'addSme', name: hostile(2), domain: hostile(3) });
    await run({ type: 'addSme', name: hostile(5), domain: hostile(6) });
    for (const line of LINES) await run({ type: 'publishUpdate', text: line });

    const scribe = connectDoc(server.wsUrl, id, await tokenFor(server, id, hostile(7)));
    await synced(scribe);
    const doc = scribe.doc;
    doc.transact(() => {
      LINES.forEach((line, i) => {
        const entry = new Y.Map<unknown>();
        entry.set('id', `e${i}`);
        entry.set('at', Date.now());
        entry.set('kind', hostile(i + 1));
        entry.set('text', new Y.Text(line));
        doc.getArray('transcript').push([entry]);
        const action = new Y.Map<unknown>();
        action.set('id', `a${i}`);
        action.set('title', new Y.Text(line));
        action.set('status', 'open');
        doc.getArray('actions').push([action]);
      });
      doc.getText('notes').insert(0, BLOCK);
    });
    const reader = connectDoc(server.wsUrl, id, await tokenFor(server, id, 'Reader'));
    await eventually(() => readTranscript(reader.doc).length === LINES.length && readActions(reader.doc).length === LINES.length && reader.doc.getText('notes').length > 0, 'entries stored');
    reader.destroy();
    scribe.destroy();
  });
  afterAll(() => server.close());

  async function exported(): Promise<{ md: string; html: string }> {
    const res = await fetch(`${server.url}/api/incidents/${id}/export.md`, { headers: { authorization: `Bearer ${server.adminToken}` } });
    expect(res.status).toBe(200);
    const md = await res.text();
    return { md, html: renderer.render(md) };
  }

  it('holds only the structure the export writes', async () => {
    const { html } = await exported();
    const count = (re: RegExp) => (html.match(re) ?? []).length;
    expect(count(/<h1>/g)).toBe(1);
    expect(html.match(/<h2>[^<]*<\/h2>/g)).toEqual(
      ['Summary and impact', 'Clocks', 'Roles', 'Timeline', 'Action items', 'Stakeholder updates', 'Notes'].map((h) => `<h2>${h}</h2>`),
    );
    for (const tag of ['h3', 'h4', 'h5', 'h6', 'a', 'img', 'script', 'iframe', 'div', 'table', 'blockquote', 'pre', 'ol', 'hr', 's', 'br']) {
      expect(count(new RegExp(`<${tag}[\\s>]`, 'g')), `<${tag}>`).toBe(0);
    }
    expect(html).not.toMatch(/<[^>]*\s(href|src)=/);
    // Its own: the incident id as code, the author's name in bold on each timeline line.
    expect(count(/<code>/g)).toBe(1);
    const md = (await exported()).md;
    // Its own placeholders in italics ("_No roles were claimed._"), nothing else.
    expect(count(/<em>/g)).toBe(md.split('\n').filter((l) => /^_.*_$/.test(l)).length);
    // Every list item is one the export writes: no user line started a list of its own.
    expect(count(/<li>/g)).toBe(md.split('\n').filter((l) => l.startsWith('- ')).length);
  });

  it('every text still reads as typed', async () => {
    const { html } = await exported();
    const text = visibleText(html);
    for (const line of LINES) expect(text).toContain(line);
    for (const line of BLOCK.split('\n').filter(Boolean)) expect(text).toContain(line.trim());
    expect(text).toContain(`Postmortem draft: ${hostile(0)} ${hostile(1)}`);
    expect(text).toContain(`Subject-matter expert (${hostile(3)}): ${hostile(2)}`);
    expect(text).toContain(`${hostile(7)} [${hostile(2)}] ${LINES[1]}`);
  });
});
