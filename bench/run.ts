/**
 * `npm run bench`: every benchmark in one run on this machine, one table, and the same figures as JSON in
 * bench/results/ (git-ignored). Every value and every reference it is compared with is measured in this run; each row
 * carries a goal or a budget.
 *
 * 1. bundle: the production build's JS against the dependencies' floor, and what the first page loads, measured by the
 *    size budgets' own code (test/budgets/bundle-size.ts), next to the minimal AngularJS + ui-router app's first page;
 * 2. first rendered view in Chromium, cold cache, against the minimal app (bench/floors/minimal-app);
 * 3. login in Chromium against the local authorization server: the code flow (the default) against the implicit flow,
 *    against the same app built with auth0-js in the first bundle (as before it was deferred), and with DPoP
 *    (AUTH0_DPOP=true) against without; the secured ping with DPoP against without;
 * 4. a localStorage write reaching another tab, in Chromium and in Firefox: what the session's lock hand-over rests on;
 * 5. the API's own benchmark (`npm run bench:api`), with the reference stack it runs beside ours.
 *
 * BENCH_RUNS sets the first loads of each page (15, at least 3), BENCH_LOGINS the logins of each build (12, at least
 * 10).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import HtmlWebpackPlugin from 'html-webpack-plugin';
import webpack from 'webpack';
import { closeBrowser, launchBrowser } from '../test/support/quickstart-browser';
import { measureApi, type ApiFigures } from './api.bench';
import {
  BUDGETS,
  buildApp,
  checkBudgets,
  firstPageSent,
  measureBundle,
  type BundleFigures,
} from '../test/budgets/bundle-size';
import { freeLocalPorts, localEnvironment, projectRoot } from '../test/support/processes';
import {
  measureFirstView,
  measureLogin,
  measureSecuredPing,
  measureStoragePropagation,
  serveBuild,
  type Summary,
} from './browser';

const FIRST_LOAD_RUNS = Math.max(3, Number(process.env.BENCH_RUNS ?? 15));
const LOGINS = Math.max(10, Number(process.env.BENCH_LOGINS ?? 12));
const PINGS = 20;
const PROPAGATION_TRIALS = 40;

/** issue 13: the app's first view against the minimal AngularJS + ui-router app, same run. */
const FIRST_VIEW_TO_MINIMAL_APP_GOAL = 1.1;
/** issue 10: login with the code flow against the implicit flow, same run. */
const CODE_TO_IMPLICIT_LOGIN_GOAL = 1.3;
/** issue 13: login with auth0-js deferred against the same app with auth0-js in the first bundle, same run. */
const DEFERRED_TO_FIRST_BUNDLE_LOGIN_GOAL = 1.1;
/** issue 25: login and the secured ping with DPoP against the same app without, same run. */
const DPOP_LOGIN_GOAL = 1.3;
const DPOP_PING_GOAL = 1.2;
/** The session's lock is held this long after a write (LOCK_HAND_OVER_MS, src/spa/auth/cross-tab-lock.ts). */
const LOCK_HAND_OVER_MS = 500;

/** The home page's text for a visitor who is not logged in, and the minimal app's one state's (its main.js). */
const LOGGED_OUT_TEXT = 'You are not logged in.';
const MINIMAL_APP_TEXT = 'The minimal app rendered its first view.';
const MINIMAL_APP = join(projectRoot, 'bench', 'floors', 'minimal-app');

