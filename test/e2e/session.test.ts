/**
 * The session lifecycle in real Chromium against the real servers, with 20-second tokens so that a silent renewal
 * happens while the test watches: errors from the authorization server shown in the page, a guarded deep link that
 * comes back after the login, a reload that never flashes the logged-out page, renewal before expiry and on demand,
 * a token the API refuses, a session the server has forgotten; and through all of it, no CSP violation, no page error.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  DEMO,
  launchChromium,
  screenshots,
  startQuickstart,
  stopQuickstart,
  watchedPage,
  type RunningQuickstart,
} from '../support/quickstart-browser';

const TOKEN_LIFETIME_S = 20;
const PRIVATE_MESSAGE = 'This is the private endpoint: your access token was accepted.';

/**
 * Runs in every document before the app: notes whether the logged-out home page or navbar was ever in the DOM. The
 * observer's callbacks run before the browser paints, so what they never saw was never on screen.
 */
const RECORD_LOGGED_OUT_TEXT = `(() => {
  window.__loggedOutSeen = [];
  const check = () => {
    const text = document.body ? document.body.textContent : '';
    for (const phrase of ['You are not logged in.', 'Not logged in']) {
      if (text.includes(phrase) && !window.__loggedOutSeen.includes(phrase)) window.__loggedOutSeen.push(phrase);
    }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true });
})();`;

