/**
 * Logging in and calling the API, as a person does it, in Chromium against production builds (`npm run serve`) and
 * the local authorization server, once per login flow (AUTH0_FLOW=code, the default, and AUTH0_FLOW=implicit), each
 * build with its own servers. Every login is a new browser context, so every one is full (hosted page, password,
 * redirect back, tokens checked and stored); the flows alternate, so both see the same machine load.
 *
 * - login: from the submit on the hosted login page to the frame in which the home page shows the user logged in
 *   (the redirects, /callback, the code exchange or the fragment, auth0-js's checks of the ID token with a JWKS
 *   fetch, the state change).
 * - secured ping: from the click on "Secured ping" to the frame in which the API's answer is on screen.
 *
 * Both are browser-side wall-clock times, so the time puppeteer takes to notice is not counted.
 */
import type { Browser } from 'puppeteer-core';
import { summarize, type Summary } from '../samples';
import { recordMarks } from './marks';

// Followed by " as <name>." when the ID token names the user.
export const LOGGED_IN_TEXT = 'You are logged in';
export const PRIVATE_MESSAGE = 'This is the private endpoint: your access token was accepted.';
const SECURED_PING = 'Secured ping';
const STEP_TIMEOUT_MS = 20_000;

export interface LoginTimes {
  login: Summary;
  securedPing: Summary;
}

export interface DemoUser {
  email: string;
  password: string;
}

/** An element by its accessible role and name, as a person finds it. */
const byRole = (role: string, name: string) => `::-p-aria([name="${name}"][role="${role}"])`;

async function loginOnce(browser: Browser, origin: string, user: DemoUser): Promise<{ login: number; ping: number }> {
  const context = await browser.createBrowserContext();
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    const marks = await recordMarks(page, {
      submit: true,
      texts: { loggedIn: LOGGED_IN_TEXT, message: PRIVATE_MESSAGE },
      clicks: { ping: SECURED_PING },
    });
    await page.goto(`${origin}/`);
    await page.locator(byRole('button', 'Log in')).click();
    // The hosted login page (src/auth-server/auth-pages.ts).
    await page.locator('input[name="email"]').fill(user.email);
    await page.locator('input[name="password"]').fill(user.password);
    marks.clear();
    await page.locator('button[type="submit"]').click();
    const submitted = await marks.waitFor('submit', STEP_TIMEOUT_MS);
    const loggedIn = await marks.waitFor('loggedIn', STEP_TIMEOUT_MS);

    await page.locator(byRole('link', 'Ping')).click();
    await page.locator(byRole('button', SECURED_PING)).click();
    const clicked = await marks.waitFor('ping', STEP_TIMEOUT_MS);
    const answered = await marks.waitFor('message', STEP_TIMEOUT_MS);
    return { login: loggedIn - submitted, ping: answered - clicked };
  } finally {
    await context.close();
  }
}

/** A flow's times, or why it could not be measured (the first failure, in one line). */
export type FlowLogins = LoginTimes | { failed: string };

/**
 * `runs` logins into each app (origin by flow), alternating, after one discarded warm-up of each (the servers' first
 * login compiles and caches what later ones reuse). A flow that fails is reported as failed and the others go on.
 */
export async function measureLogin<Flow extends string>(
  browser: Browser,
  origins: Record<Flow, string>,
  user: DemoUser,
  runs: number
): Promise<Record<Flow, FlowLogins>> {
  const failed = new Map<Flow, string>();
  const results = new Map<Flow, { login: number; ping: number }[]>();
  const once = async (flow: Flow) => {
    if (failed.has(flow)) return;
    try {
      const result = await loginOnce(browser, origins[flow], user);
      results.get(flow)?.push(result);
    } catch (error) {
      failed.set(flow, (error as Error).message.split('\n')[0] ?? 'failed');
    }
  };
  const flows = Object.keys(origins) as Flow[];
  for (const flow of flows) await once(flow);
  for (const flow of flows) results.set(flow, []);
  for (let run = 0; run < runs; run++) {
    const order = run % 2 === 0 ? flows : [...flows].reverse();
    for (const flow of order) await once(flow);
  }
  const figures = {} as Record<Flow, FlowLogins>;
  for (const flow of flows) {
    const measured = results.get(flow) as { login: number; ping: number }[];
    const failure = failed.get(flow);
    figures[flow] = failure
      ? { failed: failure }
      : {
          login: summarize(measured.map((result) => result.login)),
          securedPing: summarize(measured.map((result) => result.ping)),
        };
  }
  return figures;
}
