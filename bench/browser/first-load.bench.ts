/**
 * First load of the production build in Chromium, cold cache, against the same page with the dependency bundle
 * alone (no app code), both served by `npm run serve`.
 *
 * Each run is a new browser context (empty HTTP cache, no compiled-code cache). Runs alternate between the two
 * pages, after one discarded warm-up of each, so both see the same machine load.
 *
 * - first rendered view: from navigation start to the animation frame in which the home view's text first appears;
 *   for the reference page, to the first frame after its scripts have run (DOMContentLoaded), which is the earliest
 *   the app could render anything.
 * - JS time: the renderer's script time up to that moment (CDP Performance.getMetrics ScriptDuration): compiling
 *   and running the bundle, and for the app its bootstrap and first digest.
 */
import type { Browser } from 'playwright-core';
import { summarize, type Summary } from '../samples';
import { recordMarks } from './marks';
import type { Running } from './served-build';

/** The home page's text for a visitor who is not logged in. */
export const LOGGED_OUT_TEXT = 'You are not logged in.';

export interface PageLoad {
  firstViewMs: number;
  scriptMs: number;
  /** How the page's scripts came: content-encoding and bytes on the wire. */
  scripts: { url: string; encoding: string; bytes: number }[];
}

export interface FirstLoadFigures {
  app: { firstView: Summary; script: Summary; sample: PageLoad };
  reference: { firstView: Summary; script: Summary; sample: PageLoad };
}

async function loadOnce(browser: Browser, origin: string, waitForText: string | undefined): Promise<PageLoad> {
  const context = await browser.newContext();
  try {
    const marks = await recordMarks(context, waitForText ? { texts: { view: waitForText } } : { domReady: true });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const scripts: PageLoad['scripts'] = [];
    page.on('response', (response) => {
      if (response.request().resourceType() !== 'script') return;
      void response
        .headerValue('content-encoding')
        .then(async (encoding) => {
          const sizes = await response.request().sizes();
          scripts.push({ url: response.url(), encoding: encoding ?? 'identity', bytes: sizes.responseBodySize });
        })
        .catch(() => undefined);
    });
    const navigation = page.goto(`${origin}/`, { waitUntil: 'commit', timeout: 30_000 });
    const viewAt = await marks.waitFor(waitForText ? 'view' : 'domReady', 30_000);
    await navigation;
    const { metrics } = await cdp.send('Performance.getMetrics');
    const timeOrigin = await page.evaluate<number>('performance.timeOrigin');
    const scriptSeconds = metrics.find((metric) => metric.name === 'ScriptDuration')?.value ?? Number.NaN;
    await page.waitForLoadState('load');
    return { firstViewMs: viewAt - timeOrigin, scriptMs: scriptSeconds * 1000, scripts };
  } finally {
    await context.close();
  }
}

export async function measureFirstLoad(
  browser: Browser,
  app: Running,
  reference: Running,
  runs: number
): Promise<FirstLoadFigures> {
  await loadOnce(browser, app.origin, LOGGED_OUT_TEXT);
  await loadOnce(browser, reference.origin, undefined);
  const appLoads: PageLoad[] = [];
  const referenceLoads: PageLoad[] = [];
  for (let run = 0; run < runs; run++) {
    if (run % 2 === 0) {
      appLoads.push(await loadOnce(browser, app.origin, LOGGED_OUT_TEXT));
      referenceLoads.push(await loadOnce(browser, reference.origin, undefined));
    } else {
      referenceLoads.push(await loadOnce(browser, reference.origin, undefined));
      appLoads.push(await loadOnce(browser, app.origin, LOGGED_OUT_TEXT));
    }
  }
  const figures = (loads: PageLoad[]) => ({
    firstView: summarize(loads.map((load) => load.firstViewMs)),
    script: summarize(loads.map((load) => load.scriptMs)),
    sample: loads[0] as PageLoad,
  });
  return { app: figures(appLoads), reference: figures(referenceLoads) };
}
