import type { LinkStatus } from './useLinkStatus.ts';

/** A view is only live when all its document connections are; the worst one speaks for all. */
export function combineLinks(...links: LinkStatus[]): LinkStatus {
  return {
    connected: links.every((l) => l.connected),
    synced: links.every((l) => l.synced),
    everSynced: links.every((l) => l.everSynced),
    closed: links.find((l) => l.closed?.fatal)?.closed ?? links.find((l) => l.closed)?.closed ?? null,
  };
}
