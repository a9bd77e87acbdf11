/**
 * The passage a reviewer last selected in one of the postmortem's sections, to quote in a
 * comment. It outlives the selection (clicking into the comment form ends it) until it is used or
 * dropped. The section is the nearest element with a `data-section` key (PostmortemSections), and
 * the text comes from a text area's selection or the document's, so a plain text area and a
 * rich-text editor both work.
 */
import { useCallback, useEffect, useState } from 'react';
import { Limits } from '../../../../shared/limits.ts';

export interface Passage {
  section: string;
  quote: string;
}

function sectionOf(node: Node | null): string | undefined {
  const element = node instanceof Element ? node : node?.parentElement;
  return element?.closest<HTMLElement>('[data-section]')?.dataset.section;
}

function selectedPassage(): Passage | null {
  const active = document.activeElement;
  let section: string | undefined;
  let quote = '';
  if (active instanceof HTMLTextAreaElement) {
    section = sectionOf(active);
    quote = active.value.slice(active.selectionStart, active.selectionEnd);
  } else {
    const selection = document.getSelection();
    if (!selection || selection.isCollapsed) return null;
    section = sectionOf(selection.anchorNode);
    if (section !== sectionOf(selection.focusNode)) return null;
    quote = selection.toString();
  }
  quote = quote.trim().slice(0, Limits.noteLength);
  return section && quote ? { section, quote } : null;
}

export function useSelectedPassage(): { passage: Passage | null; clear: () => void } {
  const [passage, setPassage] = useState<Passage | null>(null);
  useEffect(() => {
    const read = () => {
      const found = selectedPassage();
      if (found) setPassage((now) => (now?.section === found.section && now.quote === found.quote ? now : found));
    };
    // A text area's selection is announced by `select` (which does not bubble), a rich-text
    // editor's by `selectionchange`; keys and the pointer cover browsers that announce neither.
    const events = ['select', 'keyup', 'mouseup'] as const;
    document.addEventListener('selectionchange', read);
    for (const name of events) document.addEventListener(name, read, true);
    return () => {
      document.removeEventListener('selectionchange', read);
      for (const name of events) document.removeEventListener(name, read, true);
    };
  }, []);
  return { passage, clear: useCallback(() => setPassage(null), []) };
}
