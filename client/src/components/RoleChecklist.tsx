/**
 * A role's checklist, co-edited live: tick a step, add one, correct its wording. Open by default
 * for the holder; anyone can open another role's list to see where it stands. It belongs to the
 * role, so whoever takes the role over finds it as it was left.
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import type * as Y from 'yjs';
import { Limits } from '../../../shared/limits.ts';
import { readChecklistItem } from '../../../shared/responderDoc.ts';
import { addChecklistItem, itemKey, setChecklistItemDone, setChecklistItemText } from '../sync/responderDoc.ts';
import type { ChecklistItemMap } from '../sync/responderDoc.ts';
import { useChecklist } from '../sync/useChecklist.ts';
import { useYMapFields } from '../sync/useYjs.ts';

interface Props {
  doc: Y.Doc;
  role: string;
  label: string;
  /** The signed-in person holds the role: the list opens by itself. */
  mine: boolean;
}

export function RoleChecklist({ doc, role, label, mine }: Props) {
  const { list, items, done } = useChecklist(doc, role);
  const [open, setOpen] = useState(mine);
  const [text, setText] = useState('');
  const listId = useId();

  // Taking a role over (claim or hand-off) opens its list for the new holder.
  useEffect(() => {
    if (mine) setOpen(true);
  }, [mine]);

  const add = (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim() || !list) return;
    addChecklistItem(list, text.trim());
    setText('');
  };

  const complete = items.length > 0 && done === items.length;
  return (
    <div className={`checklist${open ? ' open' : ''}`} data-testid={`checklist-${role}`}>
      <button
        type="button"
        className="checklist-toggle link-button"
        aria-expanded={open}
        aria-controls={listId}
        data-testid="checklist-toggle"
        onClick={() => setOpen((o) => !o)}
      >
        <span aria-hidden="true">{open ? '▾' : '▸'}</span> Checklist{' '}
        <span className={complete ? 'checklist-count complete' : 'checklist-count'} data-testid="checklist-count">
          {done}/{items.length}
          {complete ? ' ✓' : ''}
        </span>
      </button>
      {open && (
        <div id={listId}>
          {!list ? (
            <p className="muted small checklist-empty">This incident has no checklist for the role (it was declared before checklists existed).</p>
          ) : items.length === 0 ? (
            <p className="muted small checklist-empty">No steps yet.</p>
          ) : (
            <ul className="checklist-items">
              {items.map((item, index) => (
                <ChecklistRow key={itemKey(item, index)} item={item} />
              ))}
            </ul>
          )}
          {list && (
            <form className="checklist-add" onSubmit={add}>
              <input
                aria-label={`Add a step to the ${label} checklist`}
                placeholder="Add a step, Enter to add"
                maxLength={Limits.noteLength}
                value={text}
                onChange={(e) => setText(e.target.value)}
              />
            </form>
          )}
        </div>
      )}
    </div>
  );
}

function ChecklistRow({ item }: { item: ChecklistItemMap }) {
  const fields = useYMapFields<Record<string, unknown>>(item);
  const { text, done } = readChecklistItem(fields);
  const [draft, setDraft] = useState<string | null>(null);
  const cancelled = useRef(false);

  const commit = () => {
    if (!cancelled.current && draft !== null && draft.trim()) setChecklistItemText(item, draft.trim());
    cancelled.current = false;
    setDraft(null);
  };

  return (
    <li className={`checklist-item${done ? ' done' : ''}`} data-testid="checklist-item" data-done={done}>
      <input type="checkbox" checked={done} aria-label={`Done: ${text}`} onChange={(e) => setChecklistItemDone(item, e.target.checked)} />
      {draft !== null ? (
        <input
          className="checklist-edit"
          aria-label="Edit this step (Enter saves, Escape cancels)"
          autoFocus
          maxLength={Limits.noteLength}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={commit}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              e.currentTarget.blur();
            } else if (e.key === 'Escape') {
              e.preventDefault();
              e.stopPropagation();
              cancelled.current = true;
              e.currentTarget.blur();
            }
          }}
        />
      ) : (
        <>
          <span className="checklist-text" data-testid="checklist-text" onDoubleClick={() => setDraft(text)}>
            {text}
          </span>
          <button type="button" className="link-button checklist-edit-button" aria-label={`Edit step: ${text}`} title="Edit this step" onClick={() => setDraft(text)}>
            ✎
          </button>
        </>
      )}
    </li>
  );
}
