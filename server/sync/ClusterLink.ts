/**
 * What a room needs from the other server nodes: hearing of updates they stored and presence
 * they were told, and telling them the same. Absent on a single node.
 */
export interface ClusterLink {
  /** Tells other nodes holding `doc` about an update stored as numbers first..last. */
  publishUpdate(doc: string, first: number, last: number, update: Uint8Array): void;
  publishPresence(doc: string, update: Uint8Array): void;
  /** Starts receiving what other nodes publish for `doc`; resolves once subscribed. */
  watch(doc: string): Promise<void>;
  unwatch(doc: string): void;
}

/** Where a cluster link delivers what other nodes published. */
export interface ClusterListener {
  onUpdate(doc: string, first: number, last: number, update: Uint8Array): void;
  onPresence(doc: string, update: Uint8Array): void;
  /** Another node stored updates of `doc` up to `head` that it could not publish. */
  onHead(doc: string, head: number): void;
  /** The link was down and is back: anything published meanwhile may be missed. */
  onResumed(): void;
}
