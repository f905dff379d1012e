/**
 * `npm run bench`: every benchmark in one run on this machine, one table, and the same figures as JSON in
 * bench/results/ (git-ignored). Every value and every reference it is compared with is measured in this run.
 *
 * 1. bundle: the production build's JS per package against the dependencies' floor (see bundle/measure-bundle.ts),
 *    all of it and what the first page loads;
 * 2. first load in Chromium, cold cache, against its two floors: the minimal AngularJS + ui-router app
 *    (bench/floors/minimal-app) and the same page with the dependencies alone;
 * 3. login and secured ping in Chromium against the local authorization server, for both login flows
 *    (AUTH0_FLOW=code, the default, and AUTH0_FLOW=implicit), each from its own build, and for the code flow built
 *    with auth0-js in the first bundle (as before it was deferred);
 * 4. the API's own benchmark (`npm run bench:api`), with the reference stack it runs beside ours.
 *
 * BENCH_RUNS sets the first-load runs per page (15), BENCH_LOGINS the logins (12, at least 10).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { loadEnvironment } from '../src/config/environment';
import { measureApi, type ApiFigures } from './api.bench';
import { budget, BUDGETS, checkBudgets, unwantedOnFirstPage } from './bundle/budgets';
import { measureBundle, type BundleFigures, type Sizes } from './bundle/measure-bundle';
import { projectRoot } from './bundle/packages';
import { buildApp } from './bundle/webpack-builds';
import { launchChromium } from './browser/chromium';
import {
  LOGGED_OUT_TEXT,
  measureFirstLoad,
  MINIMAL_APP_TEXT,
  type PageFigures,
  type PageLoad,
} from './browser/first-load.bench';
import { measureLogin, type FlowLogins } from './browser/login.bench';
import { freeLocalPorts, localEnvironment, type LocalPorts } from '../test/support/processes';
import { serveBuild, type Running } from './browser/served-build';
import type { Summary } from './samples';

const FIRST_LOAD_RUNS = Math.max(3, Number(process.env.BENCH_RUNS ?? 15));
const LOGINS = Math.max(10, Number(process.env.BENCH_LOGINS ?? 12));

/** issue 13: the app's first view against the minimal AngularJS + ui-router app, same run. */
const FIRST_VIEW_TO_MINIMAL_APP_GOAL = 1.1;
/** issue 10: login with the code flow against the implicit flow, same run. */
const CODE_TO_IMPLICIT_LOGIN_GOAL = 1.3;
/** issue 13: login with auth0-js deferred against the same app with auth0-js in the first bundle, same run. */
const DEFERRED_TO_FIRST_BUNDLE_LOGIN_GOAL = 1.1;

type FirstLoadFigures = Record<'app' | 'minimalApp' | 'dependenciesOnly', PageFigures>;
type LoginFigures = Record<'code' | 'implicit' | 'codeOneChunk', FlowLogins>;

/** How each measured build is named in the table. */
const LOGIN_BUILDS: Record<keyof LoginFigures, string> = {
  code: 'AUTH0_FLOW=code',
  implicit: 'AUTH0_FLOW=implicit',
  codeOneChunk: 'AUTH0_FLOW=code, auth0-js in the first bundle',
};

