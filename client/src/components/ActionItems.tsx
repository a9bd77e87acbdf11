/** Action items: add, give an owner from the people in the room, mark done; live for everyone. */
import { useMemo, useState } from 'react';
import type { FormEvent } from 'react';
import type * as Y from 'yjs';
import type { Person } from '../../../shared/incident.ts';
import { Limits } from '../../../shared/limits.ts';
import { addActionItem, itemKey, onlyMaps, readAction, responderRoots, setActionOwner, setActionStatus } from '../sync/responderDoc.ts';
import type { ActionMap } from '../sync/responderDoc.ts';
import { useYArray, useYMapFields, useYText } from '../sync/useYjs.ts';
import { YTextInput } from './YTextInput.tsx';

export function ActionItems({ doc, people }: { doc: Y.Doc; people: Person[] }) {
  const all = useYArray(responderRoots(doc).actions);
  const items = useMemo(() => onlyMaps(all), [all]);
  const [title, setTitle] = useState('');
  const open = items.filter((item) => item.get('status') !== 'done').length;

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
        <span className="muted small">
          {open} open · {items.length - open} done
        </span>
      </header>
      <div className="panel-scroll">
        {items.length === 0 ? (
          <p className="empty">No action items yet.</p>
        ) : (
          <ul className="action-list">
            {items.map((item, index) => (
              <ActionItemRow key={itemKey(item, index)} item={item} people={people} />
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

function ActionItemRow({ item, people }: { item: ActionMap; people: Person[] }) {
  const fields = useYMapFields<Record<string, unknown>>(item);
  const action = readAction(item, fields);
  const title = useYText(action.title);
  const [editing, setEditing] = useState(false);
  const done = action.status === 'done';
  // An owner who is not (yet) among the incident's people still shows, by id.
  const ownerKnown = action.owner === null || people.some((p) => p.id === action.owner);
  return (
    <li className={`action-row${done ? ' done' : ''}`} data-testid="action-item" data-status={action.status}>
      <input type="checkbox" checked={done} aria-label={`Done: ${title}`} onChange={(e) => setActionStatus(item, e.target.checked ? 'done' : 'open')} />
      {editing && action.title ? (
        <YTextInput
          text={action.title}
          className="action-edit"
          aria-label="Edit action item"
          autoFocus
          onBlur={() => setEditing(false)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' || e.key === 'Escape') setEditing(false);
          }}
        />
      ) : (
        <span className="action-title" data-testid="action-title" onDoubleClick={() => setEditing(true)}>
          {title}
        </span>
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
    </li>
  );
}
