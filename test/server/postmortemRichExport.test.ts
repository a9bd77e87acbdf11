/**
 * Issue 20: a postmortem's sections are rich text, and both exports keep their formats (bold,
 * lists, headings, links, code) while everything people wrote stays text: the Markdown export
 * through markdown-it gives the formats' structure and nothing else (no raw HTML, no link but the
 * writer's vetted ones), and the HTML export escapes every run and link.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import MarkdownIt from 'markdown-it';
import type { WebsocketProvider } from 'y-websocket';
import { postmortemDocName } from '../../shared/documents.ts';
import { postmortemMaps } from '../../shared/postmortem.ts';
import { deltaLines, richTextToHtml, richTextToMarkdown } from '../../shared/richText.ts';
import type { DeltaOp } from '../../shared/richText.ts';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { connectDoc, eventually, synced } from '../helpers/clients.ts';
import { tokenFor } from '../helpers/incidents.ts';

const markdownIt = new MarkdownIt();
/** Markdown as a CommonMark renderer shows it, HTML allowed (the strictest test of escaping). */
const rendered = (delta: DeltaOp[]) => new MarkdownIt({ html: true }).render(richTextToMarkdown(deltaLines(delta)));

const FORMATTED: DeltaOp[] = [
  { insert: 'The pool was ' },
  { insert: 'exhausted', attributes: { bold: true } },
  { insert: ', see ' },
  { insert: 'the dashboard', attributes: { link: 'https://grafana.example/d/pool?from=now-1h&to=(now)' } },
  { insert: '.\nWhat we do' },
  { insert: '\n', attributes: { header: 3 } },
  { insert: 'raise the ' },
  { insert: 'limit', attributes: { italic: true } },
  { insert: '\n', attributes: { list: 'bullet' } },
  { insert: 'alert at 80%' },
  { insert: '\n', attributes: { list: 'bullet' } },
  { insert: 'set ' },
  { insert: 'pool.max = 200', attributes: { code: true } },
  { insert: '\n', attributes: { list: 'ordered' } },
  { insert: 'SELECT count(*) FROM conn;' },
  { insert: '\n', attributes: { 'code-block': true } },
  { insert: 'if (a < b) { x = `y` }' },
  { insert: '\n', attributes: { 'code-block': true } },
  { insert: 'old plan', attributes: { strike: true } },
  { insert: '\n', attributes: { blockquote: true } },
];

/** Text meant to become markup, in runs with and without formats and on lines of every kind. */
const HOSTILE: DeltaOp[] = [
  { insert: '<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)> *not em* `not code` &amp; ' },
  { insert: '<b>bold tag</b> **not strong**', attributes: { bold: true } },
  { insert: '\n# not a heading\n- not a list\n1. not ordered\n    not code\n> not a quote\n---\n<div onclick=alert(1)>\n' },
  { insert: '<a href="javascript:alert(1)">hi</a> ]( javascript:alert(1) )', attributes: { link: 'https://ok.example/a)"onmouseover="alert(1)' } },
  { insert: '\n' },
  { insert: '[evil](javascript:alert(1))', attributes: { list: 'bullet' } },
  { insert: '\n', attributes: { list: 'bullet' } },
  { insert: '```\n<script>in code</script>' },
  { insert: '\n', attributes: { 'code-block': true } },
  { insert: 'it ` has `` ticks', attributes: { code: true } },
  { insert: '\n' },
  { insert: 'stored before vetting', attributes: { link: 'javascript:alert(1)', color: 'red' } },
  { insert: '\n', attributes: { header: 1 } },
];

