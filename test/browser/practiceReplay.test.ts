/**
 * Issue 22 in the browser: from a resolved incident's replay page, "Practise this incident" at a
 * chosen speed opens a new room marked Practice, where the outage's entries arrive as its log
 * replays; the lobby marks the drill too.
 */
import { describe, expect, it } from 'vitest';
import { browserSuite, openLobby, signedInResponder, transcriptTexts, waitForLive } from '../helpers/browser.ts';
import { connectDoc, eventually, synced } from '../helpers/clients.ts';
import { addTranscriptEntry } from '../helpers/cluster.ts';
import { declareIncident, tokenFor } from '../helpers/incidents.ts';
import { TestClock } from '../helpers/testClock.ts';
import { readTranscript } from '../../shared/responderDoc.ts';

describe('practising a past incident in the browser', () => {
  const clock = new TestClock({ running: true });
  const suite = browserSuite({}, { clock });

  it('starts a drill from the replay page; the room says Practice and the entries arrive', async () => {
    const { server, browser, people } = suite;
    const sourceId = await declareIncident(server, 'Payments timing out', 'SEV2');
    const token = await tokenFor(server, sourceId, 'Iris');
    const scribe = connectDoc(server.wsUrl, sourceId, token);
    await synced(scribe);
    // Half an hour after the declaration: at 60× speed, 30 s into the drill, long after the room has opened.
    clock.advance(30 * 60_000);
    addTranscriptEntry(scribe.doc, 'e1', 'card network latency spiking');
    addTranscriptEntry(scribe.doc, 'e2', 'switched to the backup acquirer');
    await eventually(() => readTranscript(scribe.doc).length === 2, 'the entries written');
    scribe.destroy();
    expect((await server.api('POST', `/api/incidents/${sourceId}/commands`, { type: 'setStatus', status: 'resolved' })).status).toBe(200);

    const pat = await signedInResponder(browser, server, 'Pat Practice');
    people.push(pat);
    await pat.page.goto(`${server.url}/incidents/${sourceId}/replay`);
    await pat.page.getByTestId('replay').waitFor();
    await pat.page.getByLabel('Practice speed').selectOption('60');
    await pat.page.getByRole('button', { name: 'Practise this incident' }).click();
    await pat.page.waitForURL((url) => /^\/incidents\/inc-[^/]+$/.test(url.pathname) && !url.pathname.endsWith(sourceId));
    await pat.page.getByTestId('room').waitFor();
    await waitForLive(pat.page);
    await pat.page.getByTestId('practice-badge').first().waitFor();
    expect(await pat.page.getByTestId('incident-title').innerText()).toBe('Practice: Payments timing out');
    expect(await transcriptTexts(pat.page)).toEqual([]);

    clock.advance(2 * 60 * 60_000);
    await expect.poll(() => transcriptTexts(pat.page), { timeout: 15_000 }).toEqual(['card network latency spiking', 'switched to the backup acquirer']);

    const practiceId = new URL(pat.page.url()).pathname.split('/').pop()!;
    await openLobby(pat, server);
    const row = pat.page.locator(`[data-incident="${practiceId}"]`);
    await row.waitFor({ timeout: 10_000 });
    expect(await row.getByTestId('practice-badge').count()).toBe(1);
    expect(await pat.page.locator(`[data-incident="${sourceId}"]`).getByTestId('practice-badge').count()).toBe(0);
  });
});
