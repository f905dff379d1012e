/**
 * The size budgets, on a production build made here (sizes are deterministic, so they are tests; times are only
 * benchmarked, by `npm run bench`). The floor is measured in the same run: each dependency's published minified file
 * and the dependency bundled alone, the smaller of the two (bundle-size.ts says why).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { builtAuthSession } from '../support/auth-session-build';
import { BUDGETS, checkBudgets, measureBundle, type BundleFigures } from './bundle-size';

describe('bundle budgets (production build)', { timeout: 240_000 }, () => {
  let workDir: string;
  let figures: BundleFigures;
  let checks: ReturnType<typeof checkBudgets>;

  before(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'bundle-budget-'));
    // The local defaults, whatever a developer's .env says: empty values win over the file.
    const defaults = ['AUTH0_DOMAIN', 'AUTH0_CLIENT_ID', 'AUTH0_AUDIENCE', 'AUTH0_ISSUER_BASE_URL', 'API_URL'];
    const env = Object.fromEntries(
      [...defaults, 'APP_ORIGIN', 'API_PORT', 'AUTH_PORT', 'AUTH0_FLOW'].map((name) => [name, ''])
    );
    figures = await measureBundle(workDir, env);
    checks = checkBudgets(figures);
    const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
    console.log(
      `JS ${kib(figures.total.gzip)} gzip, ${kib(figures.total.br)} br in ${figures.scripts.length} files; ` +
        `first page ${kib(figures.firstPage.sent.bytes)} sent with br (${figures.firstPage.packages.join(', ')}); ` +
        `floor ${kib(figures.floor.gzip)} gzip`
    );
  });

  after(() => rmSync(workDir, { recursive: true, force: true }));

  it('measured a floor for every bundled dependency, bytes for the app, and what the first page loads', () => {
    assert.ok(figures.packages.length >= 5, `dependencies found: ${figures.packages.map((group) => group.name)}`);
    for (const group of figures.packages) {
      assert.ok(group.floor.gzip > 0 && group.bundled.gzip > 0, `${group.name}: nothing measured`);
    }
    assert.ok(figures.app.gzip > 0, 'the app code was found in the bundle');
    assert.ok(figures.firstPage.packages.includes('angular'), `first page: ${figures.firstPage.packages}`);
    // auth0-js is found in the bundle, so the first page's check below has something to miss.
    assert.ok(figures.packages.some((group) => group.name === 'auth0-js'));
    assert.deepEqual(
      figures.firstPage.sent.encodings,
      figures.firstPage.files.map(() => 'br')
    );
  });

  it('sends the JavaScript the page needs as one copy of each package, each one declared', () => {
    assert.ok(checks.packaging.ok, checks.packaging.detail);
  });

  it(`keeps all JS within ${BUDGETS.totalGzipToFloor} x the floor (gzip)`, () => {
    assert.ok(checks['total gzip'].ok, checks['total gzip'].detail);
  });

  it(`keeps all JS with brotli within ${BUDGETS.totalBrotliToGzipFloor} x the gzip floor`, () => {
    assert.ok(checks['total brotli'].ok, checks['total brotli'].detail);
  });

  it(`keeps ${BUDGETS.notOnFirstPage.join(', ')} out of the first page's scripts`, () => {
    assert.ok(checks['first page packages'].ok, checks['first page packages'].detail);
  });

  it(`sends the first page its JavaScript with Accept-Encoding: br within ${BUDGETS.firstPageBrotliBytes.toLocaleString('en-US')} B`, () => {
    assert.ok(checks['first page brotli'].ok, checks['first page brotli'].detail);
  });
});

/**
 * The session module as hosts load it (`npm run build:session`): the script file and the ES module, each with DPoP's
 * proofs (panva's dpop) inside and no library of the host's. Measured after issue 25: 12,623 B and 12,405 B gzip.
 */
const SHIPPED_GZIP_BYTES = 13_000;

describe('the session module as hosts load it', { timeout: 120_000 }, () => {
  for (const file of ['script', 'module'] as const) {
    it(`keeps its ${file} file within ${SHIPPED_GZIP_BYTES.toLocaleString('en-US')} B gzip`, async () => {
      const built = await builtAuthSession();
      const gzip = gzipSync(readFileSync(built[file]), { level: 9 }).length;
      console.log(`${file}: ${gzip.toLocaleString('en-US')} B gzip`);
      assert.ok(gzip <= SHIPPED_GZIP_BYTES, `${built[file]}: ${gzip} B gzip`);
    });
  }
});
