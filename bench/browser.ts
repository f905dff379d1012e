/**
 * The browser figures, in Chromium driven by puppeteer-core as the end-to-end tests drive it, against production
 * builds served by `npm run serve` (and the local authorization server, for logins) on free localhost ports:
 *
 * - first rendered view: from the start of navigation to the animation frame in which the page's first view text
 *   first appears, on a cold cache (each load in a new browser context);
 * - login: from the submit on the hosted login page to the frame in which the home page says the user is logged in.
 *
 * Both moments are taken in the page by a script added before the page's own (Page.addScriptToEvaluateOnNewDocument;
 * the page's CSP does not apply to it), as wall-clock times (performance.timeOrigin + a high-resolution time), so
 * times from the login page and the app compare, and the time puppeteer takes to notice is not counted. It reports
 * through a CDP binding (Runtime.addBinding), which needs no answer from Node, so a mark made just before the page
 * navigates away (the login form's submit) still arrives. The script is a string: it runs in the browser, and this
 * project's Node code is not typed for the DOM.
 */
import type { Browser, BrowserContext, Page } from 'puppeteer-core';
import {
  localEnvironment,
  startEntry,
  stop,
  waitForOutput,
  type LocalPorts,
  type Started,
} from '../test/support/processes';
import { by, DEMO } from '../test/support/quickstart-browser';

/** Repeated measurements: their median, smallest and largest. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  runs: number;
}

function summarize(values: number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = (sorted.length - 1) / 2;
  const median = ((sorted[Math.floor(middle)] as number) + (sorted[Math.ceil(middle)] as number)) / 2;
  return { median, min: sorted[0] as number, max: sorted.at(-1) as number, runs: sorted.length };
}

/**
 * `npm run serve` for the build in `dir`, with the local authorization server beside it when `withAuth`; `env` (e.g.
 * AUTH0_FLOW) must be what the build was made with. Resolves with its origin and a stop function.
 */
export async function serveBuild(dir: string, ports: LocalPorts, withAuth: boolean, env: Record<string, string> = {}) {
  const all = { ...localEnvironment(ports), ...env };
  const children: Started[] = [];
  const stopAll = () => Promise.all(children.map((child) => stop(child)));
  try {
    for (const [entry, ready] of [
      ...(withAuth ? [['src/auth-server/auth-server.main.ts', /ready on/] as const] : []),
      ['scripts/serve.ts', /serve: ready on/] as const,
    ]) {
      children.push(startEntry(entry, { ...all, SERVE_DIR: dir }));
      await waitForOutput(children.at(-1) as Started, ready, 60_000);
    }
  } catch (error) {
    await stopAll();
    throw error;
  }
  return { origin: all.APP_ORIGIN as string, stop: stopAll };
}

const BINDING = 'benchMark';

/** Reports, for each name, the frame in which its text first appears in the page; and any form submit. */
const markScript = (texts: Record<string, string>) => `(() => {
  const texts = ${JSON.stringify(texts)};
  const mark = (name, time) => window.${BINDING}(JSON.stringify({ name, time: performance.timeOrigin + time }));
  new MutationObserver(() => {
    for (const [name, text] of Object.entries(texts)) {
      if (!document.body || !document.body.textContent.includes(text)) continue;
      delete texts[name];
      requestAnimationFrame((frameTime) => mark(name, frameTime));
    }
  }).observe(document, { childList: true, subtree: true, characterData: true });
  document.addEventListener('submit', () => mark('submit', performance.now()), true);
})();`;

