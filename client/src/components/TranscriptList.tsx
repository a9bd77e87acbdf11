/**
 * The transcript as it streams in: time, author, kind and text per entry, in time order (an
 * entry merged after an offline spell takes its place by time, issue 12). It follows new entries
 * while the reader is at the bottom and stays put when they scrolled up to read, offering a
 * jump back instead; rows keep their keys, so an entry being edited keeps its editor and focus
 * when an earlier one is merged above it, and the jump button floats, so nothing shifts.
 */
import { memo, useCallback, useImperativeHandle, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { inTimeOrder } from '../format/timeOrder.ts';
import type { KeyboardEvent as ReactKeyboardEvent, Ref } from 'react';
import * as Y from 'yjs';
import type { Person } from '../../../shared/incident.ts';
import { EntryTime } from './EntryTime.tsx';
import { RowBoundary } from './RowBoundary.tsx';
import { creatorClient, readEntryFields } from '../../../shared/responderDoc.ts';
import { itemKey, setEntryHighlighted } from '../sync/responderDoc.ts';
import type { EntryMap } from '../sync/responderDoc.ts';
import { useYMapFields, useYText } from '../sync/useYjs.ts';
import { YTextInput } from './YTextInput.tsx';

const KIND_LABEL: Record<string, string> = { note: 'Note', action: 'Action', decision: 'Decision', question: 'Question' };
const KIND_MARK: Record<string, string> = { note: '·', action: '▶', decision: '◆', question: '?' };

export function kindLabel(kind: string): string {
  return KIND_LABEL[kind] ?? kind;
}

interface Props {
  entries: EntryMap[];
  /** Who wrote the entry created with a Yjs client id; null while the server has not said. */
  authorOf: (client: number) => Person | null;
  editable: boolean;
  /** Lets the composer bring the view back to the newest entry after writing one. */
  followRef?: Ref<() => void>;
}

const NEAR_BOTTOM_PX = 32;

/**
 * Roving focus (issue 12): the arrow keys, Home and End move between entries (to each entry's
 * correct button, or the entry itself when it has none) instead of tabbing through every control.
 */
function moveBetweenEntries(event: ReactKeyboardEvent<HTMLDivElement>): void {
  if (!['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(event.key)) return;
  const target = event.target as HTMLElement;
  if (target.closest('input, textarea, select, [contenteditable]')) return;
  const rows = [...event.currentTarget.querySelectorAll<HTMLElement>('li.entry')];
  if (rows.length === 0) return;
  const current = rows.indexOf(target.closest('li.entry') as HTMLElement);
  const next =
    event.key === 'Home' ? 0 : event.key === 'End' ? rows.length - 1 : current === -1 ? (event.key === 'ArrowDown' ? 0 : rows.length - 1) : current + (event.key === 'ArrowDown' ? 1 : -1);
  const row = rows[Math.max(0, Math.min(rows.length - 1, next))]!;
  event.preventDefault();
  (row.querySelector<HTMLElement>('.entry-edit-button') ?? row).focus();
}

export function TranscriptList({ entries: merged, authorOf, editable, followRef }: Props) {
  // Keys come from the merged order, so sorting never remounts a row.
  const entries = useMemo(() => inTimeOrder(merged.map((entry, index) => ({ entry, key: itemKey(entry, index) })), ({ entry }) => readEntryFields(entry).at), [merged]);
  const scroller = useRef<HTMLDivElement>(null);
  const following = useRef(true);
  const seenCount = useRef(entries.length);
  const [unseen, setUnseen] = useState(0);

  const jumpToLatest = useCallback(() => {
    const el = scroller.current;
    following.current = true;
    setUnseen(0);
    if (el) el.scrollTop = el.scrollHeight;
  }, []);
  useImperativeHandle(followRef, () => jumpToLatest, [jumpToLatest]);

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    following.current = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM_PX;
    if (following.current) setUnseen(0);
  };

  useLayoutEffect(() => {
    const added = entries.length - seenCount.current;
    seenCount.current = entries.length;
    const el = scroller.current;
    if (!el) return;
    if (following.current) el.scrollTop = el.scrollHeight;
    else if (added > 0) setUnseen((n) => n + added);
  }, [entries.length]);

  return (
    <div className="transcript-body">
      <div className="transcript-scroll" ref={scroller} onScroll={onScroll} onKeyDown={moveBetweenEntries} tabIndex={0} aria-label="Transcript entries (arrow keys move between entries)">
        {entries.length === 0 ? (
          <p className="empty">Nothing written yet.{editable ? ' The scribe writes what people say, do and decide below.' : ''}</p>
        ) : (
          <ol className="transcript-entries" aria-live="polite" aria-relevant="additions">
            {entries.map(({ entry, key }, index) => {
              const client = creatorClient(entry);
              const author = client < 0 ? null : authorOf(client);
              const previous = index > 0 ? entries[index - 1]!.entry : undefined;
              const previousClient = previous ? creatorClient(previous) : -1;
              const previousAuthor = previousClient < 0 ? null : authorOf(previousClient);
              return (
                <RowBoundary key={key} what="entry">
                  <TranscriptRow entry={entry} author={author} continued={author !== null && previousAuthor?.id === author.id} editable={editable} />
                </RowBoundary>
              );
            })}
          </ol>
        )}
      </div>
      {unseen > 0 && (
        <button type="button" className="jump-latest" data-harmless="true" onClick={jumpToLatest}>
          ↓ {unseen} new {unseen === 1 ? 'entry' : 'entries'}
        </button>
      )}
    </div>
  );
}

interface RowProps {
  entry: EntryMap;
  author: Person | null;
  /** Same author as the entry above: the name is shown quieter, so changes of speaker stand out. */
  continued: boolean;
  editable: boolean;
}

const TranscriptRow = memo(function TranscriptRow({ entry, author, continued, editable }: RowProps) {
  // Re-read the plain fields when they change (the kind can be corrected too).
  useYMapFields(entry);
  const view = readEntryFields(entry);
  const [editing, setEditing] = useState(false);
  return (
    <li
      className={`entry entry-${view.kind}${continued ? ' entry-continued' : ''}${view.highlighted ? ' entry-highlighted' : ''}`}
      data-testid="transcript-entry"
      data-kind={view.kind}
      data-highlighted={view.highlighted}
      tabIndex={-1}
    >
      <EntryTime at={view.at} className="entry-time" />
      <span className="entry-author" data-testid="entry-author" title={author ? author.name : 'Waiting for the server to confirm who wrote this'}>
        {author?.name ?? '…'}
      </span>
      <span className={`entry-kind kind-${view.kind}`} title={kindLabel(view.kind)}>
        <span aria-hidden="true">{KIND_MARK[view.kind] ?? '·'}</span> {kindLabel(view.kind)}
      </span>
      {view.text instanceof Y.Text && editing ? (
        <YTextInput
          text={view.text}
          className="entry-edit"
          aria-label="Correct this entry (changes are shared as you type)"
          autoFocus
          onBlur={() => setEditing(false)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' || e.key === 'Escape') {
              e.preventDefault();
              // Back to this entry's correct button, not to the top of the page (issue 12).
              const row = e.currentTarget.closest('li');
              setEditing(false);
              requestAnimationFrame(() => row?.querySelector<HTMLElement>('.entry-edit-button')?.focus());
            }
          }}
        />
      ) : (
        <EntryText
          text={view.text}
          onEdit={editable && view.text instanceof Y.Text ? () => setEditing(true) : undefined}
          highlight={editable ? { on: view.highlighted, toggle: () => setEntryHighlighted(entry, !view.highlighted) } : undefined}
        />
      )}
    </li>
  );
});

