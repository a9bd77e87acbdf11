/**
 * Keeps an editor from sending a format the server refuses (shared/richText.ts). The server
 * closes a connection that sends one (4400, which the provider does not retry), so a pasted
 * `<h1>`, a checklist typed as "[ ] " or a `javascript:` link typed into the link box would
 * otherwise end the editing session. The server's vetting stays the guard; this keeps honest
 * editors clear of it.
 */
import type Quill from 'quill';
import type { Delta } from 'quill';
import { isAllowedFormat, isSafeLink } from '../../../../shared/richText.ts';

type Op = Delta['ops'][number];

/**
 * A link typed without its scheme, as people do ("wiki.example/runbook", "ops@example.com"),
 * made into the address they meant; null when it is no address, or names a scheme of its own.
 */
function withScheme(value: unknown): string | null {
  if (typeof value !== 'string' || /^[a-z][a-z0-9+.-]*:/i.test(value)) return null;
  const meant = /^[^\s/@]+@[^\s/@]+\.[^\s/@]+$/.test(value) ? `mailto:${value}` : `https://${value}`;
  return isSafeLink(meant) ? meant : null;
}

/**
 * Listens before the Yjs binding does and edits each local change in place, so the binding only
 * ever sees allowed formats: `false` (Quill's "remove") becomes `null`, a link typed without its
 * scheme gets one, anything else refused is taken out, and the editor's own view follows. `sourceOfCorrections` is how the binding
 * names its own changes, so it does not send the correction back.
 */
export function allowedFormatsOnly(quill: Quill, sourceOfCorrections: () => unknown): void {
  quill.on('editor-change', (event: string, ...args: unknown[]) => {
    const [delta, , source] = args as [Delta, Delta, string];
    if (event !== 'text-change' || (source !== 'user' && source !== 'api')) return;
    const corrections: Array<{ index: number; length: number; key: string; value: string | null }> = [];
    let index = 0;
    for (const op of delta.ops as Op[]) {
      if (op.delete !== undefined) continue;
      const length = typeof op.retain === 'number' ? op.retain : typeof op.insert === 'string' ? op.insert.length : 1;
      const attributes = op.attributes as Record<string, unknown> | undefined;
      for (const key of Object.keys(attributes ?? {})) {
        if (attributes![key] === false) attributes![key] = null;
        if (isAllowedFormat(key, attributes![key])) continue;
        const link = key === 'link' ? withScheme(attributes![key]) : null;
        if (link) attributes![key] = link;
        else delete attributes![key];
        corrections.push({ index, length, key, value: link });
      }
      if (attributes && Object.keys(attributes).length === 0) delete op.attributes;
      index += length;
    }
    if (corrections.length === 0) return;
    queueMicrotask(() => {
      for (const { index: at, length, key, value } of corrections) quill.formatText(at, length, key, value, sourceOfCorrections() as 'api');
    });
  });
}
