/**
 * First load of the production build in Chromium, cold cache, against its floors, all served by `npm run serve`:
 * the minimal AngularJS + ui-router app (bench/floors/minimal-app: one static state, the project's build settings),
 * and the same page with the dependency bundle alone (no app code, never bootstraps AngularJS).
 *
 * Each run is a new browser context (empty HTTP cache, no compiled-code cache). After one discarded warm-up of each
 * page, every run loads every page once, the order rotating from run to run, so all see the same machine load.
 *
 * - first rendered view: from navigation start to the animation frame in which the page's first view text appears;
 *   for the dependencies-only page, to the first frame after its scripts have run (DOMContentLoaded), which is the
 *   earliest an app could render anything.
 * - JS time: the renderer's script time up to that moment (CDP Performance.getMetrics ScriptDuration): compiling
 *   and running the bundle, and for the apps their bootstrap and first digest.
 */
import type { Browser } from 'puppeteer-core';
import { summarize, type Summary } from '../samples';
import { recordMarks } from './marks';

/** The home page's text for a visitor who is not logged in. */
export const LOGGED_OUT_TEXT = 'You are not logged in.';
/** The minimal app's one state (bench/floors/minimal-app/main.js). */
export const MINIMAL_APP_TEXT = 'The minimal app rendered its first view.';

export interface LoadTarget {
  origin: string;
  /** The text whose first frame is the first view, or `domReady` for a page that renders nothing. */
  ready: { text: string } | 'domReady';
}

export interface PageLoad {
  firstViewMs: number;
  scriptMs: number;
  /** How the page's scripts came: content-encoding and body bytes on the wire. */
  scripts: { url: string; encoding: string; bytes: number }[];
}

export interface PageFigures {
  firstView: Summary;
  script: Summary;
  /** The first measured load, for what came over the wire. */
  sample: PageLoad;
}

async function loadOnce(browser: Browser, target: LoadTarget): Promise<PageLoad> {
  const context = await browser.createBrowserContext();
  try {
    const page = await context.newPage();
    const byText = target.ready !== 'domReady';
    const marks = await recordMarks(
      page,
      target.ready === 'domReady' ? { domReady: true } : { texts: { view: target.ready.text } }
    );
    const scripts: PageLoad['scripts'] = [];
    page.on('response', (response) => {
      if (response.request().resourceType() !== 'script') return;
      const headers = response.headers();
      // npm run serve sends every file with its length, compressed or not.
      scripts.push({
        url: response.url(),
        encoding: headers['content-encoding'] ?? 'identity',
        bytes: Number(headers['content-length'] ?? Number.NaN),
      });
    });
    const navigation = page.goto(`${target.origin}/`, { waitUntil: 'load', timeout: 30_000 });
    // A failed navigation rejects now; a late one is awaited below.
    navigation.catch(() => undefined);
    const viewAt = await marks.waitFor(byText ? 'view' : 'domReady', 30_000);
    const metrics = await page.metrics();
    const timeOrigin = (await page.evaluate('performance.timeOrigin')) as number;
    await navigation;
    return { firstViewMs: viewAt - timeOrigin, scriptMs: (metrics.ScriptDuration ?? Number.NaN) * 1000, scripts };
  } finally {
    await context.close();
  }
}

export async function measureFirstLoad<Name extends string>(
  browser: Browser,
  targets: Record<Name, LoadTarget>,
  runs: number
): Promise<Record<Name, PageFigures>> {
  const names = Object.keys(targets) as Name[];
  for (const name of names) await loadOnce(browser, targets[name]);
  const loads = new Map<Name, PageLoad[]>(names.map((name) => [name, []]));
  for (let run = 0; run < runs; run++) {
    const order = [...names.slice(run % names.length), ...names.slice(0, run % names.length)];
    for (const name of order) loads.get(name)?.push(await loadOnce(browser, targets[name]));
  }
  const figures = {} as Record<Name, PageFigures>;
  for (const name of names) {
    const measured = loads.get(name) as PageLoad[];
    figures[name] = {
      firstView: summarize(measured.map((load) => load.firstViewMs)),
      script: summarize(measured.map((load) => load.scriptMs)),
      sample: measured[0] as PageLoad,
    };
  }
  return figures;
}
