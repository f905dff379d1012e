/**
 * The bundle figures: the production build's JavaScript (minified, gzip, brotli), per package and for the app's own
 * code, next to the floor set by the dependencies, all measured in the same run.
 *
 * The floor of a dependency is the smaller of two ways to ship it without this project's build: the minified file
 * its authors publish (PUBLISHED_MINIFIED, as is), and the package bundled by itself by webpack in production mode
 * (its default entry, unused exports dropped). Neither uses the app's choices (which angular file, which modules are
 * pure), so the floor does not move when the app's build gets better; taking the smaller of the two keeps it from
 * being a weak reference. Sizes are the group's bytes only: no license comment, webpack runtime or glue.
 */
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { compressedSizes } from '../../scripts/precompress';
import { APP, groupOf, installOf, ownerOf, projectRoot, RUNTIME } from './packages';
import { PUBLISHED_MINIFIED } from './published-builds';
import { servedScripts, type ServedScripts } from './served-bytes';
import { attributeBytes, GLUE, type Piece } from './source-map-attribution';
import {
  buildAlone,
  buildApp,
  buildDependenciesOnly,
  buildMinimalApp,
  type Build,
  type BuiltScript,
} from './webpack-builds';

export interface Sizes {
  min: number;
  gzip: number;
  br: number;
}

export interface GroupFigures {
  /** The direct dependency. */
  name: string;
  /** The packages counted in it: itself and what it brings in that is not a direct dependency. */
  members: string[];
  /** Its bytes in the app's bundle. */
  bundled: Sizes;
  /** Its modules' size before minification, from webpack's stats. */
  statsSize: number;
  published?: Sizes & { files: string[] };
  alone: Sizes;
  floor: Sizes & { from: 'published' | 'alone' };
}

export interface BundleFigures {
  /** Every script of the build (the first page's and the chunks loaded later): minified, .gz and .br copies. */
  total: Sizes;
  /** What `npm run serve` sends for the first page's scripts, asked with these Accept-Encoding values. */
  served: { br: ServedScripts; gzip: ServedScripts };
  scripts: (Sizes & { file: string; firstPage: boolean })[];
  /**
   * The scripts index.html loads: their sizes, the packages in their chunks (from webpack's stats), and the packages
   * their bytes come from (from the source maps), two ways to the same answer.
   */
  firstPage: Sizes & { files: string[]; packages: string[]; mappedPackages: string[] };
  /** The app's own code, templates included. */
  app: Sizes & { sources: { source: string; min: number }[] };
  /** webpack's runtime and module glue. */
  runtime: Sizes;
  groups: GroupFigures[];
  /** Sum over the groups of their floors (and, for reference, of their published files as they are). */
  floor: Sizes;
  publishedAsIs: Sizes;
  /** Packages found at more than one install path. */
  duplicates: { name: string; paths: string[] }[];
  /** Bundled packages that are no direct dependency and that no direct dependency brings in. */
  unassigned: string[];
  /** The same page with the dependencies alone, when asked for. */
  dependenciesOnly?: { dir: string; total: Sizes };
  /** The minimal AngularJS + ui-router app (bench/floors/minimal-app), when asked for: the first view's floor. */
  minimalApp?: { dir: string; total: Sizes };
  /** The app's build folder (with hidden source maps), for serving it. */
  appDir: string;
  buildSeconds: { app: number; floors: number };
}

async function sizesOf(text: string | Buffer): Promise<Sizes> {
  const { gzip, br } = await compressedSizes(text);
  return { min: Buffer.byteLength(text), gzip, br };
}

function sum(values: Sizes[]): Sizes {
  return values.reduce((a, b) => ({ min: a.min + b.min, gzip: a.gzip + b.gzip, br: a.br + b.br }), {
    min: 0,
    gzip: 0,
    br: 0,
  });
}

function piecesOf(scripts: BuiltScript[]): Piece[] {
  return scripts.flatMap((script) => attributeBytes(script.code, script.map, ownerOf));
}

function textOf(pieces: Piece[], owners: Iterable<string>): string {
  const wanted = new Set(owners);
  return pieces
    .filter((piece) => wanted.has(piece.owner))
    .map((piece) => piece.text)
    .join('');
}

/** Bundled packages, in the order the app first loads each one. */
function bundledPackages(modules: Build['modules']): string[] {
  const first = new Map<string, number>();
  for (const module of modules) {
    const install = installOf(module.name);
    if (install && !first.has(install.name)) first.set(install.name, module.order);
    else if (install) first.set(install.name, Math.min(first.get(install.name) as number, module.order));
  }
  return [...first.entries()].sort((a, b) => a[1] - b[1]).map(([name]) => name);
}

function duplicatesIn(build: Build): BundleFigures['duplicates'] {
  const paths = new Map<string, Set<string>>();
  for (const module of build.modules) {
    const install = installOf(module.name);
    if (install) paths.set(install.name, (paths.get(install.name) ?? new Set()).add(install.path));
  }
  return [...paths.entries()]
    .filter(([, found]) => found.size > 1)
    .map(([name, found]) => ({ name, paths: [...found].sort() }));
}

async function publishedSizes(group: string): Promise<(Sizes & { files: string[] }) | undefined> {
  const files = PUBLISHED_MINIFIED[group];
  if (!files) return undefined;
  const resolve = createRequire(join(projectRoot, 'package.json')).resolve;
  const sizes = await Promise.all(files.map((file) => sizesOf(readFileSync(resolve(file)))));
  return { ...sum(sizes), files };
}

