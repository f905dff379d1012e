/**
 * The size budgets `npm test` enforces (sizes are deterministic; times are not, so they are only benchmarked).
 * Each check says, when it fails, what to look at: the package furthest above its floor, a package bundled twice, a
 * package nobody declared, or a package the first page should not carry.
 */
import type { BundleFigures, Sizes } from './measure-bundle';

/**
 * The first page's scripts as `npm run serve` sends them with Accept-Encoding: br, in bytes: the figure measured
 * once auth0-js moved into its lazily loaded chunk (88,104 B in the run of 2026-12-01, 0.60 x the gzip floor against
 * issue 13's goal of 0.65 x), plus 1 % for the few bytes a build for other ports differs by. A change that pulls a
 * dependency back into the first load fails here; a deliberate growth moves this number, in the same commit.
 */
export const FIRST_PAGE_BROTLI_BYTES_LIMIT = 89_000;

export const BUDGETS = {
  /**
   * All JS (the first page's and the chunks loaded later), gzip, against the dependencies' floor (gzip). It was 1.03
   * while everything was one file; splitting auth0-js into its own chunk costs webpack's chunk-loading runtime and the
   * compression the two halves no longer share (about 1 KiB), and the code flow added about 2 KiB of app code
   * (1.007 x over the old limit in the run of 2026-12-01). The first page, which is what a visitor waits for, has
   * its own, tighter budget below.
   */
  totalGzipToFloor: 1.04,
  /** All JS with brotli, as `npm run serve` sends each file with Accept-Encoding: br, against the floor (gzip). */
  totalBrotliToGzipFloor: 0.93,
  /** What `npm run serve` sends for the first page with Accept-Encoding: br, in bytes. */
  firstPageBrotliBytes: FIRST_PAGE_BROTLI_BYTES_LIMIT,
  /** issue 13's goal for the same figure, against the floor (gzip); shown by `npm run bench`. */
  firstPageBrotliToGzipFloorGoal: 0.65,
  /** Loaded when the session needs it (login, callback, renewal, logout), never by the first view. */
  notOnFirstPage: ['auth0-js'],
} as const;

export type BudgetName = 'total gzip' | 'total brotli' | 'first page brotli' | 'first page packages' | 'packaging';

export interface BudgetCheck {
  name: BudgetName;
  /** What it holds, in words. */
  description: string;
  value: number;
  limit: number;
  ok: boolean;
  /** Why it failed, naming what grew; empty when it holds. */
  detail: string;
}

const bytes = (value: number) => `${value.toLocaleString('en-US')} B`;

/**
 * What the total carries above the floor, largest first: each package's excess over its own floor, the app's code
 * (which has no floor) and webpack's runtime; the first one named is what grew.
 */
function grewMost(figures: BundleFigures, key: keyof Sizes): string {
  const shares = [
    ...figures.groups.map((group) => ({
      name: group.name,
      excess: group.bundled[key] - group.floor[key],
      note: ` (${bytes(group.bundled[key])} bundled, its floor ${bytes(group.floor[key])})`,
    })),
    { name: 'app code', excess: figures.app[key], note: ` (largest: ${largestAppFiles(figures)})` },
    { name: 'webpack runtime and glue', excess: figures.runtime[key], note: '' },
  ]
    .filter((share) => share.excess > 0)
    .sort((a, b) => b.excess - a.excess);
  return `above the floor: ${shares.map((share) => `${share.name} +${bytes(share.excess)}${share.note}`).join('; ')}`;
}

function largestAppFiles(figures: BundleFigures): string {
  return figures.app.sources
    .slice(0, 3)
    .map((source) => `${source.source.replace(/^webpack:\/\/[^/]*\/\.?\/?/, '')} ${bytes(source.min)} minified`)
    .join(', ');
}

function packagingProblems(figures: BundleFigures): string {
  const problems = [
    ...figures.duplicates.map(
      (copy) => `${copy.name} is bundled ${copy.paths.length} times (${copy.paths.join(', ')})`
    ),
    ...figures.unassigned.map((name) => `${name} is bundled but is not a dependency in package.json`),
  ];
  return problems.length > 0 ? `; ${problems.join('; ')}` : '';
}

