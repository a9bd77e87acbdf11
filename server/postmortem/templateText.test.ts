/** A template's Markdown arrives in a section as formats, never as syntax, and nothing unsafe comes through. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readRichText } from '../../shared/richText.ts';
import { templateLines, writeLines } from './templateText.ts';

function seeded(markdown: string): { lines: ReturnType<typeof readRichText>; plain: string } {
  const doc = new Y.Doc();
  const text = new Y.Text();
  doc.getMap<Y.Text>('sections').set('s', text);
  writeLines(text, templateLines(markdown));
  return { lines: readRichText(text), plain: text.toString() };
}

describe('template sections as rich text', () => {
  it('turns the formats a section may carry into formats', () => {
    const { lines } = seeded(
      'Who was affected, _and for how long_.\nSee [the runbook](https://wiki.example/rb) and `kubectl get pods`.\n\n#### Checklist\n\n- paged **everyone** needed\n- ~~status page~~\n\n1. first\n\n> quoted  \nline two\n\n```\nSELECT 1;\n```',
    );
    expect(lines).toEqual([
      {
        runs: [
          { text: 'Who was affected, ' },
          { text: 'and for how long', italic: true },
          { text: '. See ' },
          { text: 'the runbook', link: 'https://wiki.example/rb' },
          { text: ' and ' },
          { text: 'kubectl get pods', code: true },
          { text: '.' },
        ],
      },
      { runs: [{ text: 'Checklist' }], header: 4 },
      { runs: [{ text: 'paged ' }, { text: 'everyone', bold: true }, { text: ' needed' }], list: 'bullet' },
      { runs: [{ text: 'status page', strike: true }], list: 'bullet' },
      { runs: [{ text: 'first' }], list: 'ordered' },
      { runs: [{ text: 'quoted' }], blockquote: true },
      { runs: [{ text: 'line two' }], blockquote: true },
      { runs: [{ text: 'SELECT 1;' }], 'code-block': true },
    ]);
  });

  it('keeps unsafe links and HTML as plain text', () => {
    const { lines, plain } = seeded('[click](javascript:alert(1)) <script>alert(2)</script> [data](data:text/html,x)');
    // markdown-it refuses such links itself, so the syntax stays as typed: text, never a link.
    const typed = '[click](javascript:alert(1)) <script>alert(2)</script> [data](data:text/html,x)';
    expect(lines).toEqual([{ runs: [{ text: typed }] }]);
    expect(plain).toBe(typed);
  });

  it('leaves a plain template exactly as it was written', () => {
    expect(seeded('One paragraph.').plain).toBe('One paragraph.');
    expect(seeded('').plain).toBe('');
  });
});