interface Row {
  figure: string;
  value: string;
  reference: string;
  ratio: string;
  spread: string;
  target: string;
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const ms = (value: number) => `${value.toFixed(1)} ms`;
const ratio = (value: number, reference: number) => (value / reference).toFixed(3);
const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED');
const goal = (value: number, reference: number, limit: number) => `<= ${limit} ${verdict(value / reference <= limit)}`;

function bundleRows(bundle: BundleFigures, minimalAppBr: number): Row[] {
  const checks = checkBudgets(bundle);
  const floor = bundle.floor.gzip;
  const sent = bundle.firstPage.sent.bytes;
  const row = (figure: string, value: number, reference: string, referenceValue: number, target: string) => ({
    figure,
    value: kib(value),
    reference: `${kib(referenceValue)} ${reference}`,
    ratio: ratio(value, referenceValue),
    spread: 'exact',
    target,
  });
  const unwanted = bundle.firstPage.packages.filter((name) => BUDGETS.notOnFirstPage.includes(name));
  return [
    row(
      `JS total, all ${bundle.scripts.length} files, gzip`,
      bundle.total.gzip,
      'floor',
      floor,
      `<= ${BUDGETS.totalGzipToFloor} ${verdict(checks['total gzip'].ok)}`
    ),
    row(
      `JS total, all ${bundle.scripts.length} files, brotli`,
      bundle.total.br,
      'floor (gzip)',
      floor,
      `<= ${BUDGETS.totalBrotliToGzipFloor} ${verdict(checks['total brotli'].ok)}`
    ),
    row(
      `first page JS sent, Accept-Encoding: br (${sent.toLocaleString('en-US')} B)`,
      sent,
      'floor (gzip)',
      floor,
      `${goal(sent, floor, BUDGETS.firstPageBrotliToGzipFloorGoal)}; budget ${BUDGETS.firstPageBrotliBytes.toLocaleString('en-US')} B ${verdict(checks['first page brotli'].ok)}`
    ),
    {
      figure: `first page carries ${BUDGETS.notOnFirstPage.join(', ')}`,
      value: unwanted.length > 0 ? `yes: ${unwanted.join(', ')}` : 'no',
      reference: `first page: ${bundle.firstPage.packages.join(', ')}`,
      ratio: '',
      spread: 'source maps',
      target: `no ${verdict(checks['first page packages'].ok)}`,
    },
    row('first page JS sent (br), app against minimal app', sent, 'minimal app', minimalAppBr, ''),
  ];
}

function formatTable(header: string[], rows: string[][]): string[] {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length))
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] as number))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)];
}

function packageTable(bundle: BundleFigures): string[] {
  const sizes = (name: string, min: number, gzip: number, br: number) => [name, kib(min), kib(gzip), kib(br)];
  return formatTable(
    ['package (counted with it)', 'min', 'gzip', 'br', 'floor gzip', 'floor from', 'ratio'],
    [
      ...bundle.packages.map((group) => [
        ...sizes(
          group.members.length > 1 ? `${group.name} (+${group.members.slice(1).join(', ')})` : group.name,
          group.bundled.min,
          group.bundled.gzip,
          group.bundled.br
        ),
        kib(group.floor.gzip),
        group.floor.from,
        ratio(group.bundled.gzip, group.floor.gzip),
      ]),
      sizes('app code (+ templates)', bundle.app.min, bundle.app.gzip, bundle.app.br),
      sizes('webpack runtime and glue', bundle.runtime.min, bundle.runtime.gzip, bundle.runtime.br),
    ]
  );
}

type Logins = Record<'code' | 'implicit' | 'oneBundle' | 'dpop', Summary>;
type Pings = Record<'bearer' | 'dpop', Summary>;
type Propagation = Partial<Record<'chromium' | 'firefox', Summary>>;

function browserRows(
  firstView: Record<'app' | 'minimalApp', Summary>,
  login: Logins | undefined,
  pings: Pings | undefined,
  propagation: Propagation
): Row[] {
  const spread = (summary: Summary) => `${ms(summary.min)} .. ${ms(summary.max)} (n=${summary.runs})`;
  const against = (figure: string, value: Summary, reference: Summary, name: string, limit: number) => ({
    figure,
    value: ms(value.median),
    reference: `${ms(reference.median)} ${name}`,
    ratio: ratio(value.median, reference.median),
    spread: spread(value),
    target: goal(value.median, reference.median, limit),
  });
  return [
    against(
      'first load: first rendered view',
      firstView.app,
      firstView.minimalApp,
      'minimal app',
      FIRST_VIEW_TO_MINIMAL_APP_GOAL
    ),
    ...(login
      ? [
          against(
            'login (AUTH0_FLOW=code): submit to home',
            login.code,
            login.implicit,
            'implicit',
            CODE_TO_IMPLICIT_LOGIN_GOAL
          ),
          against(
            'login (AUTH0_FLOW=code): auth0-js deferred, against it in the first bundle',
            login.code,
            login.oneBundle,
            'one bundle',
            DEFERRED_TO_FIRST_BUNDLE_LOGIN_GOAL
          ),
          against(
            'login with DPoP (AUTH0_DPOP=true), against without',
            login.dpop,
            login.code,
            'Bearer',
            DPOP_LOGIN_GOAL
          ),
        ]
      : []),
    ...(pings
      ? [
          against(
            'secured ping with DPoP: click to answer, against without',
            pings.dpop,
            pings.bearer,
            'Bearer',
            DPOP_PING_GOAL
          ),
        ]
      : []),
    ...Object.entries(propagation).map(([browser, summary]) => ({
      figure: `localStorage write seen by another tab, ${browser}: slowest`,
      value: ms(summary.max),
      reference: `${LOCK_HAND_OVER_MS} ms lock hand-over`,
      ratio: ratio(summary.max, LOCK_HAND_OVER_MS),
      spread: `median ${ms(summary.median)} (n=${summary.runs})`,
      target: `< 1 ${verdict(summary.max < LOCK_HAND_OVER_MS)}`,
    })),
  ];
}

