/**
 * The session lifecycle in real browsers against the real servers, in each login flow, with 20-second tokens so that
 * renewals happen while the test watches: errors from the authorization server shown in the page, a guarded deep
 * link that comes back after the login, a reload that never flashes the logged-out page, renewal before expiry and on
 * demand (the code flow: a rotated refresh token each time; the implicit flow: checkSession), two tabs renewing at
 * once, a token the API refuses, a session the server has forgotten or a refresh token it refuses; and through all of
 * it, no CSP violation, no page error, no token in a URL.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'puppeteer-core';
import {
  DEMO,
  E2E_FLOWS,
  by,
  click,
  changeStoredSession,
  clickNow,
  closeBrowser,
  count,
  fill,
  forEachBrowser,
  inPage,
  launchBrowser,
  roleWithText,
  screenshot,
  startQuickstart,
  stopQuickstart,
  store,
  stored,
  storedSession,
  storedTokens,
  takesScreenshots,
  textOf,
  tokenRequests,
  urlsWithTokens,
  visible,
  waitForUrl,
  waitUntil,
  watch,
  watchedPage,
  type PageWatch,
  type RunningQuickstart,
} from '../support/quickstart-browser';

const TOKEN_LIFETIME_S = 20;
const PRIVATE_MESSAGE = 'This is the private endpoint: your access token was accepted.';
/**
 * How long to wait for an answer that needs a renewal asked for within 10 s of the tab's last one: the app holds it
 * until that minimum interval ends (src/spa/auth/renewal-timing.ts), then renews.
 */
const AFTER_INTERVAL_MS = 25_000;

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

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

