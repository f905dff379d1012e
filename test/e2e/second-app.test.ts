/**
 * The session module proved by a second app: test/second-app, an AngularJS app that is not this quickstart (one
 * module, one page, AngularJS's default `#!/` URLs, its own callback path: its page itself), a TypeScript host with a
 * bundler that uses the module's built ES module (`npm run build:session`), built by its own small webpack
 * configuration with no plugin. In real Chromium, against the local
 * authorization server and this project's API started by their own entry points on free ports, it logs in, gets 200
 * from /api/private with the token the module attached, keeps the session over a reload, and logs out.
 *
 * The local server lets the second app in only through the ALLOWED_* lists, as it would any app beside this one;
 * the API answers CORS for one origin, so it is started with the second app's. Chromium only, and once: the module
 * is the subject here; the browsers and flows are covered by the quickstart's own suites.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import webpack from 'webpack';
import { builtAuthSession } from '../support/auth-session-build';
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
  storageKeys,
  textOf,
  waitForUrl,
  waitUntil,
  watchedPage,
  type PageWatch,
} from '../support/quickstart-browser';

const SECOND_APP = join(import.meta.dirname, '..', 'second-app');

/**
 * The second app's own small build: its entry, TypeScript for it, and the session module's ES module where the app
 * imports `angular-auth-session`, as a host that copied the file would point its bundler at it. Nothing else: no
 * DefinePlugin, no ProvidePlugin, no html plugin; the module must need none of them.
 */
async function build(outputPath: string): Promise<void> {
  const { module } = await builtAuthSession();
  const config: webpack.Configuration = {
    mode: 'development',
    devtool: false,
    context: SECOND_APP,
    entry: { main: join(SECOND_APP, 'main.ts') },
    output: { path: outputPath, publicPath: '/', filename: '[name].js', clean: true },
    resolve: { extensions: ['.ts', '.js'], alias: { 'angular-auth-session$': module } },
    module: {
      rules: [
        {
          test: /\.ts$/,
          loader: 'ts-loader',
          options: {
            configFile: join(SECOND_APP, 'tsconfig.json'),
            transpileOnly: true,
            compilerOptions: { noEmit: false },
          },
        },
      ],
    },
  };
  const stats = await new Promise<webpack.Stats | undefined>((resolve, reject) =>
    webpack(config, (error, result) => (error ? reject(error) : resolve(result)))
  );
  if (!stats || stats.hasErrors()) throw new Error(`the second app did not build:\n${stats?.toString('errors-only')}`);
}

/** The session module's configuration (AuthSessionConfig; typed there, in the browser's program). */
type SecondAppConfig = Record<string, string>;

/** The built app: its page (with its configuration) for every path without an extension, and its scripts. */
function pageFiles(dist: string, config: SecondAppConfig): (path: string) => PageFile | null {
  const page = readFileSync(join(SECOND_APP, 'index.html'), 'utf8').replace('__CONFIG__', JSON.stringify(config));
  return (path) => {
    if (extname(path) === '') return { type: 'text/html', body: page };
    if (!/^\/[\w.-]+\.js$/.test(path) || !existsSync(join(dist, path))) return null;
    return { type: 'text/javascript', body: readFileSync(join(dist, path)) };
  };
}

if (E2E_BROWSERS.includes('chromium') && E2E_FLOWS.includes('code')) {
  describe('src/spa/auth in a second AngularJS app (hash URLs, its own callback path)', { timeout: 240_000 }, () => {
    let servers: ServersForApp;
    let server: PageServer;
    let browser: Browser;
    let watched: PageWatch;
    let page: Page;
    let origin: string;
    let issuer: string;
    let dist: string;

    const who = () => textOf(page, '.who');
    const showsWho = async (expected: string) =>
      waitUntil(async () => (await who().catch(() => '')).startsWith(expected), `the page saying "${expected}"`);

    before(async () => {
      const [pagePort, app, api, auth] = (await freePorts(4)) as [number, number, number, number];
      origin = `http://localhost:${pagePort}`;
      // Its own callback path is its page: the app's origin with the slash, and logout comes back there too.
      servers = await startServersFor(
        origin,
        { callbackUrl: `${origin}/`, logoutUrl: `${origin}/` },
        { app, api, auth }
      );
      issuer = servers.issuer;
      dist = mkdtempSync(join(tmpdir(), 'second-app-'));
      await build(dist);
      server = await startPageServer(
        pagePort,
        pageFiles(dist, {
          domain: servers.domain,
          clientId: 'angularjs-quickstart',
          audience: 'urn:quickstart:api',
          apiUrl: servers.apiOrigin,
          scope: 'openid profile read:messages',
          // Its page is its callback; the issuer is worked out from the domain, a URL here.
          callbackPath: '/',
        })
      );
      browser = await launchBrowser('chromium');
      watched = await watchedPage(browser, { apiOrigin: servers.apiOrigin });
      page = watched.page;
    });

    after(async () => {
      await closeBrowser(browser);
      await server?.stop();
      await servers?.stop();
      if (dist) rmSync(dist, { recursive: true, force: true });
    });

    it('logs in through the module and comes back to the #!/ URL it left from', async () => {
      await page.goto(`${origin}/#!/somewhere?tab=1`);
      await showsWho('Not logged in');
      await click(page, by.role('button', 'Log in'));
      await waitForUrl(page, (url) => url.href.startsWith(`${issuer}interaction/`));
      await fill(page, by.label('Email'), DEMO.email);
      await fill(page, by.label('Password'), DEMO.password);
      await click(page, by.role('button', 'Log in'));
      await showsWho(`Logged in as ${DEMO.email}`);
      assert.equal(page.url(), `${origin}/#!/somewhere?tab=1`, 'back where it left, with nothing of the login');
      const login = watched.urls.find((url) => url.startsWith(`${issuer}authorize?`));
      assert.equal(new URL(login ?? issuer).searchParams.get('redirect_uri'), `${origin}/`, 'its own callback path');
    });

    it('gets 200 from /api/private with the token the module attached, sent to the API only', async () => {
      await click(page, by.role('button', 'Secured ping'));
      await waitUntil(async () => (await textOf(page, '.answer')) !== '', 'an answer');
      assert.match(await textOf(page, '.answer'), /^200: /);
      assert.deepEqual(watched.tokenLeaks, []);
    });

    it('keeps the session over a reload', async () => {
      await page.reload();
      await showsWho(`Logged in as ${DEMO.email}`);
      await click(page, by.role('button', 'Secured ping'));
      await waitUntil(async () => /^200: /.test(await textOf(page, '.answer')), 'a 200 after the reload');
    });

    it("logs out, here and at the authorization server, and comes back to the app's page", async () => {
      await click(page, by.role('button', 'Log out'));
      await waitUntil(() => watched.urls.some((url) => url.startsWith(`${issuer}v2/logout?`)), 'the logout endpoint');
      await waitForUrl(page, (url) => url.origin === origin && !url.search);
      await showsWho('Not logged in');
      assert.deepEqual(await storageKeys(page), ['local:authSession.epoch'], 'no token left, only the epoch');
      await click(page, by.role('button', 'Secured ping'));
      await waitUntil(async () => (await textOf(page, '.answer')) === 'refused: 401', 'the API refusing the ping');
      assert.deepEqual(watched.problems, []);
    });
  });
}
