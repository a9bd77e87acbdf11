/** A <textarea> bound to a shared Y.Text, as YTextInput binds an <input> (sync/useYTextBinding.ts). */
import type { TextareaHTMLAttributes } from 'react';
import type * as Y from 'yjs';
import { useYTextBinding } from '../../sync/useYTextBinding.ts';

type Props = { text: Y.Text } & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'value' | 'onChange'>;

export function YTextArea({ text, ...rest }: Props) {
  const binding = useYTextBinding<HTMLTextAreaElement>(text);
  return <textarea {...rest} {...binding} />;
}
