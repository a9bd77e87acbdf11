/**
 * One strip that always occupies the same height, so the room never shifts when the
 * connection drops: quiet when live, loud when offline or refused.
 */
import type { LinkStatus } from '../sync/useLinkStatus.ts';

export type ConnectionView =
  | { kind: 'live' }
  | { kind: 'connecting' }
  | { kind: 'offline'; detail: string }
  | { kind: 'refused'; detail: string };

export function describeConnection(link: LinkStatus, online: boolean, offlineDetail: string): ConnectionView {
  if (link.closed?.fatal) return { kind: 'refused', detail: link.closed.message };
  if (link.connected && link.synced && online) return { kind: 'live' };
  if (!link.everSynced && online && !link.closed) return { kind: 'connecting' };
  const why = !online ? 'This device is offline.' : link.closed ? link.closed.message : 'Lost the connection to the server. Reconnecting…';
  return { kind: 'offline', detail: `${why} ${offlineDetail}` };
}

export function ConnectionBanner({ view }: { view: ConnectionView }) {
  const text =
    view.kind === 'live'
      ? 'Live'
      : view.kind === 'connecting'
        ? 'Connecting…'
        : view.kind === 'offline'
          ? `Offline — ${view.detail}`
          : `Disconnected — ${view.detail}`;
  const urgent = view.kind === 'offline' || view.kind === 'refused';
  return (
    <div
      className={`connection connection-${view.kind}`}
      role={urgent ? 'alert' : 'status'}
      data-testid="connection-banner"
      data-state={view.kind}
    >
      <span aria-hidden="true" className="connection-dot" />
      <span className="connection-text">{text}</span>
    </div>
  );
}