for (const flow of E2E_FLOWS) {
  describe(`the session lifecycle end to end, offline, AUTH0_FLOW=${flow}`, { timeout: 600_000 }, () => {
    let quickstart: RunningQuickstart;

    before(async () => {
      quickstart = await startQuickstart(flow, { ACCESS_TOKEN_LIFETIME: String(TOKEN_LIFETIME_S) });
    });

    after(async () => {
      await stopQuickstart(quickstart);
    });

    forEachBrowser((browserName) =>
      describe(`in ${browserName}`, { timeout: 300_000 }, () => {
        let browser: Browser;
        let context: BrowserContext;
        let watched: PageWatch;
        let page: Page;
        /** The pages of the two-tab test, watched like the first. */
        const otherWatches: PageWatch[] = [];
        const tokensSeen: string[] = [];

        const app = (path: string) => `${quickstart.appOrigin}${path}`;
        const loggedOutSeen = (target: Page = page) => inPage<string[]>(target, 'window.__loggedOutSeen');
        const shot = async (name: `${string}.png`) => {
          if (takesScreenshots(browserName, flow)) await screenshot(page, name, true);
        };
        const allRequests = () => [watched, ...otherWatches].flatMap((each) => each.requests);
        /** The implicit flow's silent renewals: checkSession's /authorize with prompt=none in a hidden iframe. */
        const silentRenewals = () =>
          allRequests().filter((request) => {
            const url = new URL(request.url());
            return url.href.startsWith(`${quickstart.issuer}authorize`) && url.searchParams.get('prompt') === 'none';
          });
        /** Renewals of either flow: the code flow's are refresh_token grants (every token POST after a login). */
        const renewals = () => (flow === 'code' ? tokenRequests(allRequests(), quickstart) : silentRenewals());
        const remember = async (target: Page = page) => tokensSeen.push(...(await storedTokens(target)));

        before(async () => {
          browser = await launchBrowser(browserName);
          // /userinfo is the other place the access token is meant for.
          const userinfo = `${quickstart.issuer}userinfo`;
          ({ context, ...watched } = await watchedPage(browser, quickstart, (url) => url.href === userinfo));
          page = watched.page;
          await page.evaluateOnNewDocument(RECORD_LOGGED_OUT_TEXT);
        });

        after(async () => {
          await closeBrowser(browser);
        });

        async function logIn(target: Page = page): Promise<void> {
          await waitForUrl(target, (url) => url.href.startsWith(quickstart.issuer));
          await fill(target, by.label('Email'), DEMO.email);
          await fill(target, by.label('Password'), DEMO.password);
          await click(target, by.role('button', 'Log in'));
        }

        it('serves the app under a strict Content-Security-Policy, and starts whatever localStorage holds', async () => {
          const response = await page.goto(app('/'));
          const policy = response?.headers()['content-security-policy'] ?? '';
          assert.match(policy, /default-src 'none'/);
          assert.match(policy, /script-src 'self'(;|$)/);
          assert.doesNotMatch(policy, /unsafe-inline|unsafe-eval/);
          // checkSession's hidden iframe needs the issuer framed; the code flow has no iframe.
          if (flow === 'implicit') assert.match(policy, new RegExp(`frame-src ${quickstart.issuer.slice(0, -1)}(;|$)`));

          // Junk under the app's own key, and values of other apps on the same origin.
          await store(page, 'authSession', '{"accessToken": "junk", "expiresAt": "{\\"not\\": a number"');
          await store(page, 'access_token', '\u0000junk');
          await store(page, 'com.example.other-app', '<img src=x onerror=alert(1)>');
          await page.reload();
          await visible(page, by.text('You are not logged in.'));
          assert.equal(await stored(page, 'authSession'), null, 'junk under its own key is cleared');
          assert.equal(await stored(page, 'access_token'), '\u0000junk', "another app's key is left alone");
          assert.equal(await stored(page, 'com.example.other-app'), '<img src=x onerror=alert(1)>');
          // The recorder the reload test relies on does see the logged-out page when there is one.
          assert.deepEqual((await loggedOutSeen()).sort(), ['Not logged in', 'You are not logged in.']);
        });

        it('shows an error from the authorization server in the page, with one way on: Log in', async () => {
          // An error counts only when it answers a login this tab started, so the test starts one and answers it.
          await page.goto(app('/'));
          await click(page, by.role('button', 'Log in'));
          await waitForUrl(page, (url) => url.href.startsWith(quickstart.issuer));
          const authorize = allRequests().findLast((request) =>
            request.url().startsWith(`${quickstart.issuer}authorize`)
          );
          const state = new URL(authorize?.url() ?? quickstart.issuer).searchParams.get('state') ?? '';
          const error = `error=access_denied&error_description=The%20user%20cancelled%20the%20login.&state=${encodeURIComponent(state)}`;
          await page.goto(app(flow === 'implicit' ? `/callback#${error}` : `/callback?${error}`));
          await visible(page, by.role('heading', 'Login failed'));
          assert.equal(
            await textOf(page, by.role('alert')),
            'The login failed (access_denied: The user cancelled the login).'
          );
          assert.equal(page.url(), app('/callback'), 'the response has left the address bar');
          assert.equal(await count(page, 'button'), 1, 'one action on the page');
          await shot('callback-error.png');

          await click(page, by.role('button', 'Log in'));
          await waitForUrl(page, (url) => url.href.startsWith(quickstart.issuer));
        });

        it('refuses a login response this tab did not ask for (unknown state), in the page, before any exchange', async () => {
          const exchangesBefore = tokenRequests(allRequests(), quickstart).length;
          await page.goto(
            app(
              flow === 'implicit'
                ? '/callback#access_token=forged&id_token=forged&expires_in=20&state=not-ours'
                : '/callback?code=forged&state=not-ours'
            )
          );
          await roleWithText(
            page,
            'alert',
            'A login response arrived that this tab did not ask for, so it was ignored.'
          );
          assert.equal(await storedSession(page), null);
          assert.equal(tokenRequests(allRequests(), quickstart).length, exchangesBefore, 'no code was exchanged');
        });

        let loginToken: string | null = null;
        let loginRefreshToken: string | null = null;
        let loginExpiresAt = 0;
        let renewalsBeforeLogin = 0;
        let callbackUrl = '';

        it('tells a logged-out visitor of /profile that it needs a login; Log in leads there afterwards', async () => {
          renewalsBeforeLogin = renewals().length;
          await page.goto(app('/profile'));
          await waitForUrl(page, app('/'));
          await visible(page, by.text('The page you asked for (/profile) needs a login.'));
          assert.equal(await count(page, 'button'), 2, 'Log in and Dismiss, and no second Log in');
          await click(page, by.role('button', 'Log in'));
          await logIn();
          await waitForUrl(page, app('/profile'));
          await visible(page, by.role('heading', 'Your profile'));
          await visible(page, by.role('cell', DEMO.email));
          await visible(page, by.role('button', 'Log out'));
          const session = await storedSession(page);
          loginToken = session?.accessToken ?? null;
          loginRefreshToken = session?.refreshToken ?? null;
          loginExpiresAt = session?.expiresAt ?? 0;
          assert.ok(loginExpiresAt - Date.now() <= TOKEN_LIFETIME_S * 1000, 'the short lifetime applies');
          if (flow === 'code') {
            assert.ok(loginRefreshToken, 'a refresh token is stored');
            renewalsBeforeLogin += 1; // the code exchange is a token request too
            callbackUrl = watched.urls.findLast((url) => url.startsWith(app('/callback?code='))) ?? '';
          }
          await remember();
          await shot('profile.png');
        });

        if (flow === 'code') {
          it('uses a callback once: opened again, it carries on to the session without exchanging the code again', async () => {
            assert.ok(callbackUrl, 'the callback of the login was seen');
            const exchangesBefore = tokenRequests(allRequests(), quickstart).length;
            await page.goto(callbackUrl);
            await waitForUrl(page, app('/profile'));
            await visible(page, by.role('heading', 'Your profile'));
            assert.equal(tokenRequests(allRequests(), quickstart).length, exchangesBefore, 'no second exchange');
          });
        }

        it('keeps the session over a reload, never showing the logged-out page or navbar', async () => {
          await page.goto(app('/'));
          await visible(page, by.text('You are logged in as'));
          await page.reload();
          await visible(page, by.text('You are logged in as'));
          await visible(page, by.role('button', 'Log out'));
          assert.deepEqual(await loggedOutSeen(), []);
        });

        it('renews the tokens shortly before they expire, without leaving the page', async () => {
          // Polled from here: a string handed to waitForFunction would be eval'd in the page, which the CSP forbids.
          await waitUntil(
            async () => (await storedSession(page))?.accessToken !== loginToken,
            'a renewal within the token lifetime',
            Math.max(loginExpiresAt + 5_000 - Date.now(), 1_000)
          );
          const since = renewals().slice(renewalsBeforeLogin);
          assert.equal(since.length, 1, 'one renewal since the login');
          assert.ok(((await storedSession(page))?.expiresAt ?? 0) > loginExpiresAt, 'the new token lives longer');
          if (flow === 'code') {
            const rotated = (await storedSession(page))?.refreshToken;
            assert.ok(rotated, 'a refresh token is still stored');
            assert.notEqual(rotated, loginRefreshToken, 'a new refresh token replaced the one used (rotation)');
          }
          assert.equal(page.url(), app('/'));
          await visible(page, by.text('You are logged in as'));
          assert.deepEqual(await loggedOutSeen(), [], 'no logged-out flash during the renewal');
          await remember();

          await click(page, by.role('link', 'Ping'));
          await click(page, by.role('button', 'Secured ping'));
          await roleWithText(page, 'status', PRIVATE_MESSAGE);
        });

        it('never sends an expired token: a call made after expiry waits for a renewal and goes with the new token', async () => {
          const old = (await storedSession(page))?.accessToken;
          // The tab slept past the planned renewal: the stored token has expired (as another tab's write tells it).
          await changeStoredSession(page, { expiresAt: Date.now() - 1_000 });
          const request = page.waitForRequest(`${quickstart.apiOrigin}/api/private`, { timeout: AFTER_INTERVAL_MS });
          await click(page, by.role('button', 'Secured ping'));
          const sent = (await request).headers()['authorization'];
          await roleWithText(page, 'status', PRIVATE_MESSAGE, AFTER_INTERVAL_MS);
          const renewed = (await storedSession(page))?.accessToken;
          assert.notEqual(renewed, old);
          assert.equal(sent, `Bearer ${renewed}`);
          await remember();
        });

        it('keeps two tabs of one session logged in when both renew at once (one renewal at a time across tabs)', async () => {
          // Two new tabs: neither has renewed yet, so neither waits out the minimum interval; both renew at once.
          const tabs: Page[] = [];
          for (let opened = 0; opened < 2; opened++) {
            const tab = await watch(await context.newPage(), quickstart);
            otherWatches.push(tab);
            await tab.page.evaluateOnNewDocument(RECORD_LOGGED_OUT_TEXT);
            await tab.page.goto(app('/ping'));
            await visible(tab.page, by.role('button', 'Secured ping'));
            assert.deepEqual(await loggedOutSeen(tab.page), [], 'the tab opens logged in');
            tabs.push(tab.page);
          }
          const [first, second] = tabs as [Page, Page];

          const renewalsBefore = renewals().length;
          // Both tabs find the token expired and ping at the same moment: both need a renewal.
          await changeStoredSession(first, { expiresAt: Date.now() - 1_000 });
          await Promise.all(tabs.map((tab) => clickNow(tab, 'Secured ping')));
          await Promise.all(tabs.map((tab) => roleWithText(tab, 'status', PRIVATE_MESSAGE)));
          assert.equal(renewals().length, renewalsBefore + 1, 'one renewal served both tabs');
          await remember(second);

          // The server did not take the session for a stolen one: the next renewal, from the other tab, works too.
          await pause(500);
          await changeStoredSession(second, { expiresAt: Date.now() - 1_000 });
          await clickNow(second, 'Secured ping');
          await roleWithText(second, 'status', PRIVATE_MESSAGE, AFTER_INTERVAL_MS);
          assert.equal(renewals().length, renewalsBefore + 2, 'the second renewal was made');
          await clickNow(first, 'Secured ping');
          await roleWithText(first, 'status', PRIVATE_MESSAGE);
          for (const tab of [page, ...tabs]) {
            assert.equal(await count(tab, 'button::-p-text("Log in again")'), 0, 'no tab lost its session');
          }
          await remember(second);
          for (const tab of tabs) await tab.close();
          await page.bringToFront();
        });

        it('shows the session-ended state when the API refuses the token, and Log in again comes back', async () => {
          const token = (await storedSession(page))?.accessToken ?? '';
          // Same shape, broken signature: what a revoked or re-keyed token looks like to the API.
          await changeStoredSession(page, { accessToken: `${token.slice(0, -4)}AAAA` });
          await click(page, by.role('button', 'Secured ping'));
          await roleWithText(
            page,
            'alert',
            '401 Unauthorized: the API refused your access token, so your session has ended.'
          );
          await visible(page, by.text('Your session has ended: your access token is no longer accepted (401)'));
          await visible(page, by.role('button', 'Log in again'));
          assert.equal(await count(page, by.role('button', 'Log in')), 0, "one way to log in, the note's");
          assert.equal(await count(page, by.role('button', 'Scoped ping')), 0, 'the secured part is gone');
          assert.equal(await storedSession(page), null);
          await shot('session-ended.png');

          // The authorization server still knows the user: logging in again needs no password and returns to /ping.
          await click(page, by.role('button', 'Log in again'));
          await waitForUrl(page, app('/ping'));
          await visible(page, by.role('button', 'Scoped ping'));
          await remember();
        });

        if (flow === 'implicit') {
          it('logs out cleanly with a note when the server no longer knows the user (login_required): no spinner, no loop', async () => {
            // The server's session ends (its cookies go), while the app still holds tokens, now expired.
            const cookies = (await context.cookies()).filter((cookie) => cookie.name.startsWith('quickstart_auth'));
            assert.ok(cookies.length > 0, 'the server session has cookies to forget');
            await context.deleteCookie(...cookies);
            await changeStoredSession(page, { expiresAt: Date.now() - 1_000 });
            const before = silentRenewals().length;
            await page.goto(app('/profile'));
            await visible(page, by.text('login_required'));
            assert.equal(page.url(), app('/'), 'home, where the note is, rather than a login page');
            assert.equal(silentRenewals().length, before + 1, 'one renewal attempt, no retry');
            await visible(page, by.role('button', 'Log in again'));
            assert.equal(await count(page, by.text('Checking your session')), 0, 'no spinner left');
            assert.equal(await storedSession(page), null);
            await shot('renewal-failed.png');

            // Log in again offers the password form, and leads back to the page that was asked for.
            await click(page, by.role('button', 'Log in again'));
            await logIn();
            await waitForUrl(page, app('/profile'));
            await visible(page, by.role('heading', 'Your profile'));
          });
        } else {
          it('ends the session cleanly with a note when the server refuses a reused refresh token (invalid_grant): no loop', async () => {
            // The refresh token of the login was rotated out by the first renewal; presenting it again is reuse.
            assert.ok(loginRefreshToken);
            assert.notEqual((await storedSession(page))?.refreshToken, loginRefreshToken);
            await changeStoredSession(page, { refreshToken: loginRefreshToken, expiresAt: Date.now() - 1_000 });
            const before = tokenRequests(allRequests(), quickstart).length;
            await page.goto(app('/profile'));
            await visible(page, by.text('invalid_grant'));
            assert.equal(page.url(), app('/'), 'home, where the note is, rather than a login page');
            await visible(page, by.role('button', 'Log in again'));
            await pause(2_000);
            assert.equal(tokenRequests(allRequests(), quickstart).length, before + 1, 'one refresh attempt, no retry');
            assert.equal(await count(page, by.text('Checking your session')), 0, 'no spinner left');
            assert.equal(await storedSession(page), null);
            await shot('renewal-failed.png');

            // Log in again leads back to the page that was asked for, with the password if the server asks for it.
            await click(page, by.role('button', 'Log in again'));
            await waitForUrl(page, (url) => url.href.startsWith(quickstart.issuer) || url.href === app('/profile'));
            if (page.url().startsWith(quickstart.issuer)) await logIn();
            await waitForUrl(page, app('/profile'));
            await visible(page, by.role('heading', 'Your profile'));
            await remember();
          });
        }

        it('is usable by keyboard: Tab reaches the navigation, Enter follows it, and focus moves to the new page', async () => {
          const focused = () => inPage<string | null>(page, 'document.activeElement && document.activeElement.tagName');
          const focusedText = () =>
            inPage<string | null>(page, 'document.activeElement && document.activeElement.textContent');
          await page.goto(app('/'));
          await visible(page, by.text('You are logged in as'));
          assert.equal(await focused(), 'BODY', 'the first page of a visit leaves focus to the browser');
          await page.keyboard.press('Tab');
          await page.keyboard.press('Tab');
          assert.equal(await focusedText(), 'Ping');
          await page.keyboard.press('Enter');
          await waitForUrl(page, app('/ping'));
          await visible(page, by.role('heading', 'Ping the API'));
          assert.equal(await focused(), 'MAIN', 'after a page change, focus is on the new content, not the link left');
          await page.keyboard.press('Tab');
          assert.equal(await focusedText(), 'Public ping', 'and Tab goes on from there');
        });

        it('raised no CSP violation and no page error, and sent the token only where it belongs', () => {
          for (const each of [watched, ...otherWatches]) {
            assert.deepEqual(each.problems, []);
            assert.deepEqual(each.tokenLeaks, []);
          }
        });

        if (flow === 'code') {
          it('put no token in any URL of any request or page in any tab or frame, and opened no iframe', () => {
            assert.ok(tokensSeen.length >= 6, 'the tokens looked for were recorded');
            for (const each of [watched, ...otherWatches]) {
              assert.deepEqual(urlsWithTokens(each.urls, tokensSeen), []);
              assert.deepEqual(each.childFrameUrls, [], 'the code flow renews without a hidden iframe');
            }
          });
        }
      })
    );
  });
}