/** A script's sizes as `npm run serve` sends it: the build's own .br and .gz copies. */
async function servedSizes(dir: string, script: BuiltScript): Promise<Sizes & { file: string }> {
  const sizeOf = (suffix: string) => statSync(join(dir, `${script.file}${suffix}`), { throwIfNoEntry: false })?.size;
  const [br, gzip] = [sizeOf('.br'), sizeOf('.gz')];
  const sizes = br && gzip ? { min: Buffer.byteLength(script.code), gzip, br } : await sizesOf(script.code);
  return { file: script.file, ...sizes };
}

export interface MeasureOptions {
  /** A fresh folder; each build gets a folder inside it. */
  workDir: string;
  /**
   * Also build the first load's floors: the app's page with the dependencies alone, and the minimal AngularJS +
   * ui-router app.
   */
  firstLoadFloors?: boolean;
}

async function totalOf(build: Build): Promise<Sizes> {
  return sum(await Promise.all(build.scripts.map((script) => servedSizes(build.dir, script))));
}

export async function measureBundle({ workDir, firstLoadFloors = false }: MeasureOptions): Promise<BundleFigures> {
  const app = await buildApp(join(workDir, 'app'));
  const pieces = piecesOf(app.scripts);
  const bundled = bundledPackages(app.modules);
  const groups = groupOf(bundled);
  // The direct dependencies in the order the app loads them (angular before what registers AngularJS modules).
  const direct = bundled.filter((name) => groups.get(name) === name);
  const membersOf = (group: string) => bundled.filter((name) => groups.get(name) === group);

  const floorsStarted = performance.now();
  const [aloneBuilds, dependenciesOnlyBuild, minimalAppBuild] = await Promise.all([
    Promise.all(
      direct.map((group) =>
        buildAlone(
          join(workDir, `alone-${group.replace(/[@/]/g, '_')}`),
          group,
          direct.filter((other) => other !== group)
        )
      )
    ),
    firstLoadFloors ? buildDependenciesOnly(join(workDir, 'dependencies-only'), direct) : undefined,
    firstLoadFloors ? buildMinimalApp(join(workDir, 'minimal-app')) : undefined,
  ]);
  const floorsSeconds = (performance.now() - floorsStarted) / 1000;

  const groupFigures = await Promise.all(
    direct.map(async (group, index): Promise<GroupFigures> => {
      const members = membersOf(group);
      const [alone, published, inBundle] = await Promise.all([
        sizesOf(textOf(piecesOf([aloneBuilds[index] as BuiltScript]), members)),
        publishedSizes(group),
        sizesOf(textOf(pieces, members)),
      ]);
      const floor =
        published && published.gzip < alone.gzip
          ? { ...published, from: 'published' as const }
          : { ...alone, from: 'alone' as const };
      return {
        name: group,
        members,
        bundled: inBundle,
        statsSize: app.modules
          .filter((module) => members.includes(installOf(module.name)?.name ?? ''))
          .reduce((total, module) => total + module.size, 0),
        ...(published ? { published } : {}),
        alone,
        floor: { min: floor.min, gzip: floor.gzip, br: floor.br, from: floor.from },
      };
    })
  );

  const scripts = await Promise.all(
    app.scripts.map(async (script) => ({
      ...(await servedSizes(app.dir, script)),
      firstPage: app.firstPage.includes(script.file),
    }))
  );
  const firstPageScripts = scripts.filter((script) => script.firstPage);
  const firstPageModules = new Set(app.firstPageModules);
  const appPieces = pieces.filter((piece) => piece.owner === APP);
  const appSources = new Map<string, number>();
  for (const piece of appPieces) {
    // Templates are inlined as string literals, which the source map does not cover.
    const source =
      piece.source !== GLUE ? piece.source : /^\s*["'`]</.test(piece.text) ? '(templates)' : '(module glue)';
    appSources.set(source, (appSources.get(source) ?? 0) + piece.text.length);
  }

  const [servedBr, servedGzip] = [await servedScripts(app.dir, 'br'), await servedScripts(app.dir, 'gzip')];

  return {
    total: sum(scripts),
    served: { br: servedBr, gzip: servedGzip },
    scripts,
    firstPage: {
      ...sum(firstPageScripts),
      files: app.firstPage,
      packages: bundledPackages(app.modules.filter((module) => firstPageModules.has(module.name))),
      mappedPackages: [
        ...new Set(
          piecesOf(app.scripts.filter((script) => app.firstPage.includes(script.file)))
            .map((piece) => piece.owner)
            .filter((owner) => bundled.includes(owner))
        ),
      ],
    },
    app: {
      ...(await sizesOf(textOf(pieces, [APP]))),
      sources: [...appSources.entries()].map(([source, min]) => ({ source, min })).sort((a, b) => b.min - a.min),
    },
    runtime: await sizesOf(textOf(pieces, [RUNTIME, GLUE])),
    groups: groupFigures,
    floor: sum(groupFigures.map((group) => group.floor)),
    publishedAsIs: sum(groupFigures.flatMap((group) => (group.published ? [group.published] : [group.alone]))),
    duplicates: duplicatesIn(app),
    unassigned: bundled.filter((name) => !groups.has(name)),
    ...(dependenciesOnlyBuild
      ? { dependenciesOnly: { dir: dependenciesOnlyBuild.dir, total: await totalOf(dependenciesOnlyBuild) } }
      : {}),
    ...(minimalAppBuild ? { minimalApp: { dir: minimalAppBuild.dir, total: await totalOf(minimalAppBuild) } } : {}),
    appDir: app.dir,
    buildSeconds: { app: app.seconds, floors: floorsSeconds },
  };
}
