/**
 * `npm test`: every kind of test, in order of cost — static checks, unit specs in Chromium and in Firefox ESR, Node
 * tests of the servers, then end-to-end in both browsers and both login flows (and Auth0's auth0-spa-js against the
 * local server) — and one closing line with the totals.
 * E2E_BROWSERS (chromium,firefox) and E2E_FLOWS (code,implicit) narrow the end-to-end runs.
 *
 * `tsx scripts/test.ts unit|node|e2e|static` runs one kind. Each kind runs even when an earlier one failed, so one
 * run shows everything that is wrong.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { findChrome, findFirefox, noChromeMessage, noFirefoxMessage } from './chrome';
import { RepeatedLineFilter, runCommand, RUNTIME_WARNING, summaryLines, type StepResult } from './test-output';

interface Step {
  name: string;
  command: string[];
  /** Reads the number of passed and failed tests from the step's output. */
  count?: (output: string) => { passed: number; failed: number } | undefined;
  /** Set when the step has nothing to run, which counts as a failure: a suite that ran no test proves nothing. */
  empty?: boolean;
}

const root = join(import.meta.dirname, '..');
const bin = (name: string) => join(root, 'node_modules', '.bin', name);

function testFiles(...folders: string[]): string[] {
  return folders
    .flatMap((folder) => {
      try {
        return readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' }).map((file) => join(folder, file));
      } catch {
        return [];
      }
    })
    .filter((file) => file.endsWith('.test.ts'))
    .sort();
}

// The spec reporter closes with "ℹ pass N" / "ℹ fail N".
function countNode(output: string) {
  const passed = /^ℹ pass (\d+)$/m.exec(output);
  const failed = /^ℹ fail (\d+)$/m.exec(output);
  return passed && failed ? { passed: Number(passed[1]), failed: Number(failed[1]) } : undefined;
}

// Karma's progress line: "Executed 40 of 40 (2 FAILED)" or "Executed 40 of 40 SUCCESS"; the last one is the total.
function countKarma(output: string) {
  const runs = [...output.matchAll(/Executed (\d+) of \d+(?: \((\d+) FAILED\))?/g)];
  const last = runs.at(-1);
  if (!last) return undefined;
  const failed = Number(last[2] ?? 0);
  return { passed: Number(last[1]) - failed, failed };
}

function nodeTests(name: string, ...folders: string[]): Step {
  const files = testFiles(...folders);
  return {
    name,
    command: [process.execPath, '--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=1', ...files],
    count: countNode,
    empty: files.length === 0,
  };
}

const kinds: Record<string, Step[]> = {
  static: [
    { name: 'typecheck', command: ['npm', 'run', '-s', 'typecheck'] },
    { name: 'lint', command: ['npm', 'run', '-s', 'lint'] },
  ],
  // One karma run per browser, so that each count is one browser's and the totals add up.
  unit: [
    {
      name: 'unit (karma, Chromium)',
      command: [bin('karma'), 'start', 'karma.conf.js', '--browsers', 'ChromiumHeadlessContainer'],
      count: countKarma,
    },
    {
      name: 'unit (karma, Firefox ESR)',
      command: [bin('karma'), 'start', 'karma.conf.js', '--browsers', 'FirefoxHeadless'],
      count: countKarma,
    },
  ],
  node: [
    nodeTests(
      'node (config, API, authorization server, scripts, session module, docs, budgets)',
      'test/config',
      'test/api',
      'test/auth-server',
      'test/scripts',
      'test/session-module',
      'test/docs',
      'test/budgets'
    ),
  ],
  e2e: [
    nodeTests(
      'end-to-end (Chromium and Firefox ESR, code and implicit flows; auth0-spa-js and the second app in Chromium)',
      'test/e2e'
    ),
  ],
};

async function main(): Promise<number> {
  const wanted = process.argv.slice(2);
  for (const kind of wanted) {
    if (!(kind in kinds)) {
      console.error(`Unknown test kind "${kind}": choose from ${Object.keys(kinds).join(', ')}.`);
      return 2;
    }
  }
  const selected = wanted.length > 0 ? wanted : Object.keys(kinds);

  if (selected.some((kind) => kind === 'unit' || kind === 'e2e')) {
    const chrome = findChrome();
    if (!chrome) {
      console.error(noChromeMessage());
      return 1;
    }
    process.env.CHROME_BIN = chrome;
    const firefox = findFirefox();
    if (!firefox) {
      console.error(noFirefoxMessage());
      return 1;
    }
    process.env.FIREFOX_BIN = firefox;
  }

  const runStarted = Date.now();
  const filter = new RepeatedLineFilter(RUNTIME_WARNING);
  const results: StepResult[] = [];
  for (const step of selected.flatMap((kind) => kinds[kind])) {
    if (step.empty) {
      results.push({ name: step.name, ok: false, empty: true, seconds: 0 });
      continue;
    }
    console.log(`\n=== ${step.name} ===`);
    const started = Date.now();
    const { code, output } = await runCommand(step.command, root, filter);
    const counts = step.count?.(output);
    // A step whose counts cannot be read proves nothing, whatever its exit code.
    const ok = code === 0 && (!step.count || counts !== undefined) && (counts?.failed ?? 0) === 0;
    results.push({ name: step.name, ok, seconds: (Date.now() - started) / 1000, counts });
  }

  console.log(`\n${summaryLines(results, (Date.now() - runStarted) / 1000, filter.dropped).join('\n')}`);
  return results.every((step) => step.ok) ? 0 : 1;
}

process.exitCode = await main();
