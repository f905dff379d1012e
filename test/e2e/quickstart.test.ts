/**
 * The quickstart as a person uses it: `npm start`'s own script brings up the local authorization server, the API
 * and the SPA dev server on free localhost ports, and real Chromium and real Firefox log in through the hosted page
 * and call the API, in each login flow (AUTH0_FLOW: the code flow with PKCE by default, and the implicit one).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import {
  DEMO,
  E2E_FLOWS,
  by,
  click,
  closeBrowser,
  fill,
  forEachBrowser,
  inPage,
  launchBrowser,
  roleWithText,
  screenshot,
  startQuickstart,
  stopQuickstart,
  storageKeys,
  storedSession,
  storedTokens,
  takesScreenshots,
  textOf,
  urlsWithTokens,
  visible,
  waitForUrl,
  waitUntil,
  watchedPage,
  type PageWatch,
  type RunningQuickstart,
} from '../support/quickstart-browser';

const MESSAGES = {
  public: 'This is the public endpoint: anyone can call it, no token needed.',
  private: 'This is the private endpoint: your access token was accepted.',
  scoped: 'This is the scoped endpoint: your access token carries the read:messages scope.',
};

for (const flow of E2E_FLOWS) {
  describe(`the quickstart end to end, offline, AUTH0_FLOW=${flow}`, { timeout: 600_000 }, () => {
    let quickstart: RunningQuickstart;

    before(async () => {
      quickstart = await startQuickstart(flow);
    });

    after(async () => {
      await stopQuickstart(quickstart);
    });

    forEachBrowser((browserName) =>
      describe(`in ${browserName}`, { timeout: 240_000 }, () => {
        let browser: Browser;
        let watched: PageWatch;
        let page: Page;
        let appOrigin: string;
        let issuer: string;
        /** Every token value the page has stored, to look for in URLs at the end. */
        const tokensSeen: string[] = [];
        const shot = async (name: `${string}.png`) => {
          if (takesScreenshots(browserName, flow)) await screenshot(page, name);
        };
        const ping = (name: 'Public ping' | 'Secured ping' | 'Scoped ping') => click(page, by.role('button', name));
        const requestsTo = (path: string) =>
          watched.requests.filter((request) => request.url().split(/[?#]/)[0] === `${issuer}${path}`);

        before(async () => {
          ({ appOrigin, issuer } = quickstart);
          browser = await launchBrowser(browserName);
          watched = await watchedPage(browser, quickstart);
          page = watched.page;
        });

        after(async () => {
          await closeBrowser(browser);
        });

        it('greets a visitor who is not logged in', async () => {
          await page.goto(`${appOrigin}/`);
          await visible(page, by.text('You are not logged in.'));
          await visible(page, by.role('button', 'Log in'));
          await shot('home-logged-out.png');
        });

        it('answers the public ping without a login, and explains the secured ones need one', async () => {
          await click(page, by.role('link', 'Ping'));
          await waitForUrl(page, `${appOrigin}/ping`);
          await visible(page, by.text('Log in to call the secured endpoints.'));
          await ping('Public ping');
          await roleWithText(page, 'status', MESSAGES.public);
        });

        it('refuses a wrong password on the hosted login page, keeping the email', async () => {
          await click(page, by.role('button', 'Log in'));
          await waitForUrl(page, (url) => url.href.startsWith(issuer));
          await visible(page, by.text(DEMO.email));
          await fill(page, by.label('Email'), DEMO.email);
          await fill(page, by.label('Password'), 'not-the-password');
          await click(page, by.role('button', 'Log in'));
          await visible(page, by.role('alert'));
          assert.ok(page.url().startsWith(issuer), 'still on the login page');
          assert.equal(await page.$eval(by.label('Email'), (input) => (input as { value: string }).value), DEMO.email);
          await shot('login-wrong-password.png');
        });

        if (flow === 'code') {
          it('asked for a code with an S256 PKCE challenge, and put no token in the request', () => {
            const [authorize, ...more] = requestsTo('authorize');
            assert.ok(authorize, 'the login went through /authorize');
            assert.equal(more.length, 0, 'one authorization request');
            const query = new URL(authorize.url()).searchParams;
            assert.equal(query.get('response_type'), 'code');
            assert.equal(query.get('code_challenge_method'), 'S256');
            assert.match(query.get('code_challenge') ?? '', /^[A-Za-z0-9_-]{43}$/, 'a base64url SHA-256 digest');
            assert.ok(query.get('state'), 'a state to match the callback against');
            assert.match(query.get('scope') ?? '', /\boffline_access\b/, 'a refresh token is asked for');
            assert.deepEqual(urlsWithTokens([authorize.url()], []), []);
          });
        }

        it('logs the demo user in and lands authenticated, with nothing of the login left in the address bar', async () => {
          await fill(page, by.label('Password'), DEMO.password);
          await click(page, by.role('button', 'Log in'));
          // Both flows return to the page the login started from (issue 12, item 13).
          await waitForUrl(page, `${appOrigin}/ping`);
          await visible(page, by.role('button', 'Log out'));
          await click(page, by.role('link', 'Home'));
          await visible(page, by.text('You are logged in as'));
          assert.doesNotMatch(page.url(), /access_token|id_token|code=|state=|#/);
          const session = await storedSession(page);
          assert.ok(session?.accessToken.split('.').length === 3, 'a JWT access token is stored');
          assert.ok((session?.expiresAt ?? 0) > Date.now(), 'its expiry lies ahead');
          assert.match(session?.scope ?? '', /read:messages/);
          const refresh = session?.refreshToken;
          if (flow === 'code') assert.ok(refresh && refresh.length >= 20, 'a refresh token is stored');
          else assert.equal(refresh, null, 'the implicit flow has no refresh token');
          // The code flow's PKCE verifier and the nonce are for one login: gone once used. Only the mark that this
          // tab's login was used is left (so reopening the callback carries on rather than failing), with no secret.
          const left = await inPage<string[]>(page, 'Object.values(sessionStorage)');
          assert.equal(left.length, 1, 'one mark in sessionStorage');
          assert.doesNotMatch(left[0] ?? '', /codeVerifier|"nonce":"[^"]/, 'no secret left in sessionStorage');
          tokensSeen.push(...(await storedTokens(page)));
          await shot('home-logged-in.png');
        });

        it('calls the secured and the scoped endpoints with the access token', async () => {
          await click(page, by.role('link', 'Ping'));
          await ping('Secured ping');
          await roleWithText(page, 'status', MESSAGES.private);
          await ping('Scoped ping');
          await roleWithText(page, 'status', MESSAGES.scoped);
          await shot('ping-scoped.png');
        });

        it('keeps the session across a reload of a deep link', async () => {
          await page.reload();
          assert.equal(page.url(), `${appOrigin}/ping`);
          await visible(page, by.role('button', 'Log out'));
          await ping('Secured ping');
          await roleWithText(page, 'status', MESSAGES.private);
          tokensSeen.push(...(await storedTokens(page)));
        });

        it('logs out at the authorization server too, leaving nothing in storage; then the secured ping is refused', async () => {
          const revocationsBefore = requestsTo('oauth/revoke').length;
          await click(page, by.role('button', 'Log out'));
          await waitUntil(() => requestsTo('v2/logout').length === 1, 'a visit to the logout endpoint');
          await waitForUrl(page, (url) => url.origin === appOrigin && !url.pathname.startsWith('/callback'));
          await visible(page, by.role('button', 'Log in'));
          assert.deepEqual(await storageKeys(page), ['local:authSession.epoch'], 'no token left: only the epoch');
          if (flow === 'code') {
            const revocations = requestsTo('oauth/revoke').slice(revocationsBefore);
            assert.deepEqual(
              revocations.map((request) => request.method()),
              ['POST'],
              'the refresh token was revoked at the authorization server'
            );
          }

          await page.goto(`${appOrigin}/ping`);
          await ping('Secured ping');
          assert.match(await textOf(page, by.role('alert')), /401/);
          await shot('ping-after-logout.png');

          // The server's session ended too: logging in again asks for the password.
          await click(page, by.role('button', 'Log in'));
          await waitForUrl(page, (url) => url.href.startsWith(issuer));
          await visible(page, by.label('Password'));
        });

        if (flow === 'code') {
          it('put no token in any URL of any request or page in any frame, and opened no iframe', () => {
            assert.ok(tokensSeen.length >= 3, 'the tokens looked for were recorded');
            assert.deepEqual(urlsWithTokens(watched.urls, tokensSeen), []);
            assert.deepEqual(watched.childFrameUrls, [], 'the code flow renews without a hidden iframe');
          });
        }

        it('sent the access token to the API origin only, and raised no page errors', () => {
          assert.deepEqual(watched.tokenLeaks, []);
          assert.deepEqual(watched.problems, []);
        });
      })
    );
  });
}
