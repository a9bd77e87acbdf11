/**
 * Keeps an editor from sending a format the server refuses (shared/richText.ts). The server
 * closes a connection that sends one (4400, which the provider does not retry), so a pasted
 * `<h1>`, a checklist typed as "[ ] " or a `javascript:` link typed into the link box would
 * otherwise end the editing session. The server's vetting stays the guard; this keeps honest
 * editors clear of it.
 */
import type Quill from 'quill';
import type { Delta } from 'quill';
import { isAllowedFormat } from '../../../../shared/richText.ts';

type Op = Delta['ops'][number];

/**
 * Listens before the Yjs binding does and edits each local change in place, so the binding only
 * ever sees allowed formats: `false` (Quill's "remove") becomes `null`, anything refused is taken
 * out and then removed from the editor's own view too. `sourceOfCorrections` is how the binding
 * names its own changes, so it does not send the correction back.
 */
export function allowedFormatsOnly(quill: Quill, sourceOfCorrections: () => unknown): void {
  quill.on('editor-change', (event: string, ...args: unknown[]) => {
    const [delta, , source] = args as [Delta, Delta, string];
    if (event !== 'text-change' || (source !== 'user' && source !== 'api')) return;
    const refused: Array<{ index: number; length: number; key: string }> = [];
    let index = 0;
    for (const op of delta.ops as Op[]) {
      if (op.delete !== undefined) continue;
      const length = typeof op.retain === 'number' ? op.retain : typeof op.insert === 'string' ? op.insert.length : 1;
      const attributes = op.attributes as Record<string, unknown> | undefined;
      for (const key of Object.keys(attributes ?? {})) {
        if (attributes![key] === false) attributes![key] = null;
        if (isAllowedFormat(key, attributes![key])) continue;
        delete attributes![key];
        refused.push({ index, length, key });
      }
      if (attributes && Object.keys(attributes).length === 0) delete op.attributes;
      index += length;
    }
    if (refused.length === 0) return;
    queueMicrotask(() => {
      for (const { index: at, length, key } of refused) quill.formatText(at, length, key, null, sourceOfCorrections() as 'api');
    });
  });
}
