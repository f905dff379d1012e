/**
 * The shared end-to-end fixture: `npm start`'s own script on free localhost ports (on its default ports for
 * `npm run screenshots`), real Chromium (over CDP) or real Firefox ESR (over WebDriver BiDi), both driven by
 * puppeteer-core, and a watch on each page that collects every fault a user's console would show (page errors,
 * console errors, CSP violations in any frame), every request that carries the access token anywhere it should not
 * go, and every URL any frame requested or showed.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import puppeteer, { type Browser, type BrowserContext, type HTTPRequest, type Page } from 'puppeteer-core';
import { CHROMIUM_FLAGS, findChrome, findFirefox } from '../../scripts/chrome';
import { LOCAL_DEFAULTS } from '../../src/config/environment';
import {
  freeLocalPorts,
  localEnvironment,
  projectRoot,
  startEntry,
  stop,
  waitForOutput,
  type Started,
} from './processes';

export const DEMO = { email: 'demo@example.com', password: 'demo-password' };

export type BrowserName = 'chromium' | 'firefox';
/** The login flows of AUTH0_FLOW: the authorization code flow with PKCE (the default) and the original implicit one. */
export type Flow = 'code' | 'implicit';

/** Reads a comma-separated list from the environment, refusing values outside `allowed` with one clear line. */
function listFromEnv<T extends string>(variable: string, allowed: readonly T[]): T[] {
  const raw = process.env[variable]?.trim();
  if (!raw) return [...allowed];
  const values = raw.split(',').map((value) => value.trim());
  const unknown = values.filter((value) => !(allowed as readonly string[]).includes(value));
  if (unknown.length > 0) throw new Error(`${variable} may list ${allowed.join(', ')}; got "${unknown.join(', ')}"`);
  return values as T[];
}

/** The browsers the end-to-end suites run in: both unless E2E_BROWSERS narrows it (`E2E_BROWSERS=firefox`). */
export const E2E_BROWSERS = listFromEnv<BrowserName>('E2E_BROWSERS', ['chromium', 'firefox']);
/** The flows the end-to-end suites run: both unless E2E_FLOWS narrows it (`E2E_FLOWS=implicit`). */
export const E2E_FLOWS = listFromEnv<Flow>('E2E_FLOWS', ['code', 'implicit']);

/**
 * Where screenshots go: test-results/ (git-ignored) by default; `npm run screenshots` points SCREENSHOTS_DIR at
 * docs/screenshots/ to refresh the pictures the README shows.
 */
export const screenshots = resolve(projectRoot, process.env.SCREENSHOTS_DIR?.trim() || 'test-results/screenshots');

/**
 * The README's pictures show the default flow in Chromium; the other runs take none, so that they do not overwrite
 * them with another browser's font rendering.
 */
export function takesScreenshots(browser: BrowserName, flow: Flow): boolean {
  return browser === 'chromium' && flow === 'code';
}

/** `npm run screenshots` runs on the ports `npm start` uses, so that the pictures show what a reader will see. */
const DEFAULT_PORTS = {
  app: Number(new URL(LOCAL_DEFAULTS.appOrigin).port),
  api: LOCAL_DEFAULTS.apiPort,
  auth: LOCAL_DEFAULTS.authPort,
};

export async function screenshot(page: Page, name: `${string}.png`, fullPage = false): Promise<void> {
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: `${screenshots}/${name}`, fullPage });
}

export interface RunningQuickstart {
  appOrigin: string;
  apiOrigin: string;
  /** With its trailing slash. */
  issuer: string;
  flow: Flow;
  started: Started;
}

/**
 * Starts the whole quickstart against the local authorization server, whatever a developer's .env says, in the given
 * login flow, and waits until it says it is ready. `env` adds variables (ACCESS_TOKEN_LIFETIME...).
 */
