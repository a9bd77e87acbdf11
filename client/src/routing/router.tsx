/**
 * A router of a handful of routes does not need a library: the browser's history is the one source of
 * truth, and components re-render when it changes (pushState does not fire popstate, so
 * navigate() announces its own change).
 */
import { useMemo, useSyncExternalStore } from 'react';
import type { AnchorHTMLAttributes, MouseEvent } from 'react';
import { isIncidentId } from '../../../shared/incident.ts';

const NAVIGATED = 'incident-room:navigated';

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  window.dispatchEvent(new Event(NAVIGATED));
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener('hashchange', onChange);
  window.addEventListener(NAVIGATED, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener('hashchange', onChange);
    window.removeEventListener(NAVIGATED, onChange);
  };
}

export function useLocation(): URL {
  const href = useSyncExternalStore(subscribe, () => location.href);
  return useMemo(() => new URL(href), [href]);
}

export type Route =
  | { name: 'lobby' }
  | { name: 'join'; invite: string | null }
  | { name: 'deviceJoin'; token: string | null }
  | { name: 'chatLink'; token: string | null }
  | { name: 'signInRefused'; reason: string | null }
  | { name: 'people' }
  | { name: 'room'; incidentId: string }
  | { name: 'replay'; incidentId: string }
  | { name: 'postmortem'; incidentId: string }
  | { name: 'roster' }
  | { name: 'schedules' }
  | { name: 'notificationSettings' }
  | { name: 'ack'; token: string | null }
  | { name: 'stakeholder'; incidentId: string; token: string | null }
  | { name: 'status' }
  | { name: 'followUps' }
  | { name: 'postmortems' }
  | { name: 'notFound' };

export function matchRoute(url: URL): Route {
  const path = url.pathname.replace(/\/+$/, '') || '/';
  if (path === '/') return { name: 'lobby' };
  if (path === '/join') return { name: 'join', invite: url.searchParams.get('invite') };
  if (path === '/status') return { name: 'status' };
  if (path === '/roster') return { name: 'roster' };
  if (path === '/people') return { name: 'people' };
  if (path === '/schedules') return { name: 'schedules' };
  if (path === '/follow-ups') return { name: 'followUps' };
  if (path === '/postmortems') return { name: 'postmortems' };
  if (path === '/settings/notifications') return { name: 'notificationSettings' };
  // A page email's acknowledge link: the secret in the fragment, as a stakeholder link's.
  if (path === '/ack') return { name: 'ack', token: new URLSearchParams(url.hash.slice(1)).get('token') };
  // The one-time secret travels in the fragment, like a stakeholder link's.
  if (path === '/join/device') return { name: 'deviceJoin', token: new URLSearchParams(url.hash.slice(1)).get('token') };
  if (path === '/link-chat') return { name: 'chatLink', token: new URLSearchParams(url.hash.slice(1)).get('token') };
  if (path === '/sign-in/refused') return { name: 'signInRefused', reason: url.searchParams.get('reason') };
  const room = /^\/incidents\/([^/]+)$/.exec(path);
  if (room?.[1] && isIncidentId(room[1])) return { name: 'room', incidentId: room[1] };
  const replay = /^\/incidents\/([^/]+)\/replay$/.exec(path);
  if (replay?.[1] && isIncidentId(replay[1])) return { name: 'replay', incidentId: replay[1] };
  const postmortem = /^\/incidents\/([^/]+)\/postmortem$/.exec(path);
  if (postmortem?.[1] && isIncidentId(postmortem[1])) return { name: 'postmortem', incidentId: postmortem[1] };
  const stakeholder = /^\/s\/([^/]+)$/.exec(path);
  if (stakeholder?.[1] && isIncidentId(stakeholder[1])) {
    // The token travels in the fragment, which browsers never send to the server or its logs.
    const token = new URLSearchParams(url.hash.slice(1)).get('token');
    return { name: 'stakeholder', incidentId: stakeholder[1], token };
  }
  return { name: 'notFound' };
}

/** An ordinary link that navigates in place; modified clicks still open tabs as people expect. */
export function Link({ to, onClick, ...rest }: { to: string } & AnchorHTMLAttributes<HTMLAnchorElement>) {
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return <a href={to} onClick={handle} {...rest} />;
}
