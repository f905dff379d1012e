/**
 * The size budgets `npm test` enforces (sizes are deterministic; times are not, so they are only benchmarked).
 * Each check says, when it fails, what to look at: the package furthest above its floor, a package bundled twice, a
 * package nobody declared, or the app's largest files.
 */
import type { BundleFigures } from './measure-bundle';

export const BUDGETS = {
  /** Total JS, gzip, against the dependencies' floor (gzip). */
  totalGzipToFloor: 1.03,
  /**
   * The app's own code with its templates, gzip: what a reader of this quickstart has to read, kept small. The
   * whole session lifecycle fits in it; BENCHMARKS.md says what was simplified to get there.
   */
  appGzipBytes: 6 * 1024,
  /** What `npm run serve` sends with Accept-Encoding: br, against the floor (gzip). */
  servedBrotliToGzipFloor: 0.88,
} as const;

export interface BudgetCheck {
  name: string;
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
function grewMost(figures: BundleFigures, key: 'gzip' | 'br'): string {
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

export function checkBudgets(figures: BundleFigures): BudgetCheck[] {
  const totalLimit = Math.floor(BUDGETS.totalGzipToFloor * figures.floor.gzip);
  const servedLimit = Math.floor(BUDGETS.servedBrotliToGzipFloor * figures.floor.gzip);
  const checks: Omit<BudgetCheck, 'ok'>[] = [
    {
      name: `total JS gzip <= ${BUDGETS.totalGzipToFloor} x floor`,
      value: figures.total.gzip,
      limit: totalLimit,
      detail: `${bytes(figures.total.gzip)} is over ${bytes(totalLimit)}: ${grewMost(figures, 'gzip')}${packagingProblems(figures)}`,
    },
    {
      name: `app code with templates gzip <= ${BUDGETS.appGzipBytes / 1024} KiB`,
      value: figures.app.gzip,
      limit: BUDGETS.appGzipBytes,
      detail: `app code is ${bytes(figures.app.gzip)} gzip, over ${bytes(BUDGETS.appGzipBytes)}; largest: ${largestAppFiles(figures)}`,
    },
    {
      name: `JS served with br <= ${BUDGETS.servedBrotliToGzipFloor} x gzip floor`,
      value: figures.served.br.bytes,
      limit: servedLimit,
      detail: `${bytes(figures.served.br.bytes)} brotli is over ${bytes(servedLimit)}: ${grewMost(figures, 'br')}${packagingProblems(figures)}`,
    },
    {
      name: 'one copy of each package, all declared',
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
