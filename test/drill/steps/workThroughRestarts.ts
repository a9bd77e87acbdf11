/**
 * Step 4: responders sign in through the OpenID provider's pages in Chromium and work the room:
 * they claim commander and scribe and type entries, while scripted scribes write through the
 * balancer; meanwhile one node is restarted (SIGTERM, start) and another killed (SIGKILL, start).
 * Before each, what every watcher has on screen is noted, for the no-loss check at the end.
 */
import type { Browser, Page } from 'playwright-core';
import type { WebsocketProvider } from 'y-websocket';
import { claimRole, collectPageErrors, transcriptTexts, waitForLive, writeEntry } from '../../helpers/browser.ts';
import { connectDoc, synced } from '../../helpers/clients.ts';
import { SteadyScribe, recordSeen, responderToken } from '../../helpers/cluster.ts';
import { check, waitFor } from '../drillState.ts';
import type { DrillState } from '../drillState.ts';
import type { StepLog } from '../stepLog.ts';
import type { World } from '../world.ts';
import type { DrillPerson } from '../people.ts';

export interface ResponderPage {
  name: string;
  page: Page;
  errors: string[];
}

/** Signs in at the provider's own login and consent pages, and opens the room. */
async function openRoomSignedIn(world: World, browser: Browser, person: DrillPerson, incidentId: string): Promise<ResponderPage> {
  const login = person.sub;
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(`${world.lb.url}/incidents/${incidentId}`);
  await page.getByTestId('provider-sign-in').click();
  await page.waitForURL((url) => url.origin === world.provider.issuer);
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password');
  await page.locator('input[name="password"]').press('Enter');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByTestId('room').waitFor({ timeout: 30_000 });
  await waitForLive(page, 30_000);
  return { name: person.name, page, errors };
}

/** What a page shows in its transcript now, as entry ids (texts are unique in the drill). */
async function seenOnScreen(page: Page, idsByText: (texts: string[]) => Promise<string[]>): Promise<string[]> {
  return idsByText(await transcriptTexts(page));
}

export interface RestartOutcome {
  pages: ResponderPage[];
  providers: WebsocketProvider[];
}