export async function startQuickstart(flow: Flow, env: Record<string, string> = {}): Promise<RunningQuickstart> {
  const ports = process.env.SCREENSHOTS_DIR?.trim() ? DEFAULT_PORTS : await freeLocalPorts();
  const started = startEntry('scripts/start.ts', { ...localEnvironment(ports), AUTH0_FLOW: flow, ...env });
  await waitForOutput(started, /Quickstart ready: open/, 180_000);
  return {
    appOrigin: `http://localhost:${ports.app}`,
    apiOrigin: `http://localhost:${ports.api}`,
    issuer: `http://localhost:${ports.auth}/`,
    flow,
    started,
  };
}

/** Stops it, and checks it stopped cleanly. */
export async function stopQuickstart(quickstart: RunningQuickstart | undefined): Promise<void> {
  if (!quickstart) return;
  const ended = await stop(quickstart.started);
  assert.equal(ended, 0, `npm start should stop cleanly on SIGTERM:\n${quickstart.started.output()}`);
}

/** Chromium over the DevTools protocol, Firefox over WebDriver BiDi: one driver, one API for both. */
export async function launchBrowser(name: BrowserName): Promise<Browser> {
  if (name === 'chromium') {
    const executablePath = findChrome();
    assert.ok(executablePath, 'Chromium is needed for this test (CHROME_BIN)');
    return puppeteer.launch({
      executablePath,
      args: [...CHROMIUM_FLAGS],
      headless: true,
      timeout: 30_000,
      protocolTimeout: 30_000,
    });
  }
  const executablePath = findFirefox();
  assert.ok(executablePath, 'Firefox is needed for this test (FIREFOX_BIN)');
  return puppeteer.launch({
    browser: 'firefox',
    executablePath,
    headless: true,
    timeout: 30_000,
    protocolTimeout: 30_000,
  });
}

/** Closes the browser, bounded: a browser that does not answer is killed by its process id. */
export async function closeBrowser(browser: Browser | undefined): Promise<void> {
  if (!browser) return;
  const timer = setTimeout(() => browser.process()?.kill('SIGKILL'), 10_000);
  await browser.close().catch(() => browser.process()?.kill('SIGKILL'));
  clearTimeout(timer);
}

/** Selectors by ARIA role and accessible name (exact), and by visible text (a substring), as a user finds things. */
export const by = {
  role: (role: string, name?: string) =>
    name === undefined ? `::-p-aria([role="${role}"])` : `::-p-aria([name=${JSON.stringify(name)}][role="${role}"])`,
  /**
   * A form field by its label. Firefox also names the <label> itself, and gives a password field no role puppeteer
   * can name, hence the element types.
   */
  label: (name: string) => `:is(input, textarea, select)::-p-aria(${JSON.stringify(name)})`,
  text: (text: string) => `::-p-text(${JSON.stringify(text)})`,
};

/** Waits, bounded by the page's default timeout, until something matching the selector is visible. */
export async function visible(page: Page, selector: string): Promise<void> {
  await page.locator(selector).setVisibility('visible').wait();
}

/**
 * Waits until an element with `role` shows `text` (a substring) and returns its whole text. The app's live regions
 * carry their role as an attribute, which is read from the DOM: Chromium keeps no accessibility tree for a tab that
 * is not in front, so an ARIA query there would hang.
 */
