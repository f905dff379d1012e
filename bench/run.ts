/**
 * `npm run bench`: every benchmark in one run on this machine, one table, and the same figures as JSON in
 * bench/results/ (git-ignored). Every value and every reference it is compared with is measured in this run.
 *
 * 1. bundle: the production build's JS per package against the dependencies' floor (see bundle/measure-bundle.ts);
 * 2. first load in Chromium, cold cache, against the same page with the dependencies alone;
 * 3. login and secured ping in Chromium against the local authorization server;
 * 4. the API's own benchmark (`npm run bench:api`), when the project has one.
 *
 * BENCH_RUNS sets the first-load runs per page (15), BENCH_LOGINS the logins (12, at least 10).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { loadEnvironment } from '../src/config/environment';
import { hasApiBenchmark, measureApi, type ApiFigures } from './api-figures';
import { BUDGETS, checkBudgets } from './bundle/budgets';
import { measureBundle, type BundleFigures, type Sizes } from './bundle/measure-bundle';
import { projectRoot } from './bundle/packages';
import { launchChromium } from './browser/chromium';
import { measureFirstLoad, type FirstLoadFigures } from './browser/first-load.bench';
import { measureLogin, type LoginFigures } from './browser/login.bench';
import { freeLocalPorts, localEnvironment } from '../test/support/processes';
import { serveBuild, type Running } from './browser/served-build';
import type { Summary } from './samples';

const FIRST_LOAD_RUNS = Math.max(3, Number(process.env.BENCH_RUNS ?? 15));
const LOGINS = Math.max(10, Number(process.env.BENCH_LOGINS ?? 12));

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
  const check = (index: number) => checks[index] as (typeof checks)[number];
  const exact = 'exact (n=1)';
  const rows: Row[] = [
    {
      figure: 'JS total, gzip',
      value: kib(bundle.total.gzip),
      reference: `${kib(bundle.floor.gzip)} floor`,
      ratio: ratio(bundle.total.gzip, bundle.floor.gzip),
      spread: exact,
      target: `<= ${BUDGETS.totalGzipToFloor} ${verdict(check(0).ok)}`,
    },
    {
      figure: 'JS sent by npm run serve, Accept-Encoding: br',
      value: kib(bundle.served.br.bytes),
      reference: `${kib(bundle.floor.gzip)} floor (gzip)`,
      ratio: ratio(bundle.served.br.bytes, bundle.floor.gzip),
      spread: exact,
      target: `<= ${BUDGETS.servedBrotliToGzipFloor} ${verdict(check(2).ok)}`,
    },
    {
      figure: 'JS sent by npm run serve, Accept-Encoding: gzip',
      value: kib(bundle.served.gzip.bytes),
      reference: `${kib(bundle.floor.gzip)} floor`,
      ratio: ratio(bundle.served.gzip.bytes, bundle.floor.gzip),
      spread: exact,
      target: '',
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
    {
      figure: 'app code with templates, gzip',
      value: exactBytes(bundle.app.gzip),
      reference: `${kib(bundle.total.gzip)} JS total`,
      ratio: ratio(bundle.app.gzip, bundle.total.gzip),
      spread: exact,
      target: `<= ${exactBytes(BUDGETS.appGzipBytes)} ${verdict(check(1).ok)}`,
    },
  ];
  if (bundle.dependenciesOnly) {
    rows.push({
      figure: 'page JS, br: app build against dependencies only',
      value: kib(bundle.total.br),
      reference: `${kib(bundle.dependenciesOnly.total.br)} deps only`,
      ratio: ratio(bundle.total.br, bundle.dependenciesOnly.total.br),
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

function browserRows(firstLoad?: FirstLoadFigures, login?: LoginFigures): Row[] {
  const rows: Row[] = [];
  if (firstLoad) {
    rows.push(
      {
        figure: 'first load: first rendered view',
        value: ms(firstLoad.app.firstView.median),
        reference: `${ms(firstLoad.reference.firstView.median)} deps only`,
        ratio: ratio(firstLoad.app.firstView.median, firstLoad.reference.firstView.median),
        spread: spread(firstLoad.app.firstView, ms),
        target: '',
      },
      {
        figure: 'first load: JS time until then',
        value: ms(firstLoad.app.script.median),
        reference: `${ms(firstLoad.reference.script.median)} deps only`,
        ratio: ratio(firstLoad.app.script.median, firstLoad.reference.script.median),
        spread: spread(firstLoad.app.script, ms),
        target: '',
      }
    );
  }
  if (firstLoad) {
    const received = (load: FirstLoadFigures['app']['sample']) =>
      load.scripts.reduce((sum, script) => sum + script.bytes, 0);
    const encodings = [...new Set(firstLoad.app.sample.scripts.map((script) => script.encoding))].join(', ');
    rows.push({
      figure: `first load: script bytes received (${encodings})`,
      value: kib(received(firstLoad.app.sample)),
      reference: `${kib(received(firstLoad.reference.sample))} deps only`,
      ratio: ratio(received(firstLoad.app.sample), received(firstLoad.reference.sample)),
      spread: 'first run',
      target: '',
    });
  }
  if (login) {
    rows.push(
      {
        figure: 'login: submit to home, logged in',
        value: ms(login.login.median),
        reference: '',
        ratio: '',
        spread: spread(login.login, ms),
        target: '',
      },
      {
        figure: 'secured ping: click to message',
        value: ms(login.securedPing.median),
        reference: '',
        ratio: '',
        spread: spread(login.securedPing, ms),
        target: '',
      }
    );
  }
  return rows;
}

function apiRows(api: ApiFigures): Row[] {
  return [
    {
      figure: 'API: token verification per request',
      value: `${api.verify.value.toFixed(1)} µs`,
      reference: `${api.verify.reference.toFixed(1)} µs crypto.verify`,
      ratio: api.verify.ratio.toFixed(2),
      spread: 'median (bench:api)',
      target: `${api.verify.target} ${verdict(api.verify.ratio <= Number(api.verify.target.replace(/[^\d.]/g, '')))}`,
    },
    {
      figure: 'API: GET /api/private throughput',
      value: `${api.throughput.value} req/s`,
      reference: `${api.throughput.reference} req/s /api/public`,
      ratio: api.throughput.ratio.toFixed(2),
      spread: 'median (bench:api)',
      target: `${api.throughput.target} ${verdict(api.throughput.ratio >= Number(api.throughput.target.replace(/[^\d.]/g, '')))}`,
    },
  ];
}

async function main(): Promise<number> {
  const started = new Date();
  // Other work on the machine shows in the times: the load at the start is part of the record.
  const loadAtStart = loadavg()[0] ?? 0;
  const ports = await freeLocalPorts();
  // The build bakes in the configuration; the servers below use the same, on free ports.
  Object.assign(process.env, localEnvironment(ports));
  const env = loadEnvironment();
  const workDir = mkdtempSync(join(tmpdir(), 'quickstart-bench-'));
  const problems: string[] = [];
  let bundle: BundleFigures | undefined;
  let firstLoad: FirstLoadFigures | undefined;
  let login: LoginFigures | undefined;
  let api: ApiFigures | undefined;
  let chromiumVersion = '';

  try {
    console.log('bench: building the app, the dependencies alone, and each dependency alone (production)...');
    bundle = await measureBundle({ workDir, dependenciesOnly: true });
    console.log(`bench: built in ${bundle.buildSeconds.app.toFixed(1)} s + ${bundle.buildSeconds.floors.toFixed(1)} s`);

    const browser = await launchChromium();
    chromiumVersion = browser.version();
    const servers: Running[] = [];
    try {
      const referencePorts = await freeLocalPorts();
      servers.push(await serveBuild(bundle.appDir, ports, true));
      if (!bundle.dependenciesOnly) throw new Error('the dependencies-only page was not built');
      servers.push(await serveBuild(bundle.dependenciesOnly.dir, referencePorts, false));
      console.log(`bench: first load, ${FIRST_LOAD_RUNS} cold runs of each page...`);
      firstLoad = await measureFirstLoad(browser, servers[0] as Running, servers[1] as Running, FIRST_LOAD_RUNS);
      console.log(`bench: ${LOGINS} logins...`);
      login = await measureLogin(browser, env.appOrigin, env.demoUser, LOGINS);
    } catch (error) {
      problems.push(`browser benchmarks: ${(error as Error).message.split('\n')[0]}`);
    } finally {
      await browser.close();
      await Promise.all(servers.map((server) => server.stop()));
    }

    if (hasApiBenchmark()) {
      console.log('bench: npm run bench:api...');
      try {
        api = await measureApi();
      } catch (error) {
        problems.push(`API benchmark: ${(error as Error).message}`);
      }
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
  const rows = [...(bundle ? bundleRows(bundle) : []), ...browserRows(firstLoad, login), ...(api ? apiRows(api) : [])];
  const lines = [
    '',
    `Benchmarks, ${machine.date}: ${machine.cpus} CPUs (${machine.cpuModel}), Node ${machine.node}, Chromium ${machine.chromium}, load average ${machine.loadAverage.start.toFixed(2)} at the start, ${machine.loadAverage.end.toFixed(2)} at the end`,
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
