/**
 * Auth0's own SDK for single-page apps, `@auth0/auth0-spa-js` from npm, unchanged, against the local authorization
 * server: the server as an offline Auth0 tenant for an app this project did not write. A tiny page shaped like Auth0's
 * "Calling an API" sample (auth0-spa-js-page/) logs in with redirect to itself (code + PKCE; its callback is the page,
 * not /callback), renews through the hidden iframe and through rotating refresh tokens, calls this project's API and
 * logs out, in real Chromium.
 *
 * The servers are the project's own entry points (`npm run start:auth`, `npm run start:api`) on free ports. The local
 * server keeps APP_ORIGIN for this quickstart's app (not started here) and lets the page in only through the
 * ALLOWED_* lists, as a developer running their app beside this one would. The API answers CORS for one origin,
 * APP_ORIGIN, so it is started with the page's origin there, as a developer whose own app calls it would start it.
 *
 * No request is intercepted: Puppeteer's interception stalls auth0-spa-js's Web Worker token calls. Chromium only,
 * and once: the SDK is the subject here, the browsers are covered by the quickstart's own suites.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import { startPageServer, type PageFile, type PageServer } from '../support/page-server';
import { freePorts } from '../support/processes';
import { startServersFor, type ServersForApp } from '../support/servers-for-app';
import {
  DEMO,
  E2E_BROWSERS,
  E2E_FLOWS,
  by,
  click,
  closeBrowser,
  fill,
  launchBrowser,
  textOf,
  waitForUrl,
  waitUntil,
  watchedPage,
  type PageWatch,
} from '../support/quickstart-browser';

const PAGE_DIR = join(import.meta.dirname, 'auth0-spa-js-page');
const SDK_BUNDLE = createRequire(import.meta.url).resolve('@auth0/auth0-spa-js/dist/auth0-spa-js.production.js');
/** Silent renewals in a row through the refresh token; each one must present the token the previous one returned. */
const REFRESHES = 5;
/** Requests the page's own server answers at most: a few page loads of four files each. */
const MAX_PAGE_REQUESTS = 200;

interface SampleConfig {
  domain: string;
  clientId: string;
  audience: string;
  apiOrigin: string;
  useRefreshTokens: boolean;
}

/** The sample's files, its auth_config.json (which the test changes between phases) and the SDK from node_modules. */
function pageFiles(config: SampleConfig): (path: string) => PageFile | null {
  const files: Record<string, PageFile> = {
    '/': { type: 'text/html', body: readFileSync(join(PAGE_DIR, 'index.html'), 'utf8') },
    '/app.js': { type: 'text/javascript', body: readFileSync(join(PAGE_DIR, 'app.js'), 'utf8') },
    '/auth0-spa-js.production.js': { type: 'text/javascript', body: readFileSync(SDK_BUNDLE, 'utf8') },
  };
  return (path) =>
    path === '/auth_config.json' ? { type: 'application/json', body: JSON.stringify(config) } : (files[path] ?? null);
}

const selected = E2E_BROWSERS.includes('chromium') && E2E_FLOWS.includes('code');

