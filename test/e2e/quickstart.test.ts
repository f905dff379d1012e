/**
 * The quickstart as a person uses it: `npm start`'s own script brings up the local authorization server, the API
 * and the SPA dev server on free localhost ports, and real Chromium logs in through the hosted page and calls the API.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page, type Request } from 'playwright-core';
import { findChrome } from '../../scripts/chrome';
import { freePorts, projectRoot, startEntry, stop, waitForOutput, type Started } from '../support/processes';

const MESSAGES = {
  public: 'This is the public endpoint: anyone can call it, no token needed.',
  private: 'This is the private endpoint: your access token was accepted.',
  scoped: 'This is the scoped endpoint: your access token carries the read:messages scope.',
};
const DEMO = { email: 'demo@example.com', password: 'demo-password' };
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const screenshots = join(projectRoot, 'test-results', 'screenshots');

describe('the quickstart end to end, offline', { timeout: 240_000 }, () => {
  let quickstart: Started;
  let browser: Browser;
  let page: Page;
  let appOrigin: string;
  let apiOrigin: string;
  let issuer: string;
  const pageErrors: string[] = [];
  const tokenLeaks: string[] = [];

  before(async () => {
    const [appPort, apiPort, authPort] = await freePorts(3);
    appOrigin = `http://localhost:${appPort}`;
    apiOrigin = `http://localhost:${apiPort}`;
    issuer = `http://localhost:${authPort}/`;
    quickstart = startEntry('scripts/start.ts', {
      // Empty values win over a developer's .env, so this always runs against the local server.
      AUTH0_DOMAIN: '',
      AUTH0_CLIENT_ID: '',
      AUTH0_AUDIENCE: '',
      AUTH0_ISSUER_BASE_URL: '',
      API_URL: '',
      APP_ORIGIN: appOrigin,
      API_PORT: String(apiPort),
      AUTH_PORT: String(authPort),
    });
    await waitForOutput(quickstart, /Quickstart ready: open/, 180_000);

    const executablePath = findChrome();
    assert.ok(executablePath, 'Chromium is needed for this test');
    browser = await chromium.launch({ executablePath, args: CHROMIUM_FLAGS, timeout: 30_000 });
    page = await browser.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      // Chromium logs every HTTP error status; the refusals this test provokes on purpose are not faults.
      const expected = /status of 401/.test(message.text()) && /^http:\/\/localhost/.test(message.location().url);
      if (!expected) pageErrors.push(`${page.url()}: console: ${message.text()}`);
    });
    // The access token must reach the API's origin and nowhere else.
    page.on('request', (request: Request) => {
      const authorization = request.headers()['authorization'];
      if (authorization && new URL(request.url()).origin !== apiOrigin) {
        tokenLeaks.push(`${request.method()} ${request.url()}`);
      }
    });
    mkdirSync(screenshots, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    if (quickstart) {
      const ended = await stop(quickstart);
      assert.equal(ended, 0, `npm start should stop cleanly on SIGTERM:\n${quickstart.output()}`);
    }
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