/** The first page's packages that belong in a later chunk (a package counts with the dependency that brings it). */
export function unwantedOnFirstPage(figures: BundleFigures): string[] {
  const groupOf = new Map(figures.groups.flatMap((group) => group.members.map((member) => [member, group.name])));
  const unwanted: readonly string[] = BUDGETS.notOnFirstPage;
  return figures.firstPage.packages.filter((name) => unwanted.includes(groupOf.get(name) ?? name));
}

/** The first page's packages, each with its bundled brotli size, largest first. */
function firstPageContents(figures: BundleFigures): string {
  const groups = figures.groups
    .filter((group) => group.members.some((member) => figures.firstPage.packages.includes(member)))
    .sort((a, b) => b.bundled.br - a.bundled.br);
  return groups.map((group) => `${group.name} ${bytes(group.bundled.br)}`).join(', ');
}

export function checkBudgets(figures: BundleFigures): BudgetCheck[] {
  const totalLimit = Math.floor(BUDGETS.totalGzipToFloor * figures.floor.gzip);
  const brotliLimit = Math.floor(BUDGETS.totalBrotliToGzipFloor * figures.floor.gzip);
  const unwanted = unwantedOnFirstPage(figures);
  const firstPageFiles = figures.firstPage.files.join(', ');
  const checks: Omit<BudgetCheck, 'ok'>[] = [
    {
      name: 'total gzip',
      description: `all JS, gzip, <= ${BUDGETS.totalGzipToFloor} x floor`,
      value: figures.total.gzip,
      limit: totalLimit,
      detail: `${bytes(figures.total.gzip)} is over ${bytes(totalLimit)}: ${grewMost(figures, 'gzip')}${packagingProblems(figures)}`,
    },
    {
      name: 'total brotli',
      description: `all JS, brotli, <= ${BUDGETS.totalBrotliToGzipFloor} x gzip floor`,
      value: figures.total.br,
      limit: brotliLimit,
      detail: `${bytes(figures.total.br)} brotli is over ${bytes(brotliLimit)}: ${grewMost(figures, 'br')}${packagingProblems(figures)}`,
    },
    {
      name: 'first page packages',
      description: `the first page's scripts carry none of ${BUDGETS.notOnFirstPage.join(', ')}`,
      value: unwanted.length,
      limit: 0,
      detail: `${unwanted.join(', ')} ${unwanted.length > 1 ? 'are' : 'is'} in the first page's scripts (${firstPageFiles}): load it when the session needs it, in its own chunk, and find the import that pulled it into the entry chunk`,
    },
    {
      name: 'first page brotli',
      description: `the first page's JS sent with br <= ${bytes(BUDGETS.firstPageBrotliBytes)}`,
      value: figures.served.br.bytes,
      limit: BUDGETS.firstPageBrotliBytes,
      detail: `the first page's scripts (${firstPageFiles}) are ${bytes(figures.served.br.bytes)} with br, over ${bytes(BUDGETS.firstPageBrotliBytes)}; they carry ${firstPageContents(figures)}${unwanted.length > 0 ? `, including ${unwanted.join(', ')}, which belongs in a later chunk` : ''}`,
    },
    {
      name: 'packaging',
      description: 'one copy of each package, all declared',
      value: figures.duplicates.length + figures.unassigned.length,
      limit: 0,
      detail: packagingProblems(figures).replace(/^; /, ''),
    },
  ];
  return checks.map((check) => {
    const ok = check.value <= check.limit;
    return { ...check, ok, detail: ok ? '' : check.detail };
  });
}

/** The check by name (every name is always checked). */
export function budget(checks: BudgetCheck[], name: BudgetName): BudgetCheck {
  const found = checks.find((check) => check.name === name);
  if (!found) throw new Error(`no budget check named "${name}"`);
  return found;
}