export async function roleWithText(page: Page, role: string, text: string, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let seen: string[] = [];
  while (Date.now() < deadline) {
    seen = await Promise.all(
      (await page.$$(`[role="${role}"]`)).map((handle) =>
        handle.evaluate((element: { textContent: string | null }) => element.textContent ?? '')
      )
    );
    const match = seen.find((content) => content.includes(text));
    if (match !== undefined) return match.trim();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no ${role} showing "${text}" within ${timeoutMs} ms; saw ${JSON.stringify(seen)}`);
}

/** The trimmed text of the first element matching the selector, once it is visible. */
export async function textOf(page: Page, selector: string): Promise<string> {
  const handle = await page.locator(selector).setVisibility('visible').waitHandle();
  const text = await handle.evaluate((element: { textContent: string | null }) => element.textContent ?? '');
  await handle.dispose();
  return text.trim();
}

export async function click(page: Page, selector: string): Promise<void> {
  await page.locator(selector).click();
}

/**
 * Clicks a button, found by its text in the DOM, at once. For tabs that are not in front: they run no animation
 * frames, which a driver's click waits for, and Chromium keeps no accessibility tree for them; so two tabs can be
 * made to act at the same moment only this way.
 */
export async function clickNow(page: Page, button: string): Promise<void> {
  const handle = await page.$(`button${by.text(button)}`);
  assert.ok(handle, `no button "${button}"`);
  await handle.evaluate((element: { click(): void }) => element.click());
  await handle.dispose();
}

/** Replaces a field's value, as a user selecting it and typing does. */
export async function fill(page: Page, selector: string, value: string): Promise<void> {
  await page.locator(selector).fill(value);
}

export async function count(page: Page, selector: string): Promise<number> {
  return (await page.$$(selector)).length;
}

/** Waits until the page's address matches, bounded; the address includes the fragment. */
export async function waitForUrl(
  page: Page,
  expected: string | ((url: URL) => boolean),
  timeoutMs = 15_000
): Promise<void> {
  const matches = typeof expected === 'string' ? (url: URL) => url.href === expected : expected;
  const deadline = Date.now() + timeoutMs;
  while (!matches(new URL(page.url()))) {
    if (Date.now() > deadline) throw new Error(`the page stayed at ${page.url()} for ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Polls `condition` until it holds, for at most `timeoutMs`; `what` names it in the error. */
export async function waitUntil(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Evaluates an expression in the page (a string: these files are typed for Node, not the DOM; and the app's CSP
 * applies to the page's own scripts, not to the driver's).
 */
export function inPage<T>(page: Page, expression: string): Promise<T> {
  return page.evaluate(expression) as Promise<T>;
}

export const stored = (page: Page, key: string) =>
  inPage<string | null>(page, `localStorage.getItem(${JSON.stringify(key)})`);
export const store = (page: Page, key: string, value: string) =>
  inPage<unknown>(page, `localStorage.setItem(${JSON.stringify(key)}, ${JSON.stringify(value)})`);
/** The session as the app stores it (one JSON value, src/spa/auth/session-store.ts), read back; null for none. */
export interface StoredSession {
  id: string;
  accessToken: string;
  idToken: string;
  refreshToken: string | null;
  expiresAt: number;
  scope: string;
}
export const storedSession = async (page: Page): Promise<StoredSession | null> =>
  JSON.parse((await stored(page, 'authSession')) ?? 'null') as StoredSession | null;
/**
 * Changes the stored session, and tells the app as another tab's write would reach it (the storage event): the app
 * reads storage through a snapshot that follows those events.
 */
export async function changeStoredSession(page: Page, changes: Partial<StoredSession>): Promise<void> {
  const session = await storedSession(page);
  assert.ok(session, 'a session is stored');
  await store(page, 'authSession', JSON.stringify({ ...session, ...changes }));
  await inPage(page, `window.dispatchEvent(new StorageEvent('storage', { key: 'authSession' }))`);
}
/** Every key of localStorage and sessionStorage, as `local:key` and `session:key`. */
export const storageKeys = (page: Page) =>
  inPage<string[]>(
    page,
    `[...Object.keys(localStorage).map((k) => 'local:' + k), ...Object.keys(sessionStorage).map((k) => 'session:' + k)]`
  );

export interface PageWatch {
  page: Page;
  /** Page errors, console errors and CSP violations, each with the page it happened on. */
  problems: string[];
  /** Requests that carried an Authorization header to a URL not allowed to receive the token. */
  tokenLeaks: string[];
  /** Every URL requested by, or shown in, any frame of the page (fragments included), in order. */
  urls: string[];
  /** Every request of any frame, in order. */
  requests: HTTPRequest[];
  /** URLs shown in frames other than the top one (a hidden iframe's, for instance). */
  childFrameUrls: string[];
}

/**
 * CSP violations, reported from inside every frame (the login page, checkSession's hidden iframe) the moment they
 * happen. Chromium logs them as console errors too; this catches the ones a report-only or a frame might not.
 */
const REPORT_CSP_VIOLATIONS = `document.addEventListener('securitypolicyviolation', (event) => {
  console.error('CSP violation: ' + event.violatedDirective + ' blocked ' + (event.blockedURI || 'inline code') +
    ' in ' + event.documentURI);
});`;

/**
 * Refusals the tests provoke on purpose, which browsers log as console errors: an HTTP error status from our own
 * servers (Chromium: "Failed to load resource: ... status of 401"), and Firefox's note on the same.
 */
function isProvokedRefusal(text: string, url: string | undefined): boolean {
  const ours = !url || /^http:\/\/localhost[:/]/.test(url);
  return ours && /status of (400|401)\b|\b(400|401) (Bad Request|Unauthorized)\b/.test(text);
}

/**
 * Watches a page from its next navigation. `mayReceiveToken(url)` says which URLs may get the access token; the
 * API's origin, always.
 */
export async function watch(
  page: Page,
  quickstart: Pick<RunningQuickstart, 'apiOrigin'>,
  mayReceiveToken: (url: URL) => boolean = () => false
): Promise<PageWatch> {
  page.setDefaultTimeout(15_000);
  page.setDefaultNavigationTimeout(30_000);
  const problems: string[] = [];
  const tokenLeaks: string[] = [];
  const urls: string[] = [];
  const requests: HTTPRequest[] = [];
  const childFrameUrls: string[] = [];
  await page.evaluateOnNewDocument(REPORT_CSP_VIOLATIONS);
  page.on('pageerror', (error) => problems.push(`${page.url()}: ${error instanceof Error ? error.message : error}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    if (!isProvokedRefusal(message.text(), message.location().url)) {
      problems.push(`${page.url()}: console: ${message.text()}`);
    }
  });
  page.on('framenavigated', (frame) => {
    urls.push(frame.url());
    if (frame !== page.mainFrame()) childFrameUrls.push(frame.url());
  });
  page.on('request', (request) => {
    requests.push(request);
    urls.push(request.url());
    // The access token must reach the API's origin and nowhere else.
    const authorization = Object.entries(request.headers()).find(([name]) => name.toLowerCase() === 'authorization');
    if (!authorization) return;
    const url = new URL(request.url());
    if (url.origin !== quickstart.apiOrigin && !mayReceiveToken(url)) {
      tokenLeaks.push(`${request.method()} ${request.url()}`);
    }
  });
  return { page, problems, tokenLeaks, urls, requests, childFrameUrls };
}

/** A new page in a new browser context (its own storage and cookies), watched from its first navigation. */
export async function watchedPage(
  browser: Browser,
  quickstart: Pick<RunningQuickstart, 'apiOrigin'>,
  mayReceiveToken?: (url: URL) => boolean
): Promise<PageWatch & { context: BrowserContext }> {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  return { context, ...(await watch(page, quickstart, mayReceiveToken)) };
}

/** The token values the page holds now, to look for later in URLs. */
export async function storedTokens(page: Page): Promise<string[]> {
  const session = await storedSession(page);
  const values = [session?.accessToken, session?.idToken, session?.refreshToken];
  return values.filter((value): value is string => typeof value === 'string' && value.length > 0);
}

/** URLs that carry a token: a token parameter by name, or one of the token values the page has held. */
export function urlsWithTokens(urls: readonly string[], tokens: Iterable<string>): string[] {
  const values = [...new Set(tokens)];
  return urls.filter(
    (url) => /(access_token|id_token|refresh_token)=/.test(url) || values.some((value) => url.includes(value))
  );
}

/** POSTs to the token endpoint (code exchanges and refreshes; CORS preflights left out). */
export function tokenRequests(requests: readonly HTTPRequest[], quickstart: RunningQuickstart): HTTPRequest[] {
  return requests.filter(
    (request) => request.method() === 'POST' && request.url() === `${quickstart.issuer}oauth/token`
  );
}

/** For each browser in E2E_BROWSERS, calls `suite` (which declares a describe) with its name. */
export function forEachBrowser(suite: (browser: BrowserName) => void): void {
  for (const browser of E2E_BROWSERS) suite(browser);
}
