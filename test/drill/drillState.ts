/** What the steps of one drill hand on to each other and to the final checks. */
export interface DrillState {
  incidentId: string;
  /** Transcript entry ids each watcher (browser page or scripted reader) saw, by watcher. */
  seen: Map<string, Set<string>>;
  /** Ids of the entries written, by whom, so the checks know what must be there. */
  written: Map<string, string[]>;
  /** The texts of what people published, for finding them downstream. */
  stakeholderUpdates: string[];
  statusUpdates: string[];
  slackNote: string;
  followUpTitle: string;
  /** The tracker's key of the exported follow-up (`owner/repo#n`). */
  followUpKey: string;
  postmortemSummary: string;
}

export function newDrillState(): DrillState {
  return { incidentId: '', seen: new Map(), written: new Map(), stakeholderUpdates: [], statusUpdates: [], slackNote: '', followUpTitle: '', followUpKey: '', postmortemSummary: '' };
}

/** Polls until `done` holds for the probe's value; fails naming what was awaited and the last value. */
export async function waitFor<T>(what: string, probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const start = Date.now();
  let last: T | undefined;
  for (;;) {
    try {
      last = await probe();
      if (done(last)) return last;
    } catch (error) {
      // A node restarting refuses for a moment: keep asking until the deadline.
      last = (error as Error).message as T;
    }
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)?.slice(0, 600)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Fails the drill with a message that says what was expected. */
export function check(ok: boolean, message: string): void {
  if (!ok) throw new Error(message);
}
