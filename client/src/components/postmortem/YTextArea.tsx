/**
 * A <textarea> bound to a shared Y.Text, as YTextInput binds an <input>: each keystroke is a
 * minimal edit that merges with others' concurrent ones, and a remote edit moves the caret with
 * the text around it.
 */
import { useEffect, useLayoutEffect, useRef } from 'react';
import type { TextareaHTMLAttributes } from 'react';
import type * as Y from 'yjs';
import { useYText } from '../../sync/useYjs.ts';
import { applyTextChange, transformIndex } from '../../sync/yTextEdits.ts';

type Props = { text: Y.Text } & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'value' | 'onChange'>;

export function YTextArea({ text, ...rest }: Props) {
  const value = useYText(text);
  const ref = useRef<HTMLTextAreaElement>(null);
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

  return <textarea {...rest} ref={ref} value={value} onChange={(e) => applyTextChange(text, e.target.value)} />;
}
