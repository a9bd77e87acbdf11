/**
 * A page loaded when first visited: the room and the lobby, opened in a hurry by everyone at
 * once, stay in the first bundle; the pages people open on a quiet afternoon (schedules,
 * settings, follow-ups, the postmortem) are fetched when they are.
 */
import { lazy, Suspense } from 'react';
import type { ComponentType } from 'react';

export function lazyPage<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  const Page = lazy(async () => ({ default: await load() }));
  return function LazyPage(props: P) {
    return (
      <Suspense fallback={<div className="splash" aria-busy="true" />}>
        <Page {...props} />
      </Suspense>
    );
  };
}
