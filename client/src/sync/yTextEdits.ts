/**
 * Turning an <input>'s new value into the smallest Y.Text edit, and keeping the caret where the
 * person left it when someone else edits the same text. Replacing the whole text on each
 * keystroke would discard concurrent corrections; a minimal splice merges with them.
 */
import type * as Y from 'yjs';

const isHigh = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLow = (code: number) => code >= 0xdc00 && code <= 0xdfff;

export function applyTextChange(text: Y.Text, next: string): void {
  const prev = text.toString();
  if (prev === next) return;
  let start = 0;
  const shortest = Math.min(prev.length, next.length);
  while (start < shortest && prev.charCodeAt(start) === next.charCodeAt(start)) start++;
  // Never split a surrogate pair: Yjs would store half an emoji.
  if (start > 0 && isHigh(prev.charCodeAt(start - 1))) start--;
  let endPrev = prev.length;
  let endNext = next.length;
  while (endPrev > start && endNext > start && prev.charCodeAt(endPrev - 1) === next.charCodeAt(endNext - 1)) {
    endPrev--;
    endNext--;
  }
  if (endPrev < prev.length && isLow(prev.charCodeAt(endPrev))) {
    endPrev++;
    endNext++;
  }
  const apply = () => {
    if (endPrev > start) text.delete(start, endPrev - start);
    if (endNext > start) text.insert(start, next.slice(start, endNext));
  };
  if (text.doc) text.doc.transact(apply);
  else apply();
}

/** Where an index of the old text ends up after a remote change described by delta. */
export function transformIndex(delta: Y.YTextEvent['delta'], index: number): number {
  let oldPos = 0;
  let result = index;
  for (const op of delta) {
    if (op.retain !== undefined) {
      oldPos += op.retain;
    } else if (op.insert !== undefined) {
      // Text inserted exactly at the caret goes after it: the person keeps typing where they were.
      if (oldPos < index) result += typeof op.insert === 'string' ? op.insert.length : 1;
    } else if (op.delete !== undefined) {
      result -= Math.min(op.delete, Math.max(0, index - oldPos));
      oldPos += op.delete;
    }
  }
  return Math.max(0, result);
}
