/**
 * The shared end-to-end fixture: `npm start`'s own script on free localhost ports, real Chromium (playwright-core),
 * and a watch on the page that collects every fault a user's console would show (page errors, console errors, CSP
 * violations in any frame) and every request that carries the access token anywhere it should not go.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_FLAGS, findChrome } from '../../scripts/chrome';
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

/**
 * Where screenshots go: test-results/ (git-ignored) by default; `npm run screenshots` points SCREENSHOTS_DIR at
 * docs/screenshots/ to refresh the pictures the README shows.
 */
export const screenshots = resolve(projectRoot, process.env.SCREENSHOTS_DIR?.trim() || 'test-results/screenshots');

export interface RunningQuickstart {
  appOrigin: string;
  apiOrigin: string;
  /** With its trailing slash. */
  issuer: string;
  started: Started;
}

/**
 * Starts the whole quickstart against the local authorization server, whatever a developer's .env says, and waits
 * until it says it is ready. `env` adds variables (ACCESS_TOKEN_LIFETIME...).
 */
export async function startQuickstart(env: Record<string, string> = {}): Promise<RunningQuickstart> {
  const ports = await freeLocalPorts();
  const started = startEntry('scripts/start.ts', { ...localEnvironment(ports), ...env });
  await waitForOutput(started, /Quickstart ready: open/, 180_000);
  return {
    appOrigin: `http://localhost:${ports.app}`,
    apiOrigin: `http://localhost:${ports.api}`,
    issuer: `http://localhost:${ports.auth}/`,
    started,
  };
}

/** Stops it, and checks it stopped cleanly. */
export async function stopQuickstart(quickstart: RunningQuickstart | undefined): Promise<void> {
  if (!quickstart) return;
  const ended = await stop(quickstart.started);
  assert.equal(ended, 0, `npm start should stop cleanly on SIGTERM:\n${quickstart.started.output()}`);
}

export async function launchChromium(): Promise<Browser> {
  const executablePath = findChrome();
  assert.ok(executablePath, 'Chromium is needed for this test');
  mkdirSync(screenshots, { recursive: true });
  return chromium.launch({ executablePath, args: [...CHROMIUM_FLAGS], timeout: 30_000 });
}

export interface PageWatch {
  page: Page;
  /** Page errors, console errors and CSP violations, each with the page it happened on. */
  problems: string[];
  /** Requests that carried an Authorization header to a URL not allowed to receive the token. */
  tokenLeaks: string[];
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
 * A new page in a new context, watched from its first navigation. `mayReceiveToken(url)` says which URLs may get
 * the access token; the API's origin, always.
 */
export async function watchedPage(
  browser: Browser,
  quickstart: RunningQuickstart,
  mayReceiveToken: (url: URL) => boolean = () => false
): Promise<PageWatch & { context: BrowserContext }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const problems: string[] = [];
  const tokenLeaks: string[] = [];
  await page.addInitScript(REPORT_CSP_VIOLATIONS);
  page.on('pageerror', (error) => problems.push(`${page.url()}: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    // Chromium logs every HTTP error status; the refusals the tests provoke on purpose are not faults.
    const expected = /status of 401/.test(message.text()) && /^http:\/\/localhost/.test(message.location().url);
    if (!expected) problems.push(`${page.url()}: console: ${message.text()}`);
  });
  // The access token must reach the API's origin and nowhere else.
  page.on('request', (request) => {
    const authorization = request.headers()['authorization'];
    if (!authorization) return;
    const url = new URL(request.url());
    if (url.origin !== quickstart.apiOrigin && !mayReceiveToken(url)) {
      tokenLeaks.push(`${request.method()} ${request.url()}`);
    }
  });
  return { context, page, problems, tokenLeaks };
}
