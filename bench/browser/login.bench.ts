/**
 * Logging in and calling the API, as a person does it, in Chromium against the production build (`npm run serve`)
 * and the local authorization server: every run is a new browser context, so every login is a full one (hosted
 * page, password, redirect back, ID token check, tokens stored).
 *
 * - login: from the submit on the hosted login page to the frame in which the home page shows the user logged in
 *   (the redirects, /callback, auth0-js's checks of the ID token with a JWKS fetch, the state change).
 * - secured ping: from the click on "Secured ping" to the frame in which the API's answer is on screen.
 *
 * Both are browser-side wall-clock times, so the time playwright takes to notice is not counted.
 */
import type { Browser } from 'playwright-core';
import { summarize, type Summary } from '../samples';
import { recordMarks } from './marks';

export const LOGGED_IN_TEXT = 'You are logged in.';
export const PRIVATE_MESSAGE = 'This is the private endpoint: your access token was accepted.';
const SECURED_PING = 'Secured ping';
const STEP_TIMEOUT_MS = 20_000;

export interface LoginFigures {
  login: Summary;
  securedPing: Summary;
}

export interface DemoUser {
  email: string;
  password: string;
}

async function loginOnce(browser: Browser, origin: string, user: DemoUser): Promise<{ login: number; ping: number }> {
  const context = await browser.newContext();
  try {
    const marks = await recordMarks(context, {
      submit: true,
      texts: { loggedIn: LOGGED_IN_TEXT, message: PRIVATE_MESSAGE },
      clicks: { ping: SECURED_PING },
    });
    const page = await context.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    await page.goto(`${origin}/`);
    await page.getByRole('button', { name: 'Log in', exact: true }).click();
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    marks.clear();
    await page.getByRole('button', { name: 'Log in', exact: true }).click();
    const submitted = await marks.waitFor('submit', STEP_TIMEOUT_MS);
    const loggedIn = await marks.waitFor('loggedIn', STEP_TIMEOUT_MS);

    await page.getByRole('link', { name: 'Ping', exact: true }).click();
    await page.getByRole('button', { name: SECURED_PING }).click();
    const clicked = await marks.waitFor('ping', STEP_TIMEOUT_MS);
    const answered = await marks.waitFor('message', STEP_TIMEOUT_MS);
    return { login: loggedIn - submitted, ping: answered - clicked };
  } finally {
    await context.close();
  }
}

/** `runs` logins after one discarded warm-up (the servers' first login compiles and caches what later ones reuse). */
export async function measureLogin(
  browser: Browser,
  origin: string,
  user: DemoUser,
  runs: number
): Promise<LoginFigures> {
  await loginOnce(browser, origin, user);
  const results: { login: number; ping: number }[] = [];
  for (let run = 0; run < runs; run++) results.push(await loginOnce(browser, origin, user));
  return {
    login: summarize(results.map((result) => result.login)),
    securedPing: summarize(results.map((result) => result.ping)),
  };
}
