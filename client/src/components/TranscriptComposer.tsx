/**
 * The scribe's keyboard-first input: Enter adds an entry, Alt+1..4 picks the kind, or a prefix
 * does it for one entry ("/d we roll back" is a decision). A picked kind holds for one entry and
 * then returns to Note, unless pinned: a follow-up note was silently recorded as a decision
 * (issue 12). Typing is announced as presence.
 */
import { useEffect, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { ENTRY_KINDS } from '../../../shared/documents.ts';
import type { EntryKind } from '../../../shared/documents.ts';
import { Limits } from '../../../shared/limits.ts';
import { kindLabel } from './TranscriptList.tsx';

const PREFIX: Record<string, EntryKind> = { n: 'note', a: 'action', d: 'decision', q: 'question' };
const PREFIX_PATTERN = /^\/([nadq])\s+/i;

interface Props {
  onAdd: (kind: EntryKind, text: string) => void;
  onTyping: (typing: boolean) => void;
}

export function TranscriptComposer({ onAdd, onTyping }: Props) {
  const [kind, setKind] = useState<EntryKind>('note');
  const [pinned, setPinned] = useState(false);
  const [text, setText] = useState('');
  const input = useRef<HTMLInputElement>(null);

  // Arriving in the room (after declaring, or from a link) with nothing focused, the keyboard
  // starts in the composer (issue 12); not on touch screens, where it would open the keyboard.
  useEffect(() => {
    if (document.activeElement === document.body && matchMedia('(pointer: fine)').matches) input.current?.focus();
  }, []);

  // "/" from anywhere in the room (outside a field) jumps to the composer, as in chat tools.
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.target as HTMLElement;
      if (target.closest('input, textarea, select, [contenteditable], dialog')) return;
      event.preventDefault();
      input.current?.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  const prefix = PREFIX_PATTERN.exec(text);
  const effectiveKind = prefix?.[1] ? PREFIX[prefix[1].toLowerCase()]! : kind;

  const submit = () => {
    const body = text.replace(PREFIX_PATTERN, '').trim();
    if (!body) return;
    onAdd(effectiveKind, body);
    setText('');
    if (!pinned) setKind('note');
    onTyping(false);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
      return;
    }
    // Alt+digit: event.code, because Alt changes event.key on some layouts (e.g. macOS: ¡™£¢).
    const digit = /^Digit([1-4])$/.exec(event.code)?.[1];
    if (event.altKey && !event.ctrlKey && !event.metaKey && digit) {
      event.preventDefault();
      setKind(ENTRY_KINDS[Number(digit) - 1]!);
    }
  };

  return (
    <form
      className="composer"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <div className="kind-picker" role="group" aria-label="Kind of the next entry">
        {ENTRY_KINDS.map((k, i) => (
          <button
            key={k}
            type="button"
            className={`kind-button kind-${k}`}
            aria-pressed={effectiveKind === k}
            title={`${kindLabel(k)} (Alt+${i + 1}, or start with /${k[0]})`}
            onClick={() => {
              setKind(k);
              input.current?.focus();
            }}
          >
            {kindLabel(k)} <kbd>{i + 1}</kbd>
          </button>
        ))}
        <label className="kind-pin small" title="Keep this kind for the following entries instead of returning to Note">
          <input type="checkbox" checked={pinned} onChange={(e) => setPinned(e.target.checked)} /> Keep kind
        </label>
        <span className="composer-hint muted small">
          <kbd>/</kbd> jumps here from anywhere
        </span>
      </div>
      <input
        ref={input}
        className="composer-input"
        aria-label="New transcript entry"
        data-testid="composer-input"
        placeholder="What happened? Enter adds it · Alt+1–4 or /n /a /d /q sets the kind"
        maxLength={Limits.noteLength}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          onTyping(e.target.value.trim() !== '');
        }}
        onBlur={() => onTyping(false)}
        onKeyDown={onKeyDown}
      />
    </form>
  );
}
