/** The postmortem's sections in the template's order, each a co-edited rich text. */
import { lazy, Suspense, useMemo } from 'react';
import * as Y from 'yjs';
import type { PostmortemMaps } from '../../../../shared/postmortem.ts';
import { useYVersion } from '../../sync/useYjs.ts';

// Quill is most of the editor's weight: only the postmortem page loads it.
const RichTextSection = lazy(() => import('./RichTextSection.tsx'));

interface Props {
  maps: PostmortemMaps;
  readOnly: boolean;
  onTyping: (typing: boolean) => void;
}

export function PostmortemSections({ maps, readOnly, onTyping }: Props) {
  const outlineVersion = useYVersion(maps.outline);
  const sectionsVersion = useYVersion(maps.sections);
  const sections = useMemo(
    () =>
      [...maps.outline.entries()]
        .sort(([, a], [, b]) => a.position - b.position)
        .map(([key, { title }]) => ({ key, title, text: maps.sections.get(key) }))
        .filter((s): s is { key: string; title: string; text: Y.Text } => s.text instanceof Y.Text),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [maps, outlineVersion, sectionsVersion],
  );

  if (sections.length === 0) return <p className="muted" aria-busy="true">Loading the sections…</p>;
  return (
    <div className="postmortem-sections">
      <Suspense fallback={<p className="muted" aria-busy="true">Loading the editor…</p>}>
        {sections.map((s) => (
          <section key={s.key} className="postmortem-section" aria-labelledby={`pm-section-${s.key}`} data-testid="postmortem-section" data-section={s.key}>
            <h2 id={`pm-section-${s.key}`}>{s.title}</h2>
            <RichTextSection text={s.text} label={s.title} readOnly={readOnly} onTyping={onTyping} />
          </section>
        ))}
      </Suspense>
    </div>
  );
}
