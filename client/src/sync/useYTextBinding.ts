/**
 * A text field bound to a shared Y.Text: every keystroke is a minimal edit that merges with
 * others' concurrent corrections, and a remote edit moves the caret with the text around it.
 * One binding for the room's inputs and the postmortem's text areas.
 */
import { useEffect, useLayoutEffect, useRef } from 'react';
import type { ChangeEvent } from 'react';
import type * as Y from 'yjs';
import { useYText } from './useYjs.ts';
import { applyTextChange, transformIndex } from './yTextEdits.ts';

export function useYTextBinding<E extends HTMLInputElement | HTMLTextAreaElement>(text: Y.Text) {
  const value = useYText(text);
  const ref = useRef<E>(null);
  const pendingSelection = useRef<[number, number] | null>(null);

  useEffect(() => {
    const onRemote = (event: Y.YTextEvent) => {
      const el = ref.current;
      if (event.transaction.local || !el || document.activeElement !== el) return;
      pendingSelection.current = [transformIndex(event.delta, el.selectionStart ?? 0), transformIndex(event.delta, el.selectionEnd ?? 0)];
    };
    text.observe(onRemote);
    return () => text.unobserve(onRemote);
  }, [text]);

  useLayoutEffect(() => {
    const selection = pendingSelection.current;
    if (selection && ref.current) ref.current.setSelectionRange(selection[0], selection[1]);
    pendingSelection.current = null;
  }, [value]);

  return { ref, value, onChange: (e: ChangeEvent<E>) => applyTextChange(text, e.target.value) };
}
