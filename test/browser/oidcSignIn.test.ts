/**
 * Issue 13 in Chromium: signing in through the OpenID provider's own login and consent pages,
 * from the keyboard; an admin's People page and "Add another device" link (opened in a second
 * browser, it signs in as the same person); a person in no responder group is told why; signing
 * out goes on to the provider's logout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { collectPageErrors, launchBrowser, startBrowserServer } from '../helpers/browser.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { startOidcProvider } from '../helpers/oidcProvider.ts';
import type { TestProvider } from '../helpers/oidcProvider.ts';
import { publicUrlOf } from '../helpers/oidcSignIn.ts';

/** At the provider's pages: its login form (the login is the person's subject), then consent. */
async function signInAtProvider(page: Page, provider: TestProvider, login: string): Promise<void> {
  await page.waitForURL((url) => url.origin === provider.issuer);
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password');
  await page.locator('input[name="password"]').press('Enter');
  await page.getByRole('button', { name: 'Continue' }).click();
}

describe('signing in through the OpenID provider in Chromium', () => {
  let provider: TestProvider;
  let server: TestServer;
  let browser: Browser;
  let room: string;

  beforeAll(async () => {
    provider = await startOidcProvider([
      { sub: 'carmen', name: 'Carmen Ruiz', email: 'carmen@example.org', groups: ['sre-leads'] },
      { sub: 'ana', name: 'Ana Lima', email: 'ana@example.org', groups: ['oncall'] },
      { sub: 'bruno', name: 'Bruno Costa', email: 'bruno@example.org', groups: ['finance'] },
    ]);
    server = await startBrowserServer(provider.env({ OIDC_RESPONDER_GROUPS: 'oncall', OIDC_ADMIN_GROUPS: 'sre-leads' }));
    browser = await launchBrowser();
    room = publicUrlOf(server);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await provider?.close();
  });

  it('signs in through the provider, administers people, adds a device and signs out at the provider', async () => {
    const ana = await browser.newContext();
    const anaPage = await ana.newPage();
    await anaPage.goto(room + '/');
    await anaPage.getByTestId('provider-sign-in').press('Enter');
    await signInAtProvider(anaPage, provider, 'ana');
    await anaPage.getByTestId('signed-in-name').waitFor();
    expect(await anaPage.getByTestId('signed-in-name').innerText()).toBe('Ana Lima');
    expect(await anaPage.getByRole('link', { name: 'People' }).count()).toBe(0);

    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(room + '/roster');
    const signInLink = page.getByRole('link', { name: 'Sign in with Test IdP' });
    await signInLink.focus();
    await page.keyboard.press('Enter');
    await signInAtProvider(page, provider, 'carmen');
    await page.getByTestId('signed-in-name').waitFor();
    expect(await page.getByTestId('signed-in-name').innerText()).toBe('Carmen Ruiz');
    // Back where the sign-in started.
    expect(new URL(page.url()).pathname).toBe('/roster');

    await page.getByRole('link', { name: 'People' }).click();
    await page.getByTestId('people-table').waitFor();
    const anaRow = page.locator('[data-testid="person-row"]', { hasText: 'Ana Lima' });
    await anaRow.waitFor();
    expect(await anaRow.innerText()).toContain('ana@example.org');
    page.once('dialog', (dialog) => void dialog.accept());
    await anaRow.getByRole('button', { name: /Deactivate/ }).click();
    await expect.poll(() => anaRow.getAttribute('data-deactivated')).toBe('true');
    expect(await page.getByRole('status').innerText()).toContain('Ana Lima is deactivated');
    // Her session is over: the next load of her tab finds her signed out.
    await anaPage.reload();
    await anaPage.getByTestId('signed-out').waitFor();

    await page.getByRole('button', { name: 'Add another device' }).click();
    const link = await page.getByTestId('device-link').inputValue();
    expect(link).toMatch(new RegExp(`^${room}/join/device#token=ird_`));
    await page.keyboard.press('Escape');
    await page.getByTestId('add-device-dialog').waitFor({ state: 'hidden' });

    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const phonePage = await phone.newPage();
    await phonePage.goto(link);
    await phonePage.getByTestId('signed-in-name').waitFor();
    expect(await phonePage.getByTestId('signed-in-name').innerText()).toBe('Carmen Ruiz');
    expect(phonePage.url()).toBe(room + '/');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((url) => url.origin === provider.issuer && url.pathname === '/session/end');
    expect(errors).toEqual([]);
    await Promise.all([ana.close(), context.close(), phone.close()]);
  });

  it('tells a person in none of the responder groups why they get no session', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(room + '/');
    await page.getByTestId('provider-sign-in').click();
    await signInAtProvider(page, provider, 'bruno');
    await page.getByTestId('sign-in-refused').waitFor();
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Your account is not allowed to respond here');
    expect(await page.getByRole('alert').innerText()).toContain('not in any of the groups');
    expect((await context.cookies()).some((c) => c.name === 'ir_session')).toBe(false);
    await context.close();
  });
});
