/**
 * Action items: add, give an owner from the people in the room, mark done, rename, delete; live
 * for everyone. The title is edited with an Edit button (keyboard and touch) as well as a
 * double-click (issue 12).
 */
import { useMemo, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import * as Y from 'yjs';
import type { Person } from '../../../shared/incident.ts';
import { Limits } from '../../../shared/limits.ts';
import { onlyMaps, readActionFields, responderRoots } from '../../../shared/responderDoc.ts';
import { addActionItem, deleteActionItem, itemKey, setActionOwner, setActionStatus } from '../sync/responderDoc.ts';
import type { ActionMap } from '../sync/responderDoc.ts';
import { useYArray, useYMapFields, useYText, useYVersion } from '../sync/useYjs.ts';
import { RowBoundary } from './RowBoundary.tsx';
import { YTextInput } from './YTextInput.tsx';

export function ActionItems({ doc, people }: { doc: Y.Doc; people: Person[] }) {
  const all = useYArray(responderRoots(doc).actions);
  const items = useMemo(() => onlyMaps(all), [all]);
  const [title, setTitle] = useState('');

  const add = (event: FormEvent) => {
    event.preventDefault();
    if (!title.trim()) return;
    addActionItem(doc, title.trim());
    setTitle('');
  };

  return (
    <section className="panel actions-panel" aria-labelledby="actions-heading">
      <header className="panel-header">
        <h2 id="actions-heading">Action items</h2>
        <ActionCounts actions={responderRoots(doc).actions} />
      </header>
      <div className="panel-scroll">
        {items.length === 0 ? (
          <p className="empty">No action items yet.</p>
        ) : (
          <ul className="action-list">
            {items.map((item, index) => (
              <RowBoundary key={itemKey(item, index)} what="action item">
                <ActionItemRow item={item} people={people} onDelete={() => deleteActionItem(doc, item)} />
              </RowBoundary>
            ))}
          </ul>
        )}
      </div>
      <form className="inline-add" onSubmit={add}>
        <input
          aria-label="New action item"
          placeholder="Add an action item, Enter to add"
          maxLength={Limits.noteLength}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
        />
      </form>
    </section>
  );
}

/**
 * "2 open · 1 done". Ticking an item changes a field inside it, which the list's own (shallow)
 * observer never sees: the counter observes deeply (issue 12), on its own so that typing in a
 * title re-renders only this line.
 */
function ActionCounts({ actions }: { actions: Y.Array<Y.Map<unknown>> }) {
  useYVersion(actions, true);
  const items = onlyMaps(actions.toArray());
  const open = items.filter((item) => item.get('status') !== 'done').length;
  return (
    <span className="muted small" data-testid="action-counts">
      {open} open · {items.length - open} done
    </span>
  );
}

function ActionItemRow({ item, people, onDelete }: { item: ActionMap; people: Person[]; onDelete: () => void }) {
  const fields = useYMapFields<Record<string, unknown>>(item);
  const action = readActionFields(fields);
  const stored = item.get('title');
  const titleText = stored instanceof Y.Text ? stored : null;
  const title = useYText(titleText);
  const [editing, setEditing] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  // Closing the editor puts the keyboard back on the Edit button, not on the page (issue 12).
  const stopEditing = () => {
    setEditing(false);
    requestAnimationFrame(() => editButton.current?.focus());
  };
  const done = action.status === 'done';
  // An owner who is not (yet) among the incident's people still shows, by id.
  const ownerKnown = action.owner === null || people.some((p) => p.id === action.owner);
  return (
    <li className={`action-row${done ? ' done' : ''}`} data-testid="action-item" data-status={action.status}>
      <input type="checkbox" checked={done} aria-label={`Done: ${title}`} onChange={(e) => setActionStatus(item, e.target.checked ? 'done' : 'open')} />
      {editing && titleText ? (
        <YTextInput
          text={titleText}
          className="action-edit"
          aria-label="Edit action item"
          autoFocus
          onBlur={() => setEditing(false)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' || e.key === 'Escape') stopEditing();
          }}
        />
      ) : (
        <span className="action-title" data-testid="action-title" onDoubleClick={() => setEditing(true)}>
          {title}
        </span>
      )}
      {!editing && (
        <button type="button" ref={editButton} className="small-button action-rename" aria-label={`Edit action item: ${title}`} onClick={() => setEditing(true)}>
          Edit
        </button>
      )}
      <select className="action-owner" aria-label={`Owner of ${title}`} value={action.owner ?? ''} onChange={(e) => setActionOwner(item, e.target.value || null)}>
        <option value="">Unassigned</option>
        {!ownerKnown && action.owner && <option value={action.owner}>{action.owner}</option>}
        {people.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
      <button type="button" className="small-button action-delete" aria-label={`Delete action item: ${title}`} onClick={onDelete}>
        ×
      </button>
    </li>
  );
}
