/** An <input> bound to a shared Y.Text (sync/useYTextBinding.ts). */
import type { InputHTMLAttributes } from 'react';
import type * as Y from 'yjs';
import { useYTextBinding } from '../sync/useYTextBinding.ts';

type Props = { text: Y.Text; readOnly?: boolean } & Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'>;

export function YTextInput({ text, readOnly = false, ...rest }: Props) {
  const binding = useYTextBinding<HTMLInputElement>(text);
  return <input {...rest} {...binding} readOnly={readOnly} />;
}
