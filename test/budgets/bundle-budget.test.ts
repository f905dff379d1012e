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
import { checkBudgets, type BudgetCheck } from '../../bench/bundle/budgets';
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
    for (const name of ['APP_ORIGIN', 'API_PORT', 'AUTH_PORT']) process.env[name] = '';
    workDir = mkdtempSync(join(tmpdir(), 'bundle-budget-'));
    figures = await measureBundle({ workDir });
    checks = checkBudgets(figures);
    const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
    console.log(
      `JS ${kib(figures.total.gzip)} gzip, ${kib(figures.served.br.bytes)} served with br; floor ${kib(figures.floor.gzip)} gzip; ` +
        `app ${figures.app.gzip.toLocaleString('en-US')} B gzip; built in ${figures.buildSeconds.app.toFixed(1)} s + ${figures.buildSeconds.floors.toFixed(1)} s`
    );
  });

  after(() => rmSync(workDir, { recursive: true, force: true }));

  const check = (start: string) => {
    const found = checks.find((candidate) => candidate.name.startsWith(start));
    assert.ok(found, `no budget check named "${start}"`);
    return found;
  };

  it('measured a floor for every bundled dependency, and bytes for the app', () => {
    assert.ok(figures.groups.length >= 5, `dependencies found in the bundle: ${figures.groups.map((g) => g.name)}`);
    for (const group of figures.groups) {
      assert.ok(group.floor.gzip > 0 && group.bundled.gzip > 0, `${group.name}: nothing measured`);
      // The floor is the smaller of the candidates, so never above the published file as it is.
      if (group.published) assert.ok(group.floor.gzip <= group.published.gzip, group.name);
    }
    assert.ok(figures.app.gzip > 0, 'the app code was found in the bundle');
    assert.equal(figures.served.br.scripts.length, figures.scripts.length);
    for (const script of figures.served.br.scripts) assert.equal(script.encoding, 'br', script.path);
  });

  it('sends the JavaScript the page needs as one copy of each package, each one declared', () => {
    const packaging = check('one copy');
    assert.ok(packaging.ok, packaging.detail);
  });

  it('keeps the total JS within 1.03 x the floor (gzip)', () => {
    const total = check('total JS gzip');
    assert.ok(total.ok, total.detail);
  });

  it('keeps the app code, templates included, within 6 KiB gzip', () => {
    const app = check('app code');
    assert.ok(app.ok, app.detail);
  });

  it('sends the initial page its JavaScript with Accept-Encoding: br within 0.88 x the gzip floor', () => {
    const served = check('JS served with br');
    assert.ok(served.ok, served.detail);
  });
});
