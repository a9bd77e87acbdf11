/**
 * One postmortem section as a rich-text editor (issue 20): Quill, bound to the section's Y.Text by
 * y-quill, offering only the formats of shared/richText.ts. Loaded on its own (PostmortemSections
 * imports it lazily), so only the postmortem page pays for Quill.
 */
import { useEffect, useRef } from 'react';
import Quill from 'quill';
import { QuillBinding } from 'y-quill';
import type * as Y from 'yjs';
import 'quill/dist/quill.snow.css';
import { RICH_TEXT_FORMATS } from '../../../../shared/richText.ts';
import { allowedFormatsOnly } from './allowedFormatsOnly.ts';

interface Props {
  text: Y.Text;
  /** The section's title: the editor's and its toolbar's accessible names. */
  label: string;
  readOnly: boolean;
  onTyping: (typing: boolean) => void;
}

const TOOLBAR = [['bold', 'italic', 'strike', 'code', 'link'], [{ header: 3 }, { list: 'bullet' }, { list: 'ordered' }, 'blockquote', 'code-block'], ['clean']];

/** Names people hear for each button (Quill's own are format keys such as "list: bullet"). */
const BUTTON_NAMES: Record<string, string> = {
  bold: 'Bold (Ctrl+B)',
  italic: 'Italic (Ctrl+I)',
  strike: 'Strikethrough',
  code: 'Code',
  link: 'Link (Ctrl+K)',
  'header: 3': 'Heading',
  'list: bullet': 'Bulleted list',
  'list: ordered': 'Numbered list',
  blockquote: 'Quote',
  'code-block': 'Code block',
  clean: 'Clear formatting',
};

/**
 * Tab and Shift+Tab leave the editor, as they leave a text area, instead of indenting (which the
 * sections do not have) or inserting a tab: a keyboard user is never trapped in a section.
 */
const LEAVE_ON_TAB = { tab: null, indent: null, outdent: null, 'remove tab': null, 'indent code-block': null, 'outdent code-block': null };

export default function RichTextSection({ text, label, readOnly, onTyping }: Props) {
  const hostRef = useRef<HTMLDivElement>(null);
  const quillRef = useRef<Quill | null>(null);
  const typingRef = useRef(onTyping);
  typingRef.current = onTyping;

  useEffect(() => {
    const host = hostRef.current!;
    const editor = document.createElement('div');
    host.append(editor);
    const quill = new Quill(editor, {
      theme: 'snow',
      formats: RICH_TEXT_FORMATS,
      modules: { toolbar: TOOLBAR, keyboard: { bindings: LEAVE_ON_TAB }, history: { userOnly: true } },
    });
    let binding: QuillBinding | null = null;
    allowedFormatsOnly(quill, () => binding);
    binding = new QuillBinding(text, quill);
    quillRef.current = quill;

    quill.root.setAttribute('role', 'textbox');
    quill.root.setAttribute('aria-multiline', 'true');
    quill.root.setAttribute('aria-label', label);
    quill.root.addEventListener('keydown', () => typingRef.current(true));
    quill.on('selection-change', (range: unknown) => {
      if (range === null) typingRef.current(false);
    });
    labelToolbar((quill.getModule('toolbar') as { container: HTMLElement }).container, label);
    host.querySelector('.ql-tooltip input')?.setAttribute('aria-label', 'Link address');
    return () => {
      binding.destroy();
      quillRef.current = null;
      host.replaceChildren();
    };
  }, [text, label]);

  useEffect(() => {
    const quill = quillRef.current;
    if (!quill) return;
    quill.enable(!readOnly);
    quill.root.setAttribute('aria-readonly', String(readOnly));
    (quill.getModule('toolbar') as { container: HTMLElement }).container.hidden = readOnly;
  }, [readOnly, text, label]);

  return <div ref={hostRef} className="rich-text-section" data-testid="rich-text" />;
}

/**
 * Names the toolbar and its buttons, and makes it one stop for Tab: the arrow keys move between
 * its buttons (the ARIA toolbar pattern), so nine sections do not cost a hundred Tab presses.
 */
function labelToolbar(toolbar: HTMLElement, label: string): void {
  toolbar.setAttribute('role', 'toolbar');
  toolbar.setAttribute('aria-label', `Formatting of ${label}`);
  const buttons = [...toolbar.querySelectorAll('button')];
  buttons.forEach((button, i) => {
    const name = button.getAttribute('aria-label') ?? '';
    button.setAttribute('aria-label', BUTTON_NAMES[name] ?? name);
    button.tabIndex = i === 0 ? 0 : -1;
  });
  toolbar.addEventListener('keydown', (event) => {
    const at = buttons.indexOf(event.target as HTMLButtonElement);
    if (at < 0) return;
    const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: buttons.length - 1 }[event.key];
    if (to === undefined) return;
    event.preventDefault();
    const next = buttons[(to + buttons.length) % buttons.length]!;
    buttons[at]!.tabIndex = -1;
    next.tabIndex = 0;
    next.focus();
  });
}
