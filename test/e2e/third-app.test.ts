/**
 * The session module in an app built the way Auth0's original AngularJS quickstart is: test/third-app, plain
 * JavaScript loaded with `<script>` tags and no build step of its own, a module named `app`, ui-router, pages home /
 * ping / profile / callback with `templateUrl`s, and its settings in `auth0-variables.js`. It loads the module's
 * prebuilt script file (`npm run build:session`) after the same libraries the original loads, as docs/migrating.md
 * says. In real Chromium, against the local authorization server and this project's API started by their own entry
 * points on free ports, it logs in, gets 200 from /api/private, keeps the session over a reload, shows the profile
 * from /userinfo, and logs out.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import { builtAuthSession } from '../support/auth-session-build';
import { startPageServer, type PageFile, type PageServer } from '../support/page-server';
import { freePorts, projectRoot } from '../support/processes';
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
  storageKeys,
  textOf,
  waitForUrl,
  waitUntil,
  watchedPage,
  type PageWatch,
} from '../support/quickstart-browser';

const THIRD_APP = join(import.meta.dirname, '..', 'third-app');

/** The library files the page's script tags name, as the original loads them from node_modules; nothing else. */
const LIBRARIES = [
  'angular/angular.js',
  '@uirouter/angularjs/release/angular-ui-router.js',
  'angular-jwt/dist/angular-jwt.js',
  'auth0-js/dist/auth0.min.js',
  'angular-auth0/dist/angular-auth0.js',
];

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.html': 'text/html' };

/**
 * The page for every path without an extension (html5 URLs), the app's files, the libraries, the module's script,
 * and `app/auth0-variables.js`, written here as the original's developer writes it by hand.
 */
function pageFiles(script: string, variables: string): (path: string) => PageFile | null {
  const page = readFileSync(join(THIRD_APP, 'index.html'), 'utf8');
  return (path) => {
    if (extname(path) === '') return { type: 'text/html', body: page };
    if (path === '/app/auth0-variables.js') return { type: 'text/javascript', body: variables };
    if (path === '/auth-session/angular-auth-session.js')
      return { type: 'text/javascript', body: readFileSync(script) };
    const library = LIBRARIES.find((file) => path === `/node_modules/${file}`);
    if (library) return { type: 'text/javascript', body: readFileSync(join(projectRoot, 'node_modules', library)) };
    const file = normalize(join(THIRD_APP, path));
    if (!path.startsWith('/app/') || !file.startsWith(`${THIRD_APP}/app/`) || !existsSync(file)) return null;
    return { type: TYPES[extname(file)] ?? 'text/plain', body: readFileSync(file) };
  };
}

if (E2E_BROWSERS.includes('chromium') && E2E_FLOWS.includes('code')) {
  describe(
    "the session module in an app in the original quickstart's shape (script tags, no build)",
    { timeout: 240_000 },
    () => {
      let servers: ServersForApp;
      let server: PageServer;
      let browser: Browser;
      let watched: PageWatch;
      let page: Page;
      let origin: string;

      const who = () => textOf(page, '.who');
      const says = async (selector: string, expected: string) =>
        waitUntil(
          async () => (await textOf(page, selector).catch(() => '')) === expected,
          `"${expected}" in ${selector}`
        );

      before(async () => {
        const [pagePort, app, api, auth] = (await freePorts(4)) as [number, number, number, number];
        origin = `http://localhost:${pagePort}`;
        servers = await startServersFor(
          origin,
          { callbackUrl: `${origin}/callback`, logoutUrl: `${origin}/` },
          { app, api, auth }
        );
        const { script } = await builtAuthSession();
        const variables = [
          `var AUTH0_CLIENT_ID = 'angularjs-quickstart';`,
          `var AUTH0_DOMAIN = '${servers.domain}';`,
          `var AUTH0_AUDIENCE = 'urn:quickstart:api';`,
          `var API_URL = '${servers.apiOrigin}';`,
        ].join('\n');
        server = await startPageServer(pagePort, pageFiles(script, variables), 150);
        browser = await launchBrowser('chromium');
        watched = await watchedPage(browser, { apiOrigin: servers.apiOrigin });
        page = watched.page;
      });

      after(async () => {
        await closeBrowser(browser);
        await server?.stop();
        await servers?.stop();
      });

      it('logs in through the module, back to the page it left from', async () => {
        await page.goto(`${origin}/`);
        await says('.who', 'You are not logged in.');
        await click(page, by.role('button', 'Log in'));
        await waitForUrl(page, (url) => url.href.startsWith(`${servers.issuer}interaction/`));
        await fill(page, by.label('Email'), DEMO.email);
        await fill(page, by.label('Password'), DEMO.password);
        await click(page, by.role('button', 'Log in'));
        await says('.who', `You are logged in as ${DEMO.email}.`);
        assert.equal(page.url(), `${origin}/`, 'back home, with nothing of the login in the address');
      });

      it('gets 200 from /api/private on the ping page, the token sent to the API only', async () => {
        await click(page, by.role('link', 'Ping'));
        await click(page, by.role('button', 'Secured ping'));
        await waitUntil(async () => (await textOf(page, '.message')) !== '', 'an answer');
        assert.doesNotMatch(await textOf(page, '.message'), /refused/);
        const answered = watched.requests.find(
          (request) => request.method() === 'GET' && request.url() === `${servers.apiOrigin}/api/private`
        );
        assert.equal(answered?.response()?.status(), 200);
        assert.deepEqual(watched.tokenLeaks, [], 'no template request carried the token');
      });

      it('keeps the session over a reload', async () => {
        await page.reload();
        await click(page, by.role('button', 'Secured ping'));
        await waitUntil(async () => (await textOf(page, '.message')) !== '', 'an answer after the reload');
        assert.doesNotMatch(await textOf(page, '.message'), /refused/);
      });

      it('shows the profile from /userinfo', async () => {
        await click(page, by.role('link', 'Profile'));
        await says('.name', DEMO.email);
      });

      it('logs out, here and at the authorization server, and says so back home', async () => {
        await click(page, by.role('button', 'Log out'));
        await waitUntil(() => watched.urls.some((url) => url.startsWith(`${servers.issuer}v2/logout?`)), 'the logout');
        await waitForUrl(page, (url) => url.href === `${origin}/`);
        await says('.who', 'You have logged out.');
        assert.equal(await who(), 'You have logged out.');
        assert.deepEqual(await storageKeys(page), ['local:authSession.epoch'], 'no token left, only the epoch');
        assert.deepEqual(watched.problems, []);
      });
    }
  );
}
