/**
 * Real Chromium (Debian's package) driven by playwright-core, against a real server that
 * serves the built client. Each responder is a separate browser context: its own cookies,
 * IndexedDB and network, like a separate laptop.
 */
import { inviteSession } from './inviteSessions.ts';
import { SESSION_COOKIE } from '../../shared/api.ts';
import fs from 'node:fs';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import net from 'node:net';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestServer } from './testServer.ts';
import type { TestServer } from './testServer.ts';
import type { TestClock } from './testClock.ts';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = path.resolve('test-artifacts/screenshots');
const CLIENT_DIR = path.resolve('dist/client');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A server with the built client; fails clearly if `vite build` has not been run. `env` is
 * configuration as the environment gives it, e.g. `{ ESCALATE_AFTER_SEC: '2' }`. With a clock
 * (a running TestClock: the browsers' own timers keep real time), the test moves the server's
 * time past a threshold instead of waiting through it.
 */
export async function startBrowserServer(env: NodeJS.ProcessEnv = {}, options: { clock?: TestClock } = {}): Promise<TestServer> {
  if (!fs.existsSync(path.join(CLIENT_DIR, 'index.html'))) {
    throw new Error('dist/client is missing: run `npx vite build` (npm test does) before the browser tests');
  }
  return startTestServer({ clientDir: CLIENT_DIR }, env, options);
}

export interface Responder {
  name: string;
  userId: string;
  context: BrowserContext;
  page: Page;
  /** Uncaught errors in the page; tests expect it to stay empty. */
  errors: string[];
}

export interface ContextOptions {
  colorScheme?: 'light' | 'dark';
  viewport?: { width: number; height: number };
  isMobile?: boolean;
}

/** What browserSuite gives a test file; its server and browser exist from the first test on. */
export interface BrowserSuite {
  readonly server: TestServer;
  readonly browser: Browser;
  /** Responders of the running test, closed after it; the test fails if any of their pages threw. */
  readonly people: Responder[];
  /** In front of the server, for pages whose network a test cuts; only with `{ proxied: true }`. */
  readonly proxy: CuttableProxy;
}

/**
 * The frame most browser test files share: one server serving the built client and one
 * Chromium for the file, and after each test its responders' contexts closed and their pages'
 * uncaught errors checked. Call it in a describe block.
 */
export function browserSuite(env: NodeJS.ProcessEnv = {}, options: { clock?: TestClock; proxied?: boolean } = {}): BrowserSuite {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  let proxy: CuttableProxy | undefined;
  const people: Responder[] = [];
  beforeAll(async () => {
    server = await startBrowserServer(env, options);
    if (options.proxied) proxy = await startCuttableProxy(server.url);
    browser = await launchBrowser();
  });
  afterEach(async () => {
    const errors = people.flatMap((p) => p.errors);
    await Promise.all(people.splice(0).map((p) => p.context.close()));
    expect(errors).toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
    await proxy?.close();
    await server?.close();
  });
  return {
    get server() {
      if (!server) throw new Error('the browser suite has not started yet');
      return server;
    },
    get browser() {
      if (!browser) throw new Error('the browser suite has not started yet');
      return browser;
    },
    get proxy() {
      if (!proxy) throw new Error('the browser suite has no proxy: start it with { proxied: true }');
      return proxy;
    },
    people,
  };
}

/**
 * A responder signed in through an invite (or, for a name already signed in on this server, as
 * another device of that person), in a context of its own. Signs in by API (the sign-in page has
 * a test of its own); the session cookie lands in the context's jar.
 */
export async function signedInResponder(browser: Browser, server: TestServer, name: string, options: ContextOptions = {}): Promise<Responder> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1440, height: 900 },
    colorScheme: options.colorScheme ?? 'light',
    isMobile: options.isMobile ?? false,
    hasTouch: options.isMobile ?? false,
  });
  const { value, session } = await inviteSession(server, name);
  await context.addCookies([{ name: SESSION_COOKIE, value, url: server.url }]);
  const page = await context.newPage();
  return { name, userId: session.userId, context, page, errors: collectPageErrors(page) };
}

/** Collects uncaught errors of a page, so a test can assert the client never threw. */
export function collectPageErrors(page: Page, into: string[] = []): string[] {
  page.on('pageerror', (error) => into.push(error.message));
  return into;
}

/** Opens an incident's postmortem page in `page` and waits until it is live; `via` as for openRoom. */
export async function openPostmortem(page: Page, via: TestServer | string, incidentId: string): Promise<void> {
  await page.goto(`${typeof via === 'string' ? via : via.url}/incidents/${incidentId}/postmortem`);
  await page.getByTestId('postmortem').waitFor();
  await waitForLive(page);
}