interface Row {
  figure: string;
  value: string;
  reference: string;
  ratio: string;
  spread: string;
  target: string;
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
/** For a figure near its limit, where one decimal of KiB would hide which side it is on. */
const exactBytes = (bytes: number) => `${bytes.toLocaleString('en-US')} B`;
const ms = (value: number) => `${value.toFixed(1)} ms`;
const ratio = (value: number, reference: number) => (value / reference).toFixed(3);
const spread = (summary: Summary, format: (value: number) => string) =>
  `${format(summary.min)} .. ${format(summary.max)} (n=${summary.runs})`;
const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED');

function bundleRows(bundle: BundleFigures): Row[] {
  const checks = checkBudgets(bundle);
  const exact = 'exact (n=1)';
  const floorGzip = `${kib(bundle.floor.gzip)} floor (gzip)`;
  const unwanted = unwantedOnFirstPage(bundle);
  const firstPageGoal = bundle.served.br.bytes / bundle.floor.gzip <= BUDGETS.firstPageBrotliToGzipFloorGoal;
  const rows: Row[] = [
    {
      figure: `JS total, all ${bundle.scripts.length} files, gzip`,
      value: kib(bundle.total.gzip),
      reference: `${kib(bundle.floor.gzip)} floor`,
      ratio: ratio(bundle.total.gzip, bundle.floor.gzip),
      spread: exact,
      target: `<= ${BUDGETS.totalGzipToFloor} ${verdict(budget(checks, 'total gzip').ok)}`,
    },
    {
      figure: `JS total, all ${bundle.scripts.length} files, brotli`,
      value: kib(bundle.total.br),
      reference: floorGzip,
      ratio: ratio(bundle.total.br, bundle.floor.gzip),
      spread: exact,
      target: `<= ${BUDGETS.totalBrotliToGzipFloor} ${verdict(budget(checks, 'total brotli').ok)}`,
    },
    {
      figure: 'first page JS sent, Accept-Encoding: br',
      value: kib(bundle.served.br.bytes),
      reference: floorGzip,
      ratio: ratio(bundle.served.br.bytes, bundle.floor.gzip),
      spread: exact,
      target:
        `<= ${BUDGETS.firstPageBrotliToGzipFloorGoal} ${verdict(firstPageGoal)}; ` +
        `budget ${exactBytes(BUDGETS.firstPageBrotliBytes)} ${verdict(budget(checks, 'first page brotli').ok)}`,
    },
    {
      figure: 'first page JS sent, Accept-Encoding: gzip',
      value: kib(bundle.served.gzip.bytes),
      reference: floorGzip,
      ratio: ratio(bundle.served.gzip.bytes, bundle.floor.gzip),
      spread: exact,
      target: '',
    },
    {
      figure: 'first page JS sent, br, in bytes',
      value: exactBytes(bundle.served.br.bytes),
      reference: bundle.firstPage.files.join(' '),
      ratio: '',
      spread: exact,
      target: '',
    },
    {
      figure: `first page carries ${BUDGETS.notOnFirstPage.join(', ')}`,
      value: unwanted.length > 0 ? `yes: ${unwanted.join(', ')}` : 'no',
      reference: `first page: ${bundle.firstPage.packages.join(', ')}`,
      ratio: '',
      spread: 'webpack stats',
      target: `no ${verdict(budget(checks, 'first page packages').ok)}`,
    },
    {
      figure: 'JS total, minified',
      value: kib(bundle.total.min),
      reference: `${kib(bundle.floor.min)} floor`,
      ratio: ratio(bundle.total.min, bundle.floor.min),
      spread: exact,
      target: '',
    },
    {
      figure: 'floor: published minified files as they are',
      value: kib(bundle.publishedAsIs.gzip),
      reference: `${kib(bundle.floor.gzip)} floor`,
      ratio: ratio(bundle.publishedAsIs.gzip, bundle.floor.gzip),
      spread: exact,
      target: '',
    },
  ];
  const firstPageBr = bundle.firstPage.br;
  if (bundle.minimalApp) {
    rows.push({
      figure: 'first page JS, br: app against minimal app',
      value: kib(firstPageBr),
      reference: `${kib(bundle.minimalApp.total.br)} minimal app`,
      ratio: ratio(firstPageBr, bundle.minimalApp.total.br),
      spread: exact,
      target: '',
    });
  }
  if (bundle.dependenciesOnly) {
    rows.push({
      figure: 'first page JS, br: app against deps only',
      value: kib(firstPageBr),
      reference: `${kib(bundle.dependenciesOnly.total.br)} deps only`,
      ratio: ratio(firstPageBr, bundle.dependenciesOnly.total.br),
      spread: exact,
      target: '',
    });
  }
  return rows;
}

function packageTable(bundle: BundleFigures): string[] {
  const header = [
    'package (counted with it)',
    'webpack',
    'min',
    'gzip',
    'br',
    'floor gzip',
    'from',
    'published',
    'alone',
    'ratio',
  ];
  const rows = bundle.groups.map((group) => [
    group.members.length > 1 ? `${group.name} (+${group.members.slice(1).join(', ')})` : group.name,
    kib(group.statsSize),
    kib(group.bundled.min),
    kib(group.bundled.gzip),
    kib(group.bundled.br),
    kib(group.floor.gzip),
    group.floor.from,
    group.published ? kib(group.published.gzip) : '-',
    kib(group.alone.gzip),
    ratio(group.bundled.gzip, group.floor.gzip),
  ]);
  // Sizes with no floor to compare with: the app's own code, and webpack's runtime.
  const sizesOnly = (name: string, sizes: Sizes) =>
    [name, '', kib(sizes.min), kib(sizes.gzip), kib(sizes.br)].concat(Array<string>(5).fill(''));
  rows.push(sizesOnly('app code (+ templates)', bundle.app), sizesOnly('webpack runtime and glue', bundle.runtime));
  return formatTable(header, rows);
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

const received = (load: PageLoad) => load.scripts.reduce((sum, script) => sum + script.bytes, 0);

function firstLoadRows(firstLoad: FirstLoadFigures): Row[] {
  const { app, minimalApp, dependenciesOnly } = firstLoad;
  const firstView = app.firstView.median / minimalApp.firstView.median;
  const encodings = [...new Set(app.sample.scripts.map((script) => script.encoding))].join(', ');
  return [
    {
      figure: 'first load: first rendered view',
      value: ms(app.firstView.median),
      reference: `${ms(minimalApp.firstView.median)} minimal app`,
      ratio: firstView.toFixed(3),
      spread: spread(app.firstView, ms),
      target: `<= ${FIRST_VIEW_TO_MINIMAL_APP_GOAL} ${verdict(firstView <= FIRST_VIEW_TO_MINIMAL_APP_GOAL)}`,
    },
    {
      figure: 'first load: first rendered view',
      value: ms(app.firstView.median),
      reference: `${ms(dependenciesOnly.firstView.median)} deps only`,
      ratio: ratio(app.firstView.median, dependenciesOnly.firstView.median),
      spread: spread(app.firstView, ms),
      target: '',
    },
    {
      figure: 'first load: minimal app first view',
      value: ms(minimalApp.firstView.median),
      reference: `${ms(dependenciesOnly.firstView.median)} deps only`,
      ratio: ratio(minimalApp.firstView.median, dependenciesOnly.firstView.median),
      spread: spread(minimalApp.firstView, ms),
      target: '',
    },
    {
      figure: 'first load: JS time until then',
      value: ms(app.script.median),
      reference: `${ms(minimalApp.script.median)} minimal app`,
      ratio: ratio(app.script.median, minimalApp.script.median),
      spread: spread(app.script, ms),
      target: '',
    },
    {
      figure: 'first load: JS time until then',
      value: ms(app.script.median),
      reference: `${ms(dependenciesOnly.script.median)} deps only`,
      ratio: ratio(app.script.median, dependenciesOnly.script.median),
      spread: spread(app.script, ms),
      target: '',
    },
    {
      figure: `first load: script bytes received (${encodings})`,
      value: kib(received(app.sample)),
      reference: `${kib(received(minimalApp.sample))} minimal app`,
      ratio: ratio(received(app.sample), received(minimalApp.sample)),
      spread: 'first run',
      target: '',
    },
  ];
}

function loginRows(login: LoginFigures): Row[] {
  const rows: Row[] = [];
  /** The login time of `flow` against that of `reference`, with a goal; none when either failed. */
  const against = (flow: keyof LoginFigures, reference: keyof LoginFigures, name: string, goal: number) => {
    const value = login[flow];
    const base = login[reference];
    if ('failed' in value || 'failed' in base) return undefined;
    const measured = value.login.median / base.login.median;
    return {
      reference: `${ms(base.login.median)} ${name}`,
      ratio: ratio(value.login.median, base.login.median),
      target: `<= ${goal} ${verdict(measured <= goal)}`,
    };
  };
  for (const [flow, figures] of Object.entries(login) as [keyof LoginFigures, FlowLogins][]) {
    const figure = `login (${LOGIN_BUILDS[flow]}): submit to home`;
    if ('failed' in figures) {
      rows.push({ figure, value: 'failed', reference: '', ratio: '', spread: figures.failed.slice(0, 60), target: '' });
      continue;
    }
    const row = { figure, value: ms(figures.login.median), spread: spread(figures.login, ms) };
    const versusImplicit =
      flow === 'code' ? against('code', 'implicit', 'implicit', CODE_TO_IMPLICIT_LOGIN_GOAL) : undefined;
    rows.push({ ...row, reference: '', ratio: '', target: '', ...versusImplicit });
    if (flow === 'code') {
      const versusOneChunk = against('code', 'codeOneChunk', 'one bundle', DEFERRED_TO_FIRST_BUNDLE_LOGIN_GOAL);
      if (versusOneChunk)
        rows.push({
          ...row,
          figure: 'login (AUTH0_FLOW=code): auth0-js deferred, against it in the first bundle',
          ...versusOneChunk,
        });
    }
  }
  for (const [flow, figures] of Object.entries(login) as [keyof LoginFigures, FlowLogins][]) {
    if ('failed' in figures) continue;
    rows.push({
      figure: `secured ping (${LOGIN_BUILDS[flow]}): click to message`,
      value: ms(figures.securedPing.median),
      reference: '',
      ratio: '',
      spread: spread(figures.securedPing, ms),
      target: '',
    });
  }
  return rows;
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

/** The app built with one login flow, and served with it (the build bakes in the flow and the ports). */
async function flowBuild(workDir: string, flow: 'code' | 'implicit', ports: LocalPorts, options = { oneChunk: false }) {
  const env = { ...localEnvironment(ports), AUTH0_FLOW: flow };
  const build = await buildApp(join(workDir, `app-${flow}${options.oneChunk ? '-one-chunk' : ''}`), env, options);
  return { dir: build.dir, ports, env: { AUTH0_FLOW: flow } };
}

async function main(): Promise<number> {
  const started = new Date();
  // Other work on the machine shows in the times: the load at the start is part of the record.
  const loadAtStart = loadavg()[0] ?? 0;
  const ports = await freeLocalPorts();
  // The build bakes in the configuration; the servers below use the same, on free ports. The default flow, whatever
  // a developer's .env says.
  Object.assign(process.env, localEnvironment(ports), { AUTH0_FLOW: 'code' });
  const env = loadEnvironment();
  const workDir = mkdtempSync(join(tmpdir(), 'quickstart-bench-'));
  const problems: string[] = [];
  let bundle: BundleFigures | undefined;
  let firstLoad: FirstLoadFigures | undefined;
  let login: LoginFigures | undefined;
  let api: ApiFigures | undefined;
  let chromiumVersion = '';

  try {
    console.log('bench: building the app, its floors, and each dependency alone (production)...');
    bundle = await measureBundle({ workDir, firstLoadFloors: true });
    console.log(`bench: built in ${bundle.buildSeconds.app.toFixed(1)} s + ${bundle.buildSeconds.floors.toFixed(1)} s`);
    console.log('bench: building the app with AUTH0_FLOW=implicit, and with auth0-js in the first bundle...');
    const implicit = await flowBuild(workDir, 'implicit', await freeLocalPorts());
    const oneChunk = await flowBuild(workDir, 'code', await freeLocalPorts(), { oneChunk: true });

    const browser = await launchChromium();
    chromiumVersion = await browser.version();
    const servers: Running[] = [];
    try {
      if (!bundle.dependenciesOnly || !bundle.minimalApp) throw new Error('the first-load floors were not built');
      const [app, minimalApp, dependenciesOnly, implicitApp, oneChunkApp] = await Promise.all([
        serveBuild(bundle.appDir, ports, true, { AUTH0_FLOW: 'code' }),
        serveBuild(bundle.minimalApp.dir, await freeLocalPorts(), false),
        serveBuild(bundle.dependenciesOnly.dir, await freeLocalPorts(), false),
        serveBuild(implicit.dir, implicit.ports, true, implicit.env),
        serveBuild(oneChunk.dir, oneChunk.ports, true, oneChunk.env),
      ]);
      servers.push(app, minimalApp, dependenciesOnly, implicitApp, oneChunkApp);
      console.log(`bench: first load, ${FIRST_LOAD_RUNS} cold runs of each page...`);
      firstLoad = await measureFirstLoad(
        browser,
        {
          app: { origin: app.origin, ready: { text: LOGGED_OUT_TEXT } },
          minimalApp: { origin: minimalApp.origin, ready: { text: MINIMAL_APP_TEXT } },
          dependenciesOnly: { origin: dependenciesOnly.origin, ready: 'domReady' },
        },
        FIRST_LOAD_RUNS
      );
      console.log(`bench: ${LOGINS} logins with each build...`);
      login = await measureLogin(
        browser,
        { code: env.appOrigin, implicit: implicitApp.origin, codeOneChunk: oneChunkApp.origin },
        env.demoUser,
        LOGINS
      );
      for (const [flow, figures] of Object.entries(login) as [keyof LoginFigures, FlowLogins][]) {
        if ('failed' in figures) problems.push(`login (${LOGIN_BUILDS[flow]}): ${figures.failed}`);
      }
    } catch (error) {
      problems.push(`browser benchmarks: ${(error as Error).message.split('\n')[0]}`);
    } finally {
      await browser.close();
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
    ...(bundle ? bundleRows(bundle) : []),
    ...(firstLoad ? firstLoadRows(firstLoad) : []),
    ...(login ? loginRows(login) : []),
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
    ...(bundle
      ? ['', 'Bundle by package (webpack: size before minification, from its stats):', ...packageTable(bundle)]
      : []),
    ...(problems.length > 0 ? ['', ...problems.map((problem) => `not measured: ${problem}`)] : []),
  ];
  console.log(lines.join('\n'));

  const resultsDir = join(projectRoot, 'bench', 'results');
  mkdirSync(resultsDir, { recursive: true });
  const json = JSON.stringify({ machine, rows, bundle, firstLoad, login, api, problems }, null, 2);
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
