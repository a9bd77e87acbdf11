/**
 * A responder loses the network, keeps writing, and comes back: the room says it is offline,
 * the entries stay on the device (IndexedDB) meanwhile, and reach everyone once it reconnects.
 *
 * The responder reaches the server through a proxy the test severs, so the connection is
 * really cut (the server sees it close), and the browser is also put offline, as a laptop
 * whose Wi-Fi dropped would be.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  browserSuite,
  openRoom,
  readIndexedDbUpdates,
  signedInResponder,
  transcriptAuthors,
  transcriptTexts,
  waitForLive,
  writeEntry,
} from '../helpers/browser.ts';
import { declareIncident } from '../helpers/incidents.ts';
import { readTranscript } from '../../shared/responderDoc.ts';

const BEFORE = 'online: looking at the worker logs';
const OFFLINE_ENTRIES = ['offline: restarted the payments worker', 'offline: queue depth falling', 'offline: will confirm in 5 min'];

describe('writing while offline', () => {
  const suite = browserSuite({}, { proxied: true });

  it('keeps entries written offline and syncs them when the connection returns', async () => {
    const incidentId = await declareIncident(suite.server, 'Payments worker stuck', 'SEV2');
    const olivia = await signedInResponder(suite.browser, suite.server, 'Olivia Offline');
    const bob = await signedInResponder(suite.browser, suite.server, 'Bob Online');
    await Promise.all([openRoom(olivia, suite.proxy.url, incidentId), openRoom(bob, suite.server, incidentId)]);
    await writeEntry(olivia.page, BEFORE);
    await expect.poll(() => transcriptTexts(bob.page), { timeout: 10_000 }).toEqual([BEFORE]);
    const oliviaOnBobsScreen = bob.page.getByTestId('presence-person').filter({ hasText: 'Olivia Offline' });
    await oliviaOnBobsScreen.waitFor({ timeout: 10_000 });

    // The network drops under the page: the room notices by itself and says so.
    suite.proxy.cut();
    const offlineBanner = olivia.page.locator('[data-testid="connection-banner"][data-state="offline"]');
    await offlineBanner.waitFor({ timeout: 10_000 });
    // The server saw the connection go: Olivia's presence is gone from Bob's screen.
    await oliviaOnBobsScreen.waitFor({ state: 'detached', timeout: 10_000 });
    // Then the browser learns it is offline too, and the banner says that.
    await olivia.context.setOffline(true);
    await expect.poll(() => offlineBanner.innerText(), { timeout: 10_000 }).toContain('This device is offline');

    for (const text of OFFLINE_ENTRIES) await writeEntry(olivia.page, text);
    expect(await transcriptTexts(olivia.page)).toEqual([BEFORE, ...OFFLINE_ENTRIES]);
    expect(await transcriptAuthors(olivia.page)).toEqual(Array(4).fill('Olivia Offline'));

    // Kept on the device: the responder document's IndexedDB store holds the offline entries.
    const stored = new Y.Doc();
    await expect
      .poll(
        async () => {
          for (const update of await readIndexedDbUpdates(olivia.page, `incident-room:${olivia.userId}:${incidentId}`)) {
            Y.applyUpdate(stored, new Uint8Array(update));
          }
          return readTranscript(stored).map((e) => e.text);
        },
        { timeout: 10_000 },
      )
      .toEqual([BEFORE, ...OFFLINE_ENTRIES]);

    // Nothing reached the server meanwhile (a pause, then a plain check: no timing is asserted).
    await bob.page.waitForTimeout(1000);
    expect(await transcriptTexts(bob.page)).toEqual([BEFORE]);

    suite.proxy.restore();
    await olivia.context.setOffline(false);
    await waitForLive(olivia.page);
    await expect.poll(() => transcriptTexts(bob.page), { timeout: 15_000 }).toEqual([BEFORE, ...OFFLINE_ENTRIES]);
    await expect.poll(() => transcriptAuthors(bob.page), { timeout: 10_000 }).toEqual(Array(4).fill('Olivia Offline'));
    await oliviaOnBobsScreen.waitFor({ timeout: 10_000 });

    expect([...olivia.errors, ...bob.errors]).toEqual([]);
    await Promise.all([olivia.context.close(), bob.context.close()]);
  });
});