interface EntryTextProps {
  text: Y.Text | string;
  onEdit: (() => void) | undefined;
  /** Marking the entry for the postmortem's timeline (issue 20); absent for readers. */
  highlight: { on: boolean; toggle: () => void } | undefined;
}

function EntryText({ text, onEdit, highlight }: EntryTextProps) {
  const shared = useYText(text instanceof Y.Text ? text : null);
  const value = text instanceof Y.Text ? shared : text;
  return (
    <span className="entry-text-wrap">
      <span className="entry-text" data-testid="entry-text" onDoubleClick={onEdit}>
        {value}
      </span>
      {onEdit && (
        <button type="button" className="entry-edit-button link-button" aria-label={`Correct entry: ${value}`} title="Correct this entry" onClick={onEdit}>
          ✎
        </button>
      )}
      {highlight && (
        <button
          type="button"
          className={`entry-highlight-button link-button${highlight.on ? ' on' : ''}`}
          aria-pressed={highlight.on}
          aria-label={`Highlight for the postmortem: ${value}`}
          title={highlight.on ? 'Highlighted for the postmortem’s timeline (press to remove)' : 'Highlight for the postmortem’s timeline'}
          onClick={highlight.toggle}
        >
          {highlight.on ? '★' : '☆'}
        </button>
      )}
    </span>
  );
}
