/**
 * The size budgets, on a production build made here (sizes are deterministic, so they are tests; times are only
 * benchmarked, by `npm run bench`). The floor is measured in the same run: each dependency's published minified file
 * and the dependency bundled alone, the smaller of the two (bench/bundle/measure-bundle.ts says why).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { budget, BUDGETS, checkBudgets, type BudgetCheck } from '../../bench/bundle/budgets';
import { measureBundle, type BundleFigures } from '../../bench/bundle/measure-bundle';

describe('bundle budgets (production build)', { timeout: 240_000 }, () => {
  let workDir: string;
  let figures: BundleFigures;
  let checks: BudgetCheck[];

  before(async () => {
    // The local defaults, whatever a developer's .env says: empty values win over the file.
    for (const name of ['AUTH0_DOMAIN', 'AUTH0_CLIENT_ID', 'AUTH0_AUDIENCE', 'AUTH0_ISSUER_BASE_URL', 'API_URL']) {
      process.env[name] = '';
    }
    for (const name of ['APP_ORIGIN', 'API_PORT', 'AUTH_PORT', 'AUTH0_FLOW']) process.env[name] = '';
    workDir = mkdtempSync(join(tmpdir(), 'bundle-budget-'));
    figures = await measureBundle({ workDir });
    checks = checkBudgets(figures);
    const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
    console.log(
      `JS ${kib(figures.total.gzip)} gzip, ${kib(figures.total.br)} br in ${figures.scripts.length} files; ` +
        `first page ${kib(figures.served.br.bytes)} sent with br (${figures.firstPage.packages.join(', ')}); ` +
        `floor ${kib(figures.floor.gzip)} gzip; built in ${figures.buildSeconds.app.toFixed(1)} s + ${figures.buildSeconds.floors.toFixed(1)} s`
    );
  });

  after(() => rmSync(workDir, { recursive: true, force: true }));

  it('measured a floor for every bundled dependency, bytes for the app, and what the first page loads', () => {
    assert.ok(figures.groups.length >= 5, `dependencies found in the bundle: ${figures.groups.map((g) => g.name)}`);
    for (const group of figures.groups) {
      assert.ok(group.floor.gzip > 0 && group.bundled.gzip > 0, `${group.name}: nothing measured`);
      // The floor is the smaller of the candidates, so never above the published file as it is.
      if (group.published) assert.ok(group.floor.gzip <= group.published.gzip, group.name);
    }
    assert.ok(figures.app.gzip > 0, 'the app code was found in the bundle');
    // The first page's packages, from webpack's chunks and from the bytes' source maps: the same set both ways.
    assert.ok(figures.firstPage.packages.includes('angular'), `first page: ${figures.firstPage.packages}`);
    assert.deepEqual([...figures.firstPage.packages].sort(), [...figures.firstPage.mappedPackages].sort());
    assert.deepEqual(
      figures.served.br.scripts.map((script) => script.path.replace(/^\//, '')),
      figures.firstPage.files
    );
    for (const script of figures.served.br.scripts) assert.equal(script.encoding, 'br', script.path);
  });

  it('sends the JavaScript the page needs as one copy of each package, each one declared', () => {
    const packaging = budget(checks, 'packaging');
    assert.ok(packaging.ok, packaging.detail);
  });

  it(`keeps all JS within ${BUDGETS.totalGzipToFloor} x the floor (gzip)`, () => {
    const total = budget(checks, 'total gzip');
    assert.ok(total.ok, total.detail);
  });

  it(`keeps all JS with brotli within ${BUDGETS.totalBrotliToGzipFloor} x the gzip floor`, () => {
    const brotli = budget(checks, 'total brotli');
    assert.ok(brotli.ok, brotli.detail);
  });

  it(`keeps ${BUDGETS.notOnFirstPage.join(', ')} out of the first page's scripts`, () => {
    const packages = budget(checks, 'first page packages');
    assert.ok(packages.ok, packages.detail);
  });

  it(`sends the first page its JavaScript with Accept-Encoding: br within ${BUDGETS.firstPageBrotliBytes.toLocaleString('en-US')} B`, () => {
    const firstPage = budget(checks, 'first page brotli');
    assert.ok(firstPage.ok, firstPage.detail);
  });
});
