/**
 * DPoP end to end (issue 25): `npm start` with AUTH0_DPOP=true, and the local server asking for its nonces
 * (DPOP_REQUIRE_NONCE=true, as Auth0 does of single-page apps), in Chromium and Firefox. The page logs in, gets 200
 * from /api/private with `Authorization: DPoP` and a proof, renews, keeps the session over a reload and logs out; and
 * what a script could copy out of the page's storage is tried from Node, as an attacker would: the access token as
 * `Bearer`, with a proof of another key, with the page's own proof against another URL, and the refresh token without
 * a proof. Each is refused.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { generateKeyPair, generateProof } from 'dpop';
import type { Browser, HTTPRequest, Page } from 'puppeteer-core';
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
  startQuickstart,
  stopQuickstart,
  storageKeys,
  storedSession,
  textOf,
  visible,
  waitForUrl,
  waitUntil,
  watchedPage,
  type PageWatch,
  type RunningQuickstart,
} from '../support/quickstart-browser';

/** Short-lived tokens, so a renewal happens while the test watches. */
const TOKEN_LIFETIME_S = 20;
const PRIVATE_MESSAGE = 'This is the private endpoint: your access token was accepted.';

if (E2E_FLOWS.includes('code')) {
  describe('DPoP-bound tokens end to end (AUTH0_DPOP=true)', { timeout: 600_000 }, () => {
    let quickstart: RunningQuickstart;

    before(async () => {
      quickstart = await startQuickstart('code', {
        AUTH0_DPOP: 'true',
        DPOP_REQUIRE_NONCE: 'true',
        ACCESS_TOKEN_LIFETIME: String(TOKEN_LIFETIME_S),
      });
    });

    after(async () => {
      await stopQuickstart(quickstart);
    });

    forEachBrowser((browserName) =>
      describe(`in ${browserName}`, { timeout: 240_000 }, () => {
        let browser: Browser;
        let watched: PageWatch;
        let page: Page;
        /** What a script on the page could read (localStorage), and the proof the page sent with its secured ping. */
        let stolen: { accessToken: string; refreshToken: string; proof: string };

        const apiCalls = (path: string) =>
          watched.requests.filter(
            (request) => request.method() === 'GET' && request.url() === `${quickstart.apiOrigin}${path}`
          );
        const header = (request: HTTPRequest | undefined, name: string) =>
          Object.entries(request?.headers() ?? {}).find(([key]) => key.toLowerCase() === name)?.[1] ?? '';
        /** A call made from Node, not from the page: what a copied token buys elsewhere. */
        const fromNode = (path: string, headers: Record<string, string>) =>
          fetch(`${quickstart.apiOrigin}${path}`, { headers, signal: AbortSignal.timeout(10_000) });

        before(async () => {
          browser = await launchBrowser(browserName);
          watched = await watchedPage(browser, quickstart);
          page = watched.page;
        });

        after(async () => {
          await closeBrowser(browser);
        });

        it('logs in, and gets 200 from /api/private with Authorization: DPoP and a proof made for the call', async () => {
          await page.goto(`${quickstart.appOrigin}/ping`);
          await click(page, by.role('button', 'Log in'));
          await waitForUrl(page, (url) => url.href.startsWith(quickstart.issuer));
          await fill(page, by.label('Email'), DEMO.email);
          await fill(page, by.label('Password'), DEMO.password);
          await click(page, by.role('button', 'Log in'));
          await waitForUrl(page, `${quickstart.appOrigin}/ping`);
          await click(page, by.role('button', 'Secured ping'));
          await roleWithText(page, 'status', PRIVATE_MESSAGE);

          const call = apiCalls('/api/private').at(-1);
          const session = await storedSession(page);
          assert.ok(session?.refreshToken, 'a refresh token is stored');
          assert.equal(header(call, 'authorization'), `DPoP ${session.accessToken}`);
          assert.ok(header(call, 'dpop'), 'a proof went with it');
          stolen = {
            accessToken: session.accessToken,
            refreshToken: session.refreshToken,
            proof: header(call, 'dpop'),
          };
        });

        it('shows what was sent: the DPoP scheme, the proof’s claims and the key the token is bound to', async () => {
          const sent = await textOf(page, '.sent');
          assert.match(sent, /Authorization: DPoP eyJ/);
          for (const claim of ['htm', 'htu', 'iat', 'jti', 'ath', 'cnf.jkt']) assert.match(sent, new RegExp(claim));
          assert.match(sent, /The hash of the access token/);
        });

        it('refuses the copied access token sent as Bearer from elsewhere', async () => {
          const answer = await fromNode('/api/private', { Authorization: `Bearer ${stolen.accessToken}` });
          assert.equal(answer.status, 401);
        });

        it("refuses it with a proof of another key: the token is bound to the page's key", async () => {
          const keys = await generateKeyPair('ES256');
          const url = `${quickstart.apiOrigin}/api/private`;
          const proof = await generateProof(keys, url, 'GET', undefined, stolen.accessToken);
          const answer = await fromNode('/api/private', { Authorization: `DPoP ${stolen.accessToken}`, DPoP: proof });
          assert.equal(answer.status, 401);
          assert.match(answer.headers.get('www-authenticate') ?? '', /DPoP error="invalid_token"/);
        });

        it("refuses it with the page's own proof against another URL", async () => {
          const answer = await fromNode('/api/private-scoped', {
            Authorization: `DPoP ${stolen.accessToken}`,
            DPoP: stolen.proof,
          });
          assert.equal(answer.status, 401);
          assert.match(answer.headers.get('www-authenticate') ?? '', /invalid_dpop_proof/);
        });

        it('refuses the copied refresh token without a proof of the key it is bound to', async () => {
          const answer = await fetch(`${quickstart.issuer}oauth/token`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({
              grant_type: 'refresh_token',
              refresh_token: stolen.refreshToken,
              client_id: 'angularjs-quickstart',
            }),
            signal: AbortSignal.timeout(10_000),
          });
          assert.equal(answer.status, 400);
          const body = (await answer.json()) as { error?: string };
          assert.match(body.error ?? '', /invalid_grant|invalid_dpop_proof|use_dpop_nonce/);
        });

        it('renews with a proof of the same key, without leaving the page', async () => {
          const before = stolen.accessToken;
          await waitUntil(
            async () => ((await storedSession(page))?.accessToken ?? before) !== before,
            'a renewal within the token lifetime',
            TOKEN_LIFETIME_S * 1000 + 10_000
          );
          await click(page, by.role('button', 'Secured ping'));
          await waitUntil(() => apiCalls('/api/private').length >= 2, 'a second call');
          await roleWithText(page, 'status', PRIVATE_MESSAGE);
        });

        it('keeps the session over a reload: the key pair is found again', async () => {
          await page.reload();
          await visible(page, by.role('button', 'Log out'));
          const calls = apiCalls('/api/private').length;
          await click(page, by.role('button', 'Secured ping'));
          await waitUntil(() => apiCalls('/api/private').length > calls, 'a call after the reload');
          await roleWithText(page, 'status', PRIVATE_MESSAGE);
        });

        it('logs out, forgetting the key pair with the tokens', async () => {
          await click(page, by.role('button', 'Log out'));
          await waitForUrl(page, (url) => url.origin === quickstart.appOrigin && url.pathname === '/');
          await visible(page, by.text('You have logged out.'));
          assert.deepEqual(await storageKeys(page), ['local:authSession.epoch']);
          const keys = await inPage<number>(
            page,
            `new Promise((resolve) => {
              const opening = indexedDB.open('authSession');
              opening.onsuccess = () => {
                const count = opening.result.transaction('dpopKeys').objectStore('dpopKeys').count();
                count.onsuccess = () => resolve(count.result);
              };
            })`
          );
          assert.equal(keys, 0, 'no key pair left');
          assert.deepEqual(watched.problems, []);
          assert.deepEqual(watched.tokenLeaks, []);
        });
      })
    );
  });
}