describe('rich-text sections rendered to Markdown', () => {
  it('give the structure of their formats in a CommonMark renderer', () => {
    const html = rendered(FORMATTED);
    expect(html).toContain('<p>The pool was <strong>exhausted</strong>, see <a href="https://grafana.example/d/pool?from=now-1h&amp;to=%28now%29">the dashboard</a>.</p>');
    expect(html).toContain('<h3>What we do</h3>');
    expect(html).toContain('<ul>\n<li>raise the <em>limit</em></li>\n<li>alert at 80%</li>\n</ul>');
    expect(html).toContain('<ol>\n<li>set <code>pool.max = 200</code></li>\n</ol>');
    expect(html).toContain('<pre><code>SELECT count(*) FROM conn;\nif (a &lt; b) { x = `y` }\n</code></pre>');
    expect(html).toContain('<blockquote>\n<p><s>old plan</s></p>\n</blockquote>');
  });

  it('keep formats that meet or nest apart, and spaces outside the emphasis', () => {
    const md = (delta: DeltaOp[]) => markdownIt.render(richTextToMarkdown(deltaLines(delta))).trim();
    expect(md([{ insert: 'a ' }, { insert: ' bold ', attributes: { bold: true } }, { insert: 'b' }])).toBe('<p>a  <strong>bold</strong> b</p>');
    expect(md([{ insert: 'one', attributes: { bold: true } }, { insert: 'two', attributes: { bold: true, italic: true } }, { insert: 'three', attributes: { italic: true } }])).toBe(
      '<p><strong>one<em>two</em></strong>\u200b<em>three</em></p>',
    );
    expect(md([{ insert: 'go ', attributes: { link: 'mailto:ops@example.com' } }, { insert: 'now', attributes: { link: 'mailto:ops@example.com', bold: true } }])).toBe(
      '<p><a href="mailto:ops@example.com">go <strong>now</strong></a></p>',
    );
    expect(md([{ insert: '`x`', attributes: { code: true } }])).toBe('<p><code>`x`</code></p>');
  });

  it('leave hostile text inert: no HTML, no heading, list, quote or code of its own, no javascript: link', () => {
    const html = rendered(HOSTILE);
    expect(html).not.toMatch(/<script|<img|<div|<b>|<a href="javascript|<h1|<h2|<hr|<em>not|<code>not/i);
    expect(html).not.toContain('href="javascript');
    expect(html.match(/<h3>|<h4>/g)).toBeNull();
    expect(html.match(/<li>/g)).toHaveLength(1);
    expect(html.match(/<blockquote>/g)).toBeNull();
    expect(html.match(/<pre>/g)).toHaveLength(1);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; [x](javascript:alert(1))');
    expect(html).toContain('<strong>&lt;b&gt;bold tag&lt;/b&gt; **not strong**</strong>');
    expect(html).toContain('<li>[evil](javascript:alert(1))</li>');
    expect(html).toContain('<p>```</p>\n<pre><code>&lt;script&gt;in code&lt;/script&gt;\n</code></pre>');
    expect(html).toContain('<code>it ` has `` ticks</code>');
    // A vetted link whose address would break out of the destination is percent-encoded.
    expect(html).toContain('<a href="https://ok.example/a%29%22onmouseover=%22alert%281%29">');
    // Formats no section may carry, stored before the server vetted them, are dropped.
    expect(html).toContain('<p>stored before vetting</p>');
    for (const line of ['# not a heading', '- not a list', '1. not ordered', 'not code', '&gt; not a quote', '---', '&lt;div onclick=alert(1)&gt;']) expect(html).toContain(line);
  });
});

describe('rich-text sections rendered to HTML', () => {
  it('give their formats as elements, every run and link escaped', () => {
    const html = richTextToHtml(deltaLines([...FORMATTED, ...HOSTILE]));
    expect(html).toContain('<p>The pool was <strong>exhausted</strong>, see <a href="https://grafana.example/d/pool?from=now-1h&amp;to=(now)" rel="noopener noreferrer nofollow">the dashboard</a>.</p>');
    expect(html).toContain('<h3>What we do</h3>');
    expect(html).toContain('<ul><li>raise the <em>limit</em></li><li>alert at 80%</li></ul>');
    expect(html).toContain('<ol><li>set <code>pool.max = 200</code></li></ol>');
    expect(html).toContain('<pre><code>SELECT count(*) FROM conn;\nif (a &lt; b) { x = `y` }</code></pre>');
    expect(html).toContain('<blockquote><p><s>old plan</s></p></blockquote>');
    expect(html).not.toMatch(/<script|<img|<div|<b>|javascript:alert\(1\)"|<h1/);
    expect(html).toContain('href="https://ok.example/a)&quot;onmouseover=&quot;alert(1)"');
    expect(html).toContain('&lt;a href=&quot;javascript:alert(1)&quot;&gt;hi&lt;/a&gt;');
  });
});

describe('the postmortem exports of a rich-text section', () => {
  let server: TestServer;
  let id: string;
  const providers: WebsocketProvider[] = [];
  const get = async (pathname: string) => (await fetch(server.url + pathname, { headers: { authorization: `Bearer ${server.adminToken}` } })).text();

  beforeAll(async () => {
    server = await startTestServer();
    id = (await server.api('POST', '/api/incidents', { title: 'Checkout latency', severity: 'SEV2' })).body.id;
    const writer = connectDoc(server.wsUrl, postmortemDocName(id), await tokenFor(server, id, 'Writer'));
    providers.push(writer);
    await synced(writer);
    const hostile = HOSTILE.slice(0, -2);
    postmortemMaps(writer.doc).sections.get('root-cause')!.applyDelta(FORMATTED);
    postmortemMaps(writer.doc).sections.get('lessons')!.applyDelta(hostile);
    const reader = connectDoc(server.wsUrl, postmortemDocName(id), await tokenFor(server, id, 'Reader'));
    providers.push(reader);
    await eventually(() => postmortemMaps(reader.doc).sections.get('lessons')?.length === postmortemMaps(writer.doc).sections.get('lessons')!.length, 'the sections are stored');
  });
  afterAll(async () => {
    for (const p of providers) p.destroy();
    await server.close();
  });

  it('keeps the formats in postmortem.md, and the hostile text inert', async () => {
    const md = await get(`/api/incidents/${id}/postmortem.md`);
    expect(md).toContain('## Root cause\n\nThe pool was **exhausted**, see [the dashboard](https://grafana.example/d/pool?from=now-1h&to=%28now%29).\n\n### What we do\n\n- raise the *limit*\n- alert at 80%\n\n1. set `pool.max = 200`');
    const html = new MarkdownIt({ html: true }).render(md);
    expect(html).toContain('<li>raise the <em>limit</em></li>');
    expect(html).not.toMatch(/<script|<img|<div|<a href="javascript|<h1>(?!Postmortem)/);
    expect(html.match(/<h1>/g)).toHaveLength(1);
  });

  it('keeps the formats in postmortem.html, every string escaped, print CSS kept', async () => {
    const html = await get(`/api/incidents/${id}/postmortem.html`);
    expect(html).toContain('<section><h2>Root cause</h2><div class="text"><p>The pool was <strong>exhausted</strong>');
    expect(html).toContain('@page { margin: 2cm; }');
    expect(html).not.toMatch(/<script|<img|<div onclick|href="javascript/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});