export async function workThroughRestarts(world: World, browser: Browser, state: DrillState, log: StepLog): Promise<RestartOutcome> {
  const { incidentId } = state;
  const { cluster } = world;
  const pages: ResponderPage[] = [];
  for (const responder of world.cast.responders) pages.push(await openRoomSignedIn(world, browser, responder, incidentId));
  log.note(`${pages.map((p) => p.name).join(', ')} signed in through the OpenID provider in Chromium and opened the room`);
  const [ana, ben] = pages as [ResponderPage, ResponderPage];
  await claimRole(ana.page, 'commander', 'Incident commander');
  await claimRole(ben.page, 'scribe', 'Scribe');
  await waitFor('the claims on both screens', async () => [await ana.page.getByTestId('role-scribe').innerText(), await ben.page.getByTestId('role-commander').innerText()], ([s, c]) => s!.includes(ben.name) && c!.includes(ana.name));
  log.note(`${ana.name} claimed commander and ${ben.name} scribe in the room`);

  // The export maps what a screen shows back to entry ids.
  const idsByText = async (texts: string[]) => {
    const x = (await cluster.api('GET', `/api/incidents/${incidentId}/export.json`, undefined, { node: 0 })).body;
    const byText = new Map<string, string>((x.transcript as Array<{ id: string; text: string }>).map((e) => [e.text, e.id]));
    const missing = texts.filter((t) => !byText.has(t));
    check(missing.length === 0, `a screen shows entries the server does not have: ${missing.join(' | ')}`);
    return texts.map((t) => byText.get(t)!);
  };

  const typed = new Map<ResponderPage, string[]>(pages.map((p) => [p, []]));
  const typeSome = async (count: number) => {
    for (let n = 0; n < count; n++) {
      for (const p of pages) {
        const text = `${p.name}: finding ${typed.get(p)!.length + 1} (${incidentId})`;
        await writeEntry(p.page, text);
        typed.get(p)!.push(text);
      }
    }
  };
  const noteSeen = async (moment: string) => {
    for (const p of pages) {
      const ids = await seenOnScreen(p.page, idsByText);
      const seen = state.seen.get(`${p.name} in Chromium`) ?? new Set<string>();
      for (const id of ids) seen.add(id);
      state.seen.set(`${p.name} in Chromium`, seen);
    }
    const counts = pages.map((p) => state.seen.get(`${p.name} in Chromium`)!.size);
    log.note(`${moment}: screens show ${counts.join(', ')} entries; bots wrote ${scribes.reduce((n, s) => n + s.written.length, 0)}`);
  };

  const per = world.size.entriesPerBrowser;
  const first = Math.ceil(per / 3);
  const second = Math.ceil(per / 3);
  await typeSome(first);
  const providers: WebsocketProvider[] = [];
  const scribes: SteadyScribe[] = [];
  for (let i = 0; i < world.size.botScribes; i++) {
    const writer = connectDoc(world.lb.url.replace('http', 'ws') + '/yjs', incidentId, await responderToken(cluster.nodes[i % 3]!, incidentId, `Bot scribe ${i}`));
    const reader = connectDoc(world.lb.url.replace('http', 'ws') + '/yjs', incidentId, await responderToken(cluster.nodes[(i + 1) % 3]!, incidentId, `Bot reader ${i}`));
    providers.push(writer, reader);
    await Promise.all([synced(writer, 20_000), synced(reader, 20_000)]);
    const seen = new Set<string>();
    state.seen.set(`bot reader ${i}`, seen);
    recordSeen(reader, seen);
    // They write through both the restart and the kill, however long those take, and stop once both nodes are back.
    scribes.push(new SteadyScribe(writer, `bot${i}`, world.size.botEveryMs));
  }
  await noteSeen('before the restart');

  const restarted = cluster.nodes[1]!;
  const stopped = await restarted.stop('SIGTERM');
  check(stopped.code === 0, `node 1 exited with ${JSON.stringify(stopped)} on SIGTERM`);
  log.note(`node 1 stopped by SIGTERM (exit ${stopped.code})`);
  await typeSome(second);
  await restarted.start();
  log.note('node 1 started again');
  for (const p of pages) await waitForLive(p.page, 30_000);
  await noteSeen('before the kill');

  const killed = cluster.nodes[2]!;
  const gone = await killed.stop('SIGKILL');
  log.note(`node 2 killed (${gone.signal})`);
  await typeSome(per - first - second);
  await killed.start();
  log.note('node 2 started again');
  for (const p of pages) await waitForLive(p.page, 30_000);

  for (const s of scribes) s.stop();
  for (const [i, s] of scribes.entries()) state.written.set(`bot scribe ${i}`, [...s.written]);

  // Everyone converges on everything written: the pages on every typed entry, the export on all.
  const allTyped = [...typed.values()].flat();
  for (const p of pages) {
    await waitFor(`${p.name}'s screen to show every typed entry`, () => transcriptTexts(p.page), (texts) => allTyped.every((t) => texts.includes(t)), 60_000);
  }
  const botIds = [...state.written.values()].flat();
  await waitFor('every entry stored', async () => (await cluster.api('GET', `/api/incidents/${incidentId}/export.json`, undefined, { node: 2 })).body.transcript as Array<{ id: string; text: string }>, (t) => {
    const ids = new Set(t.map((e) => e.id));
    const texts = new Set(t.map((e) => e.text));
    return botIds.every((id) => ids.has(id)) && allTyped.every((text) => texts.has(text));
  }, 60_000);
  for (const p of pages) state.written.set(`${p.name} in Chromium`, await idsByText(typed.get(p)!));
  await noteSeen('after both nodes are back');
  return { pages, providers };
}
