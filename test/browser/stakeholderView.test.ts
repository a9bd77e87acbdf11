/**
 * The stakeholder link: made in the room, opened on a phone, live, and read-only whatever the
 * page does. Forced writes from the stakeholder's console (raw Yjs frames on its own token,
 * socket.io commands, REST) change nothing on the server; revoking the link ends the view.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import {
  claimRole,
  launchBrowser,
  openRoom,
  openStakeholderLink,
  signedInResponder,
  startBrowserServer,
  transcriptTexts,
  writeEntry,
} from '../helpers/browser.ts';
import { connectDoc, synced } from '../helpers/clients.ts';
import { syncFrame, transcriptUpdate, updateOf } from '../helpers/frames.ts';
import { declareIncident } from '../helpers/incidents.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { readTranscript } from '../../shared/responderDoc.ts';
import { readMeta, readRoles, stateMaps } from '../../shared/stateDoc.ts';
import { responderDocName, stateDocName } from '../../shared/documents.ts';

describe('stakeholder view', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startBrowserServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('follows the incident live, offers no way to write, and ignores writes forced from its console', async () => {
    const incidentId = await declareIncident(server, 'EU checkout failing', 'SEV1');
    const alice = await signedInResponder(browser, server, 'Alice Nguyen');
    await openRoom(alice, server, incidentId);
    await claimRole(alice.page, 'commander', 'Incident commander');
    await writeEntry(alice.page, 'Errors started after deploy 4812');

    // Alice makes a stakeholder link in the room and reads it off the screen.
    await alice.page.getByRole('button', { name: 'Share stakeholder link' }).click();
    await alice.page.getByLabel('Link name').fill('Support leads');
    await alice.page.getByRole('button', { name: 'Create link' }).click();
    const link = await alice.page.getByTestId('stakeholder-link-url').inputValue();
    expect(link).toMatch(new RegExp(`/s/${incidentId}#token=[A-Za-z0-9_-]+$`));
    const token = decodeURIComponent(link.split('#token=')[1]!);
    await expect.poll(() => alice.page.getByTestId('stakeholder-link').count(), { timeout: 10_000 }).toBe(1);
    await alice.page.getByRole('button', { name: 'Close' }).click();

    const stakeholder = await openStakeholderLink(browser, link);
    const page = stakeholder.page;
    expect(await page.getByTestId('stakeholder-commander').innerText()).toBe('Alice Nguyen');
    await expect.poll(() => transcriptTexts(page), { timeout: 10_000 }).toEqual(['Errors started after deploy 4812']);

    // Live: a new entry and a published update appear without reload.
    await writeEntry(alice.page, 'Rolling back deploy 4812');
    await alice.page.getByRole('textbox', { name: 'Update for stakeholders' }).fill('We found the cause and are rolling back. Next update in 15 minutes.');
    await alice.page.getByRole('button', { name: 'Publish' }).click();
    await expect.poll(() => transcriptTexts(page), { timeout: 10_000 }).toEqual(['Errors started after deploy 4812', 'Rolling back deploy 4812']);
    await expect
      .poll(() => page.getByTestId('update-text').allInnerTexts(), { timeout: 10_000 })
      .toEqual(['We found the cause and are rolling back. Next update in 15 minutes.']);
    await expect.poll(() => page.getByTestId('transcript-entry').last().getByTestId('entry-author').innerText()).toBe('Alice Nguyen');

    // No control that writes: no field of any kind, and only buttons marked harmless (none here).
    expect(await page.locator('input, textarea, select, [contenteditable]:not([contenteditable="false"])').count()).toBe(0);
    expect(await page.locator('button:not([data-harmless="true"])').count()).toBe(0);

    // Forced writes from the console, with the page's own credentials.
    const base = server.url.replace(/^http/, 'ws');
    const forged = {
      [responderDocName(incidentId)]: [syncFrame(1, transcriptUpdate('forged by stakeholder')), syncFrame(2, transcriptUpdate('forged again'))],
      [stateDocName(incidentId)]: [
        syncFrame(2, updateOf((doc) => doc.getMap('meta').set('severity', 'SEV4'))),
        syncFrame(2, updateOf((doc) => doc.getMap('roles').set('comms', { id: 'u-x', name: 'Mallory', since: 1 }))),
      ],
    };
    const sent = await page.evaluate(
      async ({ base, token, frames }) => {
        const results: string[] = [];
        for (const [name, list] of Object.entries(frames)) {
          const ws = new WebSocket(`${base}/yjs/${name}`, [token]);
          ws.binaryType = 'arraybuffer';
          await new Promise<void>((resolve, reject) => {
            ws.onopen = () => resolve();
            ws.onerror = () => reject(new Error('raw socket failed'));
          });
          for (const frame of list) ws.send(new Uint8Array(frame));
          await new Promise((r) => setTimeout(r, 300));
          results.push(`${name}:${ws.readyState}`);
          ws.close();
        }
        return results;
      },
      { base, token, frames: Object.fromEntries(Object.entries(forged).map(([k, v]) => [k, v.map((f) => [...f])])) },
    );
    expect(sent).toHaveLength(2);

    const commandReplies = await page.evaluate(
      async ({ base, token, incidentId }) => {
        const ws = new WebSocket(`${base}/socket.io/?EIO=4&transport=websocket`);
        const commands = [
          { type: 'claimRole', incidentId, role: 'comms' },
          { type: 'publishUpdate', incidentId, text: 'forged update' },
          { type: 'setSeverity', incidentId, severity: 'SEV4' },
        ];
        const replies: string[] = [];
        await new Promise<void>((resolve) => {
          const done = setTimeout(resolve, 5000);
          ws.onmessage = (event) => {
            const packet = String(event.data);
            if (packet.startsWith('0')) ws.send('40' + JSON.stringify({ token })); // engine.io open: connect with the token
            else if (packet === '2') ws.send('3');
            else if (packet.startsWith('40')) commands.forEach((c, i) => ws.send(`42${i}` + JSON.stringify(['command', c])));
            else if (packet.startsWith('43') || packet.startsWith('44')) {
              replies.push(packet);
              if (replies.length === commands.length || packet.startsWith('44')) {
                clearTimeout(done);
                resolve();
              }
            }
          };
        });
        ws.close();
        const rest = await fetch(`/api/incidents/${incidentId}/commands`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ type: 'setStatus', status: 'resolved' }),
        });
        return { replies, rest: rest.status };
      },
      { base, token, incidentId },
    );
    expect(commandReplies.replies).toHaveLength(3);
    for (const reply of commandReplies.replies) expect(reply).toMatch(/"ok":false.*stakeholder links are read-only/);
    expect(commandReplies.rest).toBe(403);

    // The server is unchanged, as a fresh client and the REST API see it.
    const detail = await server.api('GET', `/api/incidents/${incidentId}`);
    expect(detail.body).toMatchObject({ severity: 'SEV1', status: 'investigating' });
    expect(detail.body.roles.comms).toBeUndefined();
    const transcript = connectDoc(server.wsUrl, responderDocName(incidentId), server.adminToken);
    const state = connectDoc(server.wsUrl, stateDocName(incidentId), server.adminToken);
    try {
      await Promise.all([synced(transcript), synced(state)]);
      expect(readTranscript(transcript.doc).map((e) => e.text)).toEqual(['Errors started after deploy 4812', 'Rolling back deploy 4812']);
      const maps = stateMaps(state.doc);
      expect(readMeta(maps)?.severity).toBe('SEV1');
      expect(readRoles(maps).comms).toBeUndefined();
      expect(maps.updates.toArray().map((u) => u.text)).toEqual(['We found the cause and are rolling back. Next update in 15 minutes.']);
    } finally {
      transcript.destroy();
      state.destroy();
    }
    // Nor did anything forged reach the screens.
    expect(await transcriptTexts(alice.page)).not.toContain('forged by stakeholder');
    expect(await transcriptTexts(page)).not.toContain('forged by stakeholder');

    // Hiding the transcript hides it from the stakeholder, live.
    await server.api('POST', `/api/incidents/${incidentId}/commands`, { type: 'setTranscriptVisibility', hidden: true });
    await page.getByTestId('transcript-hidden').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('transcript-entry').count()).toBe(0);

    // Revoking the link in the room ends the stakeholder's view with an explanation.
    await alice.page.getByRole('button', { name: 'Share stakeholder link' }).click();
    await alice.page.getByTestId('stakeholder-link').getByRole('button', { name: 'Revoke' }).click();
    await expect.poll(() => alice.page.getByTestId('stakeholder-link').count(), { timeout: 10_000 }).toBe(0);
    const banner = page.locator('[data-testid="connection-banner"][data-state="refused"]');
    await banner.waitFor({ timeout: 10_000 });
    expect(await banner.innerText()).toContain('not valid any more');

    expect([...alice.errors, ...stakeholder.errors]).toEqual([]);
    await Promise.all([alice.context.close(), stakeholder.context.close()]);
  });
});
