/**
 * How big a drill is. `smoke` runs in CI inside the browser suite (well under two minutes on a
 * busy two-core machine); `full` is a game day's load: more people in Chromium, hundreds of
 * transcript entries and a burst of alerts, still a few minutes.
 */
export interface DrillSize {
  name: 'smoke' | 'full';
  /** Responders signed in through the OpenID provider, each in a Chromium page (at least 2). */
  browserResponders: number;
  /** Entries each browser responder types while nodes restart and die. */
  entriesPerBrowser: number;
  /** Scripted scribes on the stock y-websocket client, writing through the balancer. */
  botScribes: number;
  /** How often each of them writes an entry, from before the restart until the killed node is back. */
  botEveryMs: number;
  /** Further alerts of the same service after the first two, half from each sender. */
  alertBurst: number;
}

export const DRILL_SIZES: Record<DrillSize['name'], DrillSize> = {
  smoke: { name: 'smoke', browserResponders: 2, entriesPerBrowser: 3, botScribes: 1, botEveryMs: 250, alertBurst: 2 },
  full: { name: 'full', browserResponders: 4, entriesPerBrowser: 12, botScribes: 3, botEveryMs: 100, alertBurst: 30 },
};

export function drillSize(name: string): DrillSize {
  const size = DRILL_SIZES[name as DrillSize['name']];
  if (!size) throw new Error(`unknown drill size "${name}": smoke or full`);
  return size;
}