if (selected) {
  describe('auth0-spa-js (Auth0 SDK, unchanged) against the local authorization server', { timeout: 240_000 }, () => {
    let servers: ServersForApp;
    let staticServer: PageServer;
    let browser: Browser;
    let watched: PageWatch;
    let page: Page;
    let pageOrigin: string;
    let issuer: string;
    let config: SampleConfig;

    /** Every /authorize the page or its iframe requested, as URLs. */
    const authorizeRequests = () =>
      watched.requests
        .map((request) => request.url())
        .filter((url) => url.startsWith(`${issuer}authorize?`))
        .map((url) => new URL(url));
    const status = () => textOf(page, '#status');
    const waitForStatus = async (expected: 'Logged in' | 'Logged out') => {
      await waitUntil(async () => (await status()) === expected, `the page showing "${expected}"`);
    };
    const pageError = () => page.$eval('#error', (element) => element.textContent ?? '');
    /** Asks the SDK for a new access token, bypassing its cache, as a renewal does. */
    const renewedToken = () =>
      page.evaluate(`window.auth0Client.getTokenSilently({ cacheMode: 'off' })`) as Promise<string>;

    before(async () => {
      const [pagePort, app, api, auth] = (await freePorts(4)) as [number, number, number, number];
      pageOrigin = `http://localhost:${pagePort}`;
      // The sample's callback and logout return are the page itself, written without a path, as its code sends them.
      servers = await startServersFor(
        pageOrigin,
        { callbackUrl: pageOrigin, logoutUrl: pageOrigin },
        { app, api, auth }
      );
      issuer = servers.issuer;
      config = {
        domain: servers.domain,
        clientId: 'angularjs-quickstart',
        audience: 'urn:quickstart:api',
        apiOrigin: servers.apiOrigin,
        useRefreshTokens: false,
      };
      staticServer = await startPageServer(pagePort, pageFiles(config), MAX_PAGE_REQUESTS);
      browser = await launchBrowser('chromium');
      watched = await watchedPage(browser, { apiOrigin: config.apiOrigin });
      page = watched.page;
    });

    after(async () => {
      await closeBrowser(browser);
      await staticServer?.stop();
      await servers?.stop();
    });

    it('logs in with redirect (code + PKCE), coming back to the page itself, and shows the name and picture', async () => {
      await page.goto(pageOrigin);
      await waitForStatus('Logged out');
      await click(page, by.role('button', 'Log in'));
      await waitForUrl(page, (url) => url.href.startsWith(`${issuer}interaction/`));
      await fill(page, by.label('Email'), DEMO.email);
      await fill(page, by.label('Password'), DEMO.password);
      await click(page, by.role('button', 'Log in'));
      await waitForUrl(page, `${pageOrigin}/`);
      await waitForStatus('Logged in');

      const [login] = authorizeRequests();
      assert.ok(login, 'an authorization request');
      assert.equal(login.searchParams.get('redirect_uri'), pageOrigin, 'the callback is the page, not /callback');
      assert.equal(login.searchParams.get('response_type'), 'code');
      assert.equal(login.searchParams.get('code_challenge_method'), 'S256');
      assert.ok(
        watched.urls.some((url) => url.startsWith(`${pageOrigin}/?code=`)),
        'the code came to the page'
      );

      assert.equal(await textOf(page, '#user-name'), DEMO.email);
      const avatar = await page.$eval('#avatar', (img) => ({ src: img.src, width: img.naturalWidth }));
      assert.equal(avatar.src, `${issuer}avatar.svg`);
      assert.ok(avatar.width > 0, 'the picture loaded');
      assert.equal(await pageError(), '');
    });

    it("calls this project's API: /api/private answers 200", async () => {
      await click(page, by.role('button', 'Call API'));
      const result = await waitUntil(
        async () => (await textOf(page, '#api-result').catch(() => '')) !== '',
        'an answer'
      ).then(() => textOf(page, '#api-result'));
      assert.match(result, /^200 \{"message":"/);
      assert.deepEqual(watched.tokenLeaks, [], 'the token went to the API only');
    });

    it('renews through the hidden iframe (prompt=none, web_message), also after a reload', async () => {
      const before = authorizeRequests().length;
      const first = await renewedToken();
      const second = await renewedToken();
      assert.notEqual(first, second, 'each renewal is a new token');
      const silent = authorizeRequests().slice(before);
      assert.equal(silent.length, 2, 'one iframe per renewal');
      for (const request of silent) {
        assert.equal(request.searchParams.get('prompt'), 'none');
        assert.equal(request.searchParams.get('response_mode'), 'web_message');
        assert.equal(request.searchParams.get('redirect_uri'), pageOrigin);
      }

      // The SDK's cache is memory: after a reload the session comes back through the iframe.
      await page.reload();
      await waitForStatus('Logged in');
      assert.equal(authorizeRequests().length, before + 3);
    });

    it('renews with rotating refresh tokens, many times in a row, with no iframe', async () => {
      config.useRefreshTokens = true;
      await page.reload();
      await waitForStatus('Logged out'); // no refresh token yet, and no fallback to the iframe
      // The server still has the session: the login comes straight back, now with offline_access.
      await click(page, by.role('button', 'Log in'));
      await waitForUrl(page, `${pageOrigin}/`);
      await waitForStatus('Logged in');
      assert.match(authorizeRequests().at(-1)?.searchParams.get('scope') ?? '', /\boffline_access\b/);

      const iframesBefore = watched.childFrameUrls.length;
      const requestsBefore = watched.requests.length;
      const tokens = new Set<string>();
      for (let index = 0; index < REFRESHES; index += 1) tokens.add(await renewedToken());
      assert.equal(tokens.size, REFRESHES, 'a new access token each time');
      assert.equal(watched.childFrameUrls.length, iframesBefore, 'no iframe: the refresh token did the renewals');
      // The SDK's Web Worker posts them; the server rotates the refresh token at each use (and a reused one would
      // revoke the grant), so each request presents a different one.
      const presented = watched.requests
        .slice(requestsBefore)
        .filter((request) => request.method() === 'POST' && request.url() === `${issuer}oauth/token`)
        .map((request) => new URLSearchParams(request.postData() ?? ''));
      assert.deepEqual(
        presented.map((form) => form.get('grant_type')),
        Array(REFRESHES).fill('refresh_token')
      );
      assert.equal(new Set(presented.map((form) => form.get('refresh_token'))).size, REFRESHES, 'rotated each time');

      await page.$eval('#api-result', (element) => (element.textContent = ''));
      await click(page, by.role('button', 'Call API'));
      await waitUntil(async () => (await textOf(page, '#api-result').catch(() => '')) !== '', 'an answer');
      assert.match(await textOf(page, '#api-result'), /^200 /, 'the last renewed token opens the API');
    });

    it("logs out through /v2/logout back to the page, ending the server's session", async () => {
      await click(page, by.role('button', 'Log out'));
      // The page is at its own URL already: wait for the trip to the logout endpoint before waiting to be back.
      await waitUntil(() => watched.urls.some((url) => url.startsWith(`${issuer}v2/logout?`)), 'the logout endpoint');
      await waitForUrl(page, `${pageOrigin}/`);
      await waitForStatus('Logged out');

      // The server's session is gone: a silent authorization through the iframe answers login_required.
      config.useRefreshTokens = false;
      await page.reload();
      await waitForStatus('Logged out');
      const answer = await page.evaluate(
        `window.auth0Client.getTokenSilently().then(() => 'token', (error) => error.error)`
      );
      assert.equal(answer, 'login_required');
      assert.deepEqual(watched.problems, []);
    });
  });
}