/** Opens the room; `via` is the server, or another address that reaches it (a proxy). */
export async function openRoom(responder: Responder, via: TestServer | string, incidentId: string): Promise<void> {
  const base = typeof via === 'string' ? via : via.url;
  await responder.page.goto(`${base}/incidents/${incidentId}`);
  await responder.page.getByTestId('room').waitFor();
  await waitForLive(responder.page);
}

export async function waitForLive(page: Page, timeout = 15_000): Promise<void> {
  await page.locator('[data-testid="connection-banner"][data-state="live"]').waitFor({ timeout });
}

export function transcriptTexts(page: Page): Promise<string[]> {
  return page.getByTestId('entry-text').allInnerTexts();
}

export function transcriptAuthors(page: Page): Promise<string[]> {
  return page.getByTestId('entry-author').allInnerTexts();
}

/** Types an entry the way a scribe does: into the composer, then Enter. */
export async function writeEntry(page: Page, text: string): Promise<void> {
  const input = page.getByTestId('composer-input');
  await input.fill(text);
  await input.press('Enter');
}

export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: options.fullPage ?? false });
  return file;
}

/** A stakeholder's browser: no session, only the link. */
export async function openStakeholderLink(browser: Browser, link: string, options: ContextOptions = {}): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 390, height: 844 },
    isMobile: options.isMobile ?? true,
    hasTouch: options.isMobile ?? true,
    colorScheme: options.colorScheme ?? 'light',
  });
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(link);
  await page.getByTestId('stakeholder-view').waitFor();
  await waitForLive(page);
  return { context, page, errors };
}

/** The page/reminder alert card shown for an incident, wherever the responder is in the app. */
export function pageAlert(page: Page, incidentId: string) {
  return page.locator(`[data-testid="page-alert"][data-incident="${incidentId}"]`);
}

/** The incident's export as the API token sees it: what the server has recorded. */
export async function exportOf(server: TestServer, incidentId: string): Promise<any> {
  const res = await server.api('GET', `/api/incidents/${incidentId}/export.json`);
  if (res.status !== 200) throw new Error(`export failed: ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Opens the lobby and waits until its socket is live, so pages addressed to the person arrive. */
export async function openLobby(responder: Responder, server: TestServer): Promise<void> {
  await responder.page.goto(`${server.url}/`);
  await responder.page.locator('[data-testid="lobby-live"]', { hasText: 'live' }).waitFor({ timeout: 15_000 });
}

/** The role row of the room, e.g. roleRow(page, 'commander'). */
export function roleRow(page: Page, role: string) {
  return page.getByTestId(`role-${role}`);
}

export async function claimRole(page: Page, role: string, label: string): Promise<void> {
  await roleRow(page, role).getByRole('button', { name: `Claim ${label}` }).click();
}

/**
 * A TCP proxy in front of the server that the test can sever, as a network failure would.
 * Chromium's offline emulation alone is not a cut: it holds existing websockets open and
 * delivers what was sent once back online, so the server would never see the connection go.
 */
export interface CuttableProxy {
  url: string;
  /** Destroys every proxied connection and refuses new ones until restore(). */
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startCuttableProxy(targetUrl: string): Promise<CuttableProxy> {
  const target = new URL(targetUrl);
  const open = new Set<net.Socket>();
  let severed = false;
  const proxy = net.createServer((client) => {
    if (severed) {
      client.destroy();
      return;
    }
    const upstream = net.connect(Number(target.port), target.hostname);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on('error', drop);
      socket.on('close', drop);
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', () => resolve()));
  const port = (proxy.address() as net.AddressInfo).port;
  const cut = () => {
    severed = true;
    for (const socket of open) socket.destroy();
    open.clear();
  };
  return {
    url: `http://127.0.0.1:${port}`,
    cut,
    restore: () => {
      severed = false;
    },
    close: () => {
      cut();
      return new Promise((resolve) => proxy.close(() => resolve()));
    },
  };
}

/** The raw Yjs updates y-indexeddb keeps for a document, read out of the page's IndexedDB. */
export function readIndexedDbUpdates(page: Page, dbName: string): Promise<number[][]> {
  return page.evaluate(
    (name) =>
      new Promise<number[][]>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const request = db.transaction('updates', 'readonly').objectStore('updates').getAll();
          request.onerror = () => reject(request.error);
          request.onsuccess = () => {
            db.close();
            resolve((request.result as Uint8Array[]).map((u) => [...u]));
          };
        };
      }),
    dbName,
  );
}
