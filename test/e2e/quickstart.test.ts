/**
 * The quickstart as a person uses it: `npm start`'s own script brings up the local authorization server, the API
 * and the SPA dev server on free localhost ports, and real Chromium logs in through the hosted page and calls the API.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  DEMO,
  launchChromium,
  screenshots,
  startQuickstart,
  stopQuickstart,
  watchedPage,
  type RunningQuickstart,
} from '../support/quickstart-browser';

const MESSAGES = {
  public: 'This is the public endpoint: anyone can call it, no token needed.',
  private: 'This is the private endpoint: your access token was accepted.',
  scoped: 'This is the scoped endpoint: your access token carries the read:messages scope.',
};

describe('the quickstart end to end, offline', { timeout: 240_000 }, () => {
  let quickstart: RunningQuickstart;
  let browser: Browser;
  let page: Page;
  let appOrigin: string;
  let issuer: string;
  let pageErrors: string[] = [];
  let tokenLeaks: string[] = [];

  before(async () => {
    quickstart = await startQuickstart();
    ({ appOrigin, issuer } = quickstart);
    browser = await launchChromium();
    ({ page, problems: pageErrors, tokenLeaks } = await watchedPage(browser, quickstart));
  });

  after(async () => {
    await browser?.close();
    await stopQuickstart(quickstart);
  });

  /** Reads the page's localStorage (an expression string: this file is typed for Node, not the DOM). */
  function stored(key: string): Promise<string | null> {
    return page.evaluate<string | null>(`localStorage.getItem(${JSON.stringify(key)})`);
  }

  async function ping(name: 'Public ping' | 'Secured ping' | 'Scoped ping') {
    await page.getByRole('button', { name }).click();
  }

  it('greets a visitor who is not logged in', async () => {
    await page.goto(`${appOrigin}/`);
    await page.getByText('You are not logged in.').waitFor();
    await page.getByRole('button', { name: 'Log in' }).waitFor();
    await page.screenshot({ path: join(screenshots, 'home-logged-out.png') });
  });

  it('answers the public ping without a login, and explains the secured ones need one', async () => {
    await page.getByRole('link', { name: 'Ping' }).click();
    await page.waitForURL(`${appOrigin}/ping`);
    await page.getByText('Log in to call the secured endpoints.').waitFor();
    await ping('Public ping');
    await page.getByRole('status').getByText(MESSAGES.public).waitFor();
  });

  it('refuses a wrong password on the hosted login page, keeping the email', async () => {
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL((url) => url.href.startsWith(issuer));
    await page.getByText(DEMO.email).first().waitFor();
    await page.getByLabel('Email').fill(DEMO.email);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('alert').waitFor();
    assert.ok(page.url().startsWith(issuer), 'still on the login page');
    assert.equal(await page.getByLabel('Email').inputValue(), DEMO.email);
    await page.screenshot({ path: join(screenshots, 'login-wrong-password.png') });
  });

  it('logs the demo user in and lands home authenticated, with the tokens gone from the address bar', async () => {
    await page.getByLabel('Password').fill(DEMO.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${appOrigin}/`);
    await page.getByText('You are logged in.').waitFor();
    await page.getByRole('button', { name: 'Log out' }).waitFor();
    assert.doesNotMatch(page.url(), /access_token|id_token|#/);
    const access = await stored('access_token');
    assert.ok(access && access.split('.').length === 3, 'a JWT access token is stored');
    assert.ok(Number(await stored('expires_at')) > Date.now(), 'its expiry lies ahead');
    assert.match((await stored('scopes')) ?? '', /read:messages/);
    await page.screenshot({ path: join(screenshots, 'home-logged-in.png') });
  });

  it('calls the secured and the scoped endpoints with the access token', async () => {
    await page.getByRole('link', { name: 'Ping' }).click();
    await ping('Secured ping');
    await page.getByRole('status').getByText(MESSAGES.private).waitFor();
    await ping('Scoped ping');
    await page.getByRole('status').getByText(MESSAGES.scoped).waitFor();
    await page.screenshot({ path: join(screenshots, 'ping-scoped.png') });
  });

  it('keeps the session across a reload of a deep link', async () => {
    await page.reload();
    assert.equal(page.url(), `${appOrigin}/ping`);
    await page.getByRole('button', { name: 'Log out' }).waitFor();
    await ping('Secured ping');
    await page.getByRole('status').getByText(MESSAGES.private).waitFor();
  });

  it('logs out at the authorization server too, after which the secured ping is refused', async () => {
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL((url) => url.origin === appOrigin && !url.pathname.startsWith('/callback'));
    await page.getByRole('button', { name: 'Log in' }).waitFor();
    assert.equal(await stored('access_token'), null);

    await page.goto(`${appOrigin}/ping`);
    await ping('Secured ping');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.innerText(), /401/);
    await page.screenshot({ path: join(screenshots, 'ping-after-logout.png') });

    // The server's session ended too: logging in again asks for the password.
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL((url) => url.href.startsWith(issuer));
    await page.getByLabel('Password').waitFor();
  });

  it('sent the access token to the API origin only, and raised no page errors', () => {
    assert.deepEqual(tokenLeaks, []);
    assert.deepEqual(pageErrors, []);
  });
});
