/**
 * One role's checklist as live Y.Maps, with how many items are done. Follows the role's array
 * even if it is replaced (the server seeds it, or a client starts one for an older incident),
 * and every change inside it, so the "2/4" count is live for everyone.
 */
import { useMemo } from 'react';
import type * as Y from 'yjs';
import { onlyMaps, responderRoots } from '../../../shared/responderDoc.ts';
import { checklistOf } from './responderDoc.ts';
import type { ChecklistItemMap } from './responderDoc.ts';
import { useYVersion } from './useYjs.ts';

export interface Checklist {
  /** The role's shared list; null when the incident has none for the role. */
  list: Y.Array<ChecklistItemMap> | null;
  items: ChecklistItemMap[];
  done: number;
}

export function useChecklist(doc: Y.Doc, role: string): Checklist {
  const lists = responderRoots(doc).checklists;
  const listsVersion = useYVersion(lists);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const list = useMemo(() => checklistOf(doc, role), [doc, role, listsVersion]);
  const version = useYVersion(list, true);
  return useMemo(() => {
    const items = list ? onlyMaps(list.toArray()) : [];
    return { list, items, done: items.filter((item) => item.get('done') === true).length };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [list, version]);
}