describe('the session lifecycle end to end, offline', { timeout: 120_000 }, () => {
  let quickstart: RunningQuickstart;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[] = [];
  let tokenLeaks: string[] = [];
  /** Every silent renewal request (checkSession's /authorize with prompt=none), with when it was sent. */
  const silentRequests: number[] = [];

  before(async () => {
    quickstart = await startQuickstart({ ACCESS_TOKEN_LIFETIME: String(TOKEN_LIFETIME_S) });
    browser = await launchChromium();
    // /userinfo is the other place the access token is meant for.
    const userinfo = `${quickstart.issuer}userinfo`;
    ({ context, page, problems, tokenLeaks } = await watchedPage(browser, quickstart, (url) => url.href === userinfo));
    await page.addInitScript(RECORD_LOGGED_OUT_TEXT);
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.href.startsWith(`${quickstart.issuer}authorize`) && url.searchParams.get('prompt') === 'none') {
        silentRequests.push(Date.now());
      }
    });
  });

  after(async () => {
    await browser?.close();
    await stopQuickstart(quickstart);
  });

  const app = (path: string) => `${quickstart.appOrigin}${path}`;
  const stored = (key: string) => page.evaluate<string | null>(`localStorage.getItem(${JSON.stringify(key)})`);
  const store = (key: string, value: string) =>
    page.evaluate(`localStorage.setItem(${JSON.stringify(key)}, ${JSON.stringify(value)})`);
  const loggedOutSeen = () => page.evaluate<string[]>('window.__loggedOutSeen');
  const shot = (name: string) => page.screenshot({ path: join(screenshots, name), fullPage: true });

  async function logIn(): Promise<void> {
    await page.waitForURL((url) => url.href.startsWith(quickstart.issuer));
    await page.getByLabel('Email').fill(DEMO.email);
    await page.getByLabel('Password').fill(DEMO.password);
    await page.getByRole('button', { name: 'Log in' }).click();
  }

  it('serves the app under a strict Content-Security-Policy, and starts whatever localStorage holds', async () => {
    const response = await page.goto(app('/'));
    const policy = response?.headers()['content-security-policy'] ?? '';
    assert.match(policy, /default-src 'none'/);
    assert.match(policy, /script-src 'self'(;|$)/);
    assert.doesNotMatch(policy, /unsafe-inline|unsafe-eval/);
    assert.match(policy, new RegExp(`frame-src ${quickstart.issuer.slice(0, -1)}(;|$)`));

    // Junk and values of other apps on the same origin.
    await store('access_token', 'junk');
    await store('expires_at', '{"not": "a number"');
    await store('scopes', '\u0000');
    await store('com.example.other-app', '<img src=x onerror=alert(1)>');
    await page.reload();
    await page.getByText('You are not logged in.').waitFor();
    assert.equal(await stored('com.example.other-app'), '<img src=x onerror=alert(1)>');
    // The recorder the reload test relies on does see the logged-out page when there is one.
    assert.deepEqual((await loggedOutSeen()).sort(), ['Not logged in', 'You are not logged in.']);
  });

  it('shows an error from the authorization server in the page, with a way back', async () => {
    await page.goto(
      app('/callback#error=access_denied&error_description=The%20user%20cancelled%20the%20login.&state=abc')
    );
    await page.getByRole('heading', { name: 'Login failed' }).waitFor();
    assert.equal(
      await page.getByRole('alert').innerText(),
      'The login failed (access_denied: The user cancelled the login). Log in again.'
    );
    assert.equal(page.url(), app('/callback'), 'the fragment has left the address bar');
    await shot('callback-error.png');

    await page.getByRole('link', { name: 'Back to the home page' }).click();
    await page.getByText('You are not logged in.').waitFor();
  });

  it('refuses a login response this browser did not ask for (state mismatch), in the page', async () => {
    await page.goto(app('/callback#access_token=forged&id_token=forged&expires_in=20&state=not-ours'));
    await page.getByRole('alert').getByText('state mismatch').waitFor();
    assert.equal(await stored('access_token'), null);
  });

  let loginToken: string | null = null;
  let loginExpiresAt = 0;
  let silentBeforeLogin = 0;

  it('sends a logged-out visitor of /profile to log in, and back to /profile afterwards', async () => {
    silentBeforeLogin = silentRequests.length;
    await page.goto(app('/profile'));
    await logIn();
    await page.waitForURL(app('/profile'));
    await page.getByRole('heading', { name: 'Your profile' }).waitFor();
    await page.getByRole('cell', { name: DEMO.email }).waitFor();
    await page.getByRole('button', { name: 'Log out' }).waitFor();
    loginToken = await stored('access_token');
    loginExpiresAt = Number(await stored('expires_at'));
    assert.ok(loginExpiresAt - Date.now() <= TOKEN_LIFETIME_S * 1000, 'the short lifetime applies');
    await shot('profile.png');
  });

  it('keeps the session over a reload, never showing the logged-out page or navbar', async () => {
    await page.goto(app('/'));
    await page.getByText('You are logged in.').waitFor();
    await page.reload();
    await page.getByText('You are logged in.').waitFor();
    await page.getByRole('button', { name: 'Log out' }).waitFor();
    assert.deepEqual(await loggedOutSeen(), []);
  });

  it('renews the tokens silently shortly before they expire, without leaving the page', async () => {
    // Polled from here: a string handed to waitForFunction would be eval'd in the page, which the CSP forbids.
    const deadline = loginExpiresAt + 5_000;
    while ((await stored('access_token')) === loginToken) {
      assert.ok(Date.now() < deadline, 'a renewal within the token lifetime');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    assert.equal(silentRequests.length, silentBeforeLogin + 1, 'one silent renewal since the login');
    const renewedAt = silentRequests[silentRequests.length - 1];
    assert.ok(renewedAt < loginExpiresAt, 'before the old token expired');
    assert.ok(Number(await stored('expires_at')) > loginExpiresAt, 'the new token lives longer');
    assert.equal(page.url(), app('/'));
    await page.getByText('You are logged in.').waitFor();
    assert.deepEqual(await loggedOutSeen(), [], 'no logged-out flash during the renewal');

    await page.getByRole('link', { name: 'Ping' }).click();
    await page.getByRole('button', { name: 'Secured ping' }).click();
    await page.getByRole('status').getByText(PRIVATE_MESSAGE).waitFor();
  });

  it('never sends an expired token: a call made after expiry waits for a renewal and goes with the new token', async () => {
    const old = await stored('access_token');
    await store('expires_at', JSON.stringify(Date.now() - 1_000));
    const request = page.waitForRequest(`${quickstart.apiOrigin}/api/private`);
    await page.getByRole('button', { name: 'Secured ping' }).click();
    const sent = (await request).headers()['authorization'];
    await page.getByRole('status').getByText(PRIVATE_MESSAGE).waitFor();
    const renewed = await stored('access_token');
    assert.notEqual(renewed, old);
    assert.equal(sent, `Bearer ${renewed}`);
  });

  it('shows the session-ended state when the API refuses the token, and Log in again comes back', async () => {
    const token = (await stored('access_token')) ?? '';
    // Same shape, broken signature: what a revoked or re-keyed token looks like to the API.
    await store('access_token', `${token.slice(0, -4)}AAAA`);
    await page.getByRole('button', { name: 'Secured ping' }).click();
    const alert = page.getByRole('alert');
    await alert.getByText('401 Unauthorized: the API refused your access token, so your session has ended.').waitFor();
    await page.getByText('Your session has ended: the API no longer accepts your access token').waitFor();
    await page.getByRole('button', { name: 'Log in', exact: true }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Scoped ping' }).count(), 0, 'the secured part is gone');
    assert.equal(await stored('access_token'), null);
    await shot('session-ended.png');

    // The authorization server still knows the user: logging in again needs no password and returns to /ping.
    await page.getByRole('button', { name: 'Log in again' }).click();
    await page.waitForURL(app('/ping'));
    await page.getByRole('button', { name: 'Scoped ping' }).waitFor();
  });

  it('logs out cleanly with a note when the server no longer knows the user (login_required): no spinner, no loop', async () => {
    // The server's session ends (its cookies go), while the app still holds tokens, now expired.
    await context.clearCookies({ name: /^quickstart_auth/ });
    await store('expires_at', JSON.stringify(Date.now() - 1_000));
    const before = silentRequests.length;
    await page.goto(app('/profile'));
    await page.getByText('login_required').waitFor();
    assert.equal(page.url(), app('/'), 'home, where the note is, rather than a login page');
    assert.equal(silentRequests.length, before + 1, 'one renewal attempt, no retry');
    await page.getByRole('button', { name: 'Log in', exact: true }).waitFor();
    assert.equal(await page.getByText('Checking your session').count(), 0, 'no spinner left');
    assert.equal(await stored('access_token'), null);
    await shot('renewal-failed.png');

    // Log in again offers the password form, and leads back to the page that was asked for.
    await page.getByRole('button', { name: 'Log in again' }).click();
    await logIn();
    await page.waitForURL(app('/profile'));
    await page.getByRole('heading', { name: 'Your profile' }).waitFor();
  });

  it('is usable by keyboard: Tab reaches the navigation, Enter follows it, and focus moves to the new page', async () => {
    const focused = () => page.evaluate<string | null>('document.activeElement && document.activeElement.tagName');
    await page.goto(app('/'));
    await page.getByText('You are logged in.').waitFor();
    assert.equal(await focused(), 'BODY', 'the first page of a visit leaves focus to the browser');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    assert.equal(
      await page.evaluate<string | null>('document.activeElement && document.activeElement.textContent'),
      'Ping'
    );
    await page.keyboard.press('Enter');
    await page.waitForURL(app('/ping'));
    await page.getByRole('heading', { name: 'Ping the API' }).waitFor();
    assert.equal(await focused(), 'MAIN', 'after a page change, focus is on the new content, not the link left');
    await page.keyboard.press('Tab');
    assert.equal(
      await page.evaluate<string | null>('document.activeElement && document.activeElement.textContent'),
      'Public ping',
      'and Tab goes on from there'
    );
  });

  it('raised no CSP violation and no page error, and sent the token only where it belongs', () => {
    assert.deepEqual(problems, []);
    assert.deepEqual(tokenLeaks, []);
  });
});
