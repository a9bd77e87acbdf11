/**
 * React views of Yjs types. Components subscribe to exactly the type they show, so a keystroke
 * in one transcript entry re-renders that entry, not the whole room.
 */
import { useEffect, useMemo, useState } from 'react';
import * as Y from 'yjs';

/** A counter that moves whenever the type (or, with deep, anything inside it) changes. */
export function useYVersion(type: Y.AbstractType<any> | null | undefined, deep = false): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (!type) return;
    const bump = () => setVersion((v) => v + 1);
    if (deep) type.observeDeep(bump);
    else type.observe(bump);
    // Changes between the render that read the type and this subscription would be missed.
    bump();
    return () => {
      if (deep) type.unobserveDeep(bump);
      else type.unobserve(bump);
    };
  }, [type, deep]);
  return version;
}

/** Re-renders on any change of a whole document (e.g. the small, server-written state doc). */
export function useDocVersion(doc: Y.Doc | null | undefined): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (!doc) return;
    const bump = () => setVersion((v) => v + 1);
    doc.on('update', bump);
    bump();
    return () => doc.off('update', bump);
  }, [doc]);
  return version;
}

export function useYArray<T>(array: Y.Array<T> | null | undefined): T[] {
  const version = useYVersion(array);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  return useMemo(() => (array ? array.toArray() : []), [array, version]);
}

export function useYText(text: Y.Text | null | undefined): string {
  const version = useYVersion(text);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  return useMemo(() => (text ? text.toString() : ''), [text, version]);
}

/** The plain (non-Yjs) fields of a map, re-read when one of them changes. */
export function useYMapFields<T extends object>(map: Y.Map<unknown> | null | undefined): Partial<T> {
  const version = useYVersion(map);
  return useMemo(() => {
    const fields: Record<string, unknown> = {};
    if (map) for (const [key, value] of map.entries()) if (!(value instanceof Y.AbstractType)) fields[key] = value;
    return fields as Partial<T>;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [map, version]);
}