/** The marks of every document `page` loads from now on: the first time (epoch ms) each one was reported. */
async function recordMarks(page: Page, texts: Record<string, string>) {
  const seen = new Map<string, number>();
  const cdp = await page.createCDPSession();
  cdp.on('Runtime.bindingCalled', ({ name, payload }) => {
    const mark = JSON.parse(payload) as { name: string; time: number };
    if (name === BINDING && !seen.has(mark.name)) seen.set(mark.name, mark.time);
  });
  await cdp.send('Runtime.enable');
  await cdp.send('Runtime.addBinding', { name: BINDING });
  await page.evaluateOnNewDocument(markScript(texts));
  return async (name: string, timeoutMs = 20_000): Promise<number> => {
    for (const deadline = Date.now() + timeoutMs; !seen.has(name); await new Promise((r) => setTimeout(r, 10))) {
      if (Date.now() > deadline) throw new Error(`no "${name}" in the page within ${timeoutMs / 1000} s`);
    }
    return seen.get(name) as number;
  };
}

/** `work` on a new page in a new browser context (empty HTTP cache, no compiled code), closed afterwards. */
async function inNewContext<T>(browser: Browser, work: (page: Page) => Promise<T>): Promise<T> {
  const context = await browser.createBrowserContext();
  try {
    return await work(await context.newPage());
  } finally {
    await context.close();
  }
}

/**
 * Each page (name: origin and the text of its first view), after one discarded warm-up load each, loaded `runs` times,
 * the order rotating from run to run so all see the same machine load.
 */
export async function measureFirstView<Name extends string>(
  browser: Browser,
  pages: Record<Name, { origin: string; text: string }>,
  runs: number
): Promise<Record<Name, Summary>> {
  const loadOnce = (name: Name) =>
    inNewContext(browser, async (page) => {
      const waitFor = await recordMarks(page, { view: pages[name].text });
      await page.goto(`${pages[name].origin}/`, { waitUntil: 'load', timeout: 30_000 });
      return (await waitFor('view')) - ((await page.evaluate('performance.timeOrigin')) as number);
    });
  return alternate(Object.keys(pages) as Name[], runs, loadOnce);
}

/** Followed by " as <name>." when the ID token names the user. */
const LOGGED_IN_TEXT = 'You are logged in';

/**
 * `runs` full logins (hosted page, password, redirect back, tokens checked and stored) into each app (name: origin),
 * alternating, after one discarded warm-up each (the servers' first login compiles and caches what later ones reuse).
 */
export async function measureLogin<Name extends string>(
  browser: Browser,
  origins: Record<Name, string>,
  runs: number
): Promise<Record<Name, Summary>> {
  const loginOnce = (name: Name) =>
    inNewContext(browser, async (page) => {
      page.setDefaultTimeout(20_000);
      const waitFor = await recordMarks(page, { loggedIn: LOGGED_IN_TEXT });
      await page.goto(`${origins[name]}/`);
      await page.locator(by.role('button', 'Log in')).click();
      // The hosted login page (src/auth-server/auth-pages.ts).
      await page.locator(by.label('Email')).fill(DEMO.email);
      await page.locator(by.label('Password')).fill(DEMO.password);
      await page.locator(by.role('button', 'Log in')).click();
      return (await waitFor('loggedIn')) - (await waitFor('submit'));
    });
  return alternate(Object.keys(origins) as Name[], runs, loginOnce);
}

const PRIVATE_MESSAGE = 'This is the private endpoint: your access token was accepted.';

/** Reports how long each click on "Secured ping" takes to show the API's answer, measured in the page. */
const pingScript = `(() => {
  let started = 0;
  document.addEventListener('click', (event) => {
    if (event.target && event.target.textContent.trim() === 'Secured ping') started = performance.now();
  }, true);
  new MutationObserver(() => {
    const answer = document.querySelector('.result .success');
    if (!started || !answer || !answer.textContent.includes(${JSON.stringify(PRIVATE_MESSAGE)})) return;
    const took = performance.now() - started;
    started = 0;
    window.${BINDING}(JSON.stringify({ name: 'ping', time: took }));
  }).observe(document, { childList: true, subtree: true, characterData: true });
})();`;

/**
 * The secured ping, from the click to the API's answer in the page (the token getter, its proof with DPoP, the call,
 * the answer drawn), `runs` times in each app (name: origin), alternating, each app logged in once first.
 */