function apiRows(api: ApiFigures): Row[] {
  const reqs = (value: number) => `${value.toLocaleString('en-US')} req/s`;
  const routeRow = (route: '/api/public' | '/api/private'): Row => {
    const { ours, reference, ratio } = api.routes[route];
    return {
      figure: `API: GET ${route}, ours against reference`,
      value: reqs(ours),
      reference: `${reqs(reference)} reference`,
      ratio: ratio.toFixed(2),
      spread: 'median (bench:api)',
      target: `>= ${api.goal} ${verdict(ratio >= api.goal && api.failedRequests === 0)}`,
    };
  };
  return [
    routeRow('/api/public'),
    routeRow('/api/private'),
    {
      figure: 'API: token check per request',
      value: `${api.check.microseconds.toFixed(1)} µs`,
      reference: `${api.check.cryptoVerify.toFixed(1)} µs crypto.verify`,
      ratio: (api.check.microseconds / api.check.cryptoVerify).toFixed(2),
      spread: 'median (bench:api)',
      target: '',
    },
  ];
}

async function main(): Promise<number> {
  const started = new Date();
  // Other work on the machine shows in the times: the load at the start is part of the record.
  const loadAtStart = loadavg()[0] ?? 0;
  // Each build bakes in its configuration and is served on the free ports it was built for. The default flow,
  // whatever a developer's .env says.
  const [ports, implicitPorts, oneBundlePorts, minimalAppPorts, dpopPorts] = await Promise.all(
    Array.from({ length: 5 }, () => freeLocalPorts())
  );
  const envFor = (flowPorts: typeof ports, flow: 'code' | 'implicit') => ({
    ...localEnvironment(flowPorts),
    AUTH0_FLOW: flow,
  });
  const workDir = mkdtempSync(join(tmpdir(), 'quickstart-bench-'));
  const problems: string[] = [];
  let bundle: BundleFigures | undefined;
  let minimalAppBr = 0;
  let firstView: Record<'app' | 'minimalApp', Summary> | undefined;
  let login: Logins | undefined;
  let pings: Pings | undefined;
  const propagation: Propagation = {};
  let api: ApiFigures | undefined;
  let chromiumVersion = '';

  try {
    console.log('bench: building the app, each dependency alone, the minimal app, and the two login references...');
    bundle = await measureBundle(workDir, envFor(ports, 'code'));
    const dirs = {
      dpop: join(workDir, 'dpop'),
      implicit: join(workDir, 'implicit'),
      oneBundle: join(workDir, 'one-bundle'),
      minimalApp: join(workDir, 'minimal-app'),
    };
    await buildApp(dirs.implicit, { env: envFor(implicitPorts, 'implicit') });
    await buildApp(dirs.dpop, { env: { ...envFor(dpopPorts, 'code'), AUTH0_DPOP: 'true' } });
    // Every chunk merged into the first page's script, as auth0-js was loaded before issue 13 deferred it.
    await buildApp(dirs.oneBundle, {
      env: envFor(oneBundlePorts, 'code'),
      adjust: (config) => ({
        ...config,
        plugins: [...(config.plugins ?? []), new webpack.optimize.LimitChunkCountPlugin({ maxChunks: 1 })],
      }),
    });
    // The project's config with its own entry and page: same mode, terser, angular.min.js, deferred script, CSP meta.
    await buildApp(dirs.minimalApp, {
      adjust: (config) => ({
        ...config,
        entry: { main: join(MINIMAL_APP, 'main.js') },
        plugins: (config.plugins ?? []).map((plugin) =>
          plugin instanceof HtmlWebpackPlugin
            ? new HtmlWebpackPlugin({ ...plugin.userOptions, template: join(MINIMAL_APP, 'index.html') })
            : plugin
        ),
      }),
    });
    minimalAppBr = (await firstPageSent(dirs.minimalApp)).bytes;

    const browser = await launchBrowser('chromium');
    chromiumVersion = await browser.version();
    const servers: { stop(): Promise<unknown> }[] = [];
    const serve = async (...args: Parameters<typeof serveBuild>) => {
      const server = await serveBuild(...args);
      servers.push(server);
      return server.origin;
    };
    try {
      const [app, minimalApp, implicit, oneBundle, dpop] = await Promise.all([
        serve(bundle.dir, ports, true, { AUTH0_FLOW: 'code' }),
        serve(dirs.minimalApp, minimalAppPorts, false),
        serve(dirs.implicit, implicitPorts, true, { AUTH0_FLOW: 'implicit' }),
        serve(dirs.oneBundle, oneBundlePorts, true, { AUTH0_FLOW: 'code' }),
        serve(dirs.dpop, dpopPorts, true, { AUTH0_FLOW: 'code', AUTH0_DPOP: 'true' }),
      ]);
      console.log(`bench: first load, ${FIRST_LOAD_RUNS} cold runs of each page...`);
      firstView = await measureFirstView(
        browser,
        { app: { origin: app, text: LOGGED_OUT_TEXT }, minimalApp: { origin: minimalApp, text: MINIMAL_APP_TEXT } },
        FIRST_LOAD_RUNS
      );
      console.log(`bench: ${LOGINS} logins with each build...`);
      login = await measureLogin(browser, { code: app, implicit, oneBundle, dpop }, LOGINS);
      console.log(`bench: ${PINGS} secured pings with DPoP and without...`);
      pings = await measureSecuredPing(browser, { bearer: app, dpop }, PINGS);
      console.log(`bench: ${PROPAGATION_TRIALS} localStorage writes seen by another tab, in Chromium and Firefox...`);
      propagation.chromium = await measureStoragePropagation(browser, minimalApp, PROPAGATION_TRIALS);
      const firefox = await launchBrowser('firefox');
      try {
        propagation.firefox = await measureStoragePropagation(firefox, minimalApp, PROPAGATION_TRIALS);
      } finally {
        await closeBrowser(firefox);
      }
    } catch (error) {
      problems.push(`browser benchmarks: ${(error as Error).message.split('\n')[0]}`);
    } finally {
      await closeBrowser(browser);
      await Promise.all(servers.map((server) => server.stop()));
    }

    console.log('bench: the API beside the reference stack (bench:api)...');
    try {
      api = await measureApi();
    } catch (error) {
      problems.push(`API benchmark: ${(error as Error).message}`);
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }

  const machine = {
    date: started.toISOString(),
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    node: process.version,
    chromium: chromiumVersion,
    platform: `${process.platform} ${process.arch}`,
    loadAverage: { start: loadAtStart, end: loadavg()[0] ?? 0 },
  };
  const rows = [
    ...(bundle ? bundleRows(bundle, minimalAppBr) : []),
    ...(firstView ? browserRows(firstView, login, pings, propagation) : []),
    ...(api ? apiRows(api) : []),
  ];
  const lines = [
    '',
    `Benchmarks, ${machine.date}: ${machine.cpus} CPUs (${machine.cpuModel}), Node ${machine.node}, ${machine.chromium}, load average ${machine.loadAverage.start.toFixed(2)} at the start, ${machine.loadAverage.end.toFixed(2)} at the end`,
    '',
    ...formatTable(
      ['figure', 'value', 'reference', 'ratio', 'min .. max', 'target'],
      rows.map((row) => [row.figure, row.value, row.reference, row.ratio, row.spread, row.target])
    ),
    ...(bundle ? ['', 'Bundle by package:', ...packageTable(bundle)] : []),
    ...(problems.length > 0 ? ['', ...problems.map((problem) => `not measured: ${problem}`)] : []),
  ];
  console.log(lines.join('\n'));

  const resultsDir = join(projectRoot, 'bench', 'results');
  mkdirSync(resultsDir, { recursive: true });
  const json = JSON.stringify({ machine, rows, bundle, firstView, login, pings, propagation, api, problems }, null, 2);
  const file = join(resultsDir, `bench-${machine.date.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, json);
  writeFileSync(join(resultsDir, 'latest.json'), json);
  console.log(`\nbench: figures written to ${relative(process.cwd(), file)}`);
  return problems.length > 0 ? 1 : 0;
}

process.exitCode = await main().catch((error: unknown) => {
  console.error(`bench: ${(error as Error).message.split('\n')[0]}`);
  return 1;
});