export async function measureSecuredPing<Name extends string>(
  browser: Browser,
  origins: Record<Name, string>,
  runs: number
): Promise<Record<Name, Summary>> {
  const names = Object.keys(origins) as Name[];
  const contexts = await Promise.all(names.map(() => browser.createBrowserContext()));
  try {
    const pings = new Map<Name, () => Promise<number>>();
    for (const [index, name] of names.entries()) {
      const page = await (contexts[index] as BrowserContext).newPage();
      page.setDefaultTimeout(20_000);
      const answers: number[] = [];
      const cdp = await page.createCDPSession();
      cdp.on('Runtime.bindingCalled', ({ payload }) => answers.push((JSON.parse(payload) as { time: number }).time));
      await cdp.send('Runtime.enable');
      await cdp.send('Runtime.addBinding', { name: BINDING });
      await page.evaluateOnNewDocument(pingScript);
      await page.goto(`${origins[name]}/ping`);
      await page.locator(by.role('button', 'Log in')).click();
      await page.locator(by.label('Email')).fill(DEMO.email);
      await page.locator(by.label('Password')).fill(DEMO.password);
      await page.locator(by.role('button', 'Log in')).click();
      await page.locator(by.role('button', 'Secured ping')).wait();
      pings.set(name, async () => {
        const before = answers.length;
        await page.locator(by.role('button', 'Secured ping')).click();
        for (
          const deadline = Date.now() + 20_000;
          answers.length === before;
          await new Promise((r) => setTimeout(r, 5))
        ) {
          if (Date.now() > deadline) throw new Error(`no answer to the secured ping in ${name} within 20 s`);
        }
        return answers.at(-1) as number;
      });
    }
    return await alternate(names, runs, (name) => (pings.get(name) as () => Promise<number>)());
  } finally {
    await Promise.all(contexts.map((context) => context.close()));
  }
}

/**
 * How long a localStorage write in one tab takes to be seen by another tab of the same origin, `trials` times: the
 * timing the session's lock hand-over rests on (src/spa/auth/README.md). The second tab reads in a tight loop; both
 * tabs' clocks are the machine's (performance.timeOrigin + now). Chromium and Firefox alike (page.evaluate only).
 */
export async function measureStoragePropagation(browser: Browser, origin: string, trials: number): Promise<Summary> {
  const context = await browser.createBrowserContext();
  try {
    const [writer, reader] = [await context.newPage(), await context.newPage()];
    for (const page of [writer, reader]) await page.goto(`${origin}/`);
    // The reading tab in front, so that no browser slows its timers as it does a background tab's.
    await reader.bringToFront();
    const delays: number[] = [];
    for (let trial = 0; trial < trials; trial++) {
      const key = `bench.propagation.${trial}`;
      const seen = reader.evaluate(`new Promise((resolve) => {
        const look = () => {
          const written = localStorage.getItem(${JSON.stringify(key)});
          if (written !== null) resolve(performance.timeOrigin + performance.now() - Number(written));
          else setTimeout(look, 0);
        };
        look();
      })`) as Promise<number>;
      await new Promise((resolve) => setTimeout(resolve, 20));
      await writer.evaluate(
        `localStorage.setItem(${JSON.stringify(key)}, String(performance.timeOrigin + performance.now()))`
      );
      delays.push(await seen);
      await writer.evaluate(`localStorage.removeItem(${JSON.stringify(key)})`);
    }
    return summarize(delays);
  } finally {
    await context.close();
  }
}

async function alternate<Name extends string>(
  names: Name[],
  runs: number,
  once: (name: Name) => Promise<number>
): Promise<Record<Name, Summary>> {
  for (const name of names) await once(name);
  const times = new Map<Name, number[]>(names.map((name) => [name, []]));
  for (let run = 0; run < runs; run++) {
    for (const name of [...names.slice(run % names.length), ...names.slice(0, run % names.length)]) {
      times.get(name)?.push(await once(name));
    }
  }
  return Object.fromEntries(names.map((name) => [name, summarize(times.get(name) as number[])])) as Record<
    Name,
    Summary
  >;
}
