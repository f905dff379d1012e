/**
 * Production builds for the bundle figures, in-process with webpack's Node API, each into its own folder:
 *
 * - the app, with the project's own webpack.config.js (what `npm run build` makes), plus a hidden source map (no
 *   comment in the script, so the JS is byte for byte the same) to count bytes per package;
 * - the same page with the dependencies alone: the same config, the entry replaced by imports of the app's
 *   bundled dependencies (in the order the app loads them) and its stylesheet;
 * - the minimal AngularJS + ui-router app (bench/floors/minimal-app): the same config, its own entry and page;
 * - one dependency alone, with a plain production config: the floor's "bundled by itself" candidate.
 *
 * A build's scripts are every JavaScript file it emits: the ones its index.html loads (the first page), then the
 * chunks loaded later, on demand.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import HtmlWebpackPlugin from 'html-webpack-plugin';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import webpack, { type Configuration, type StatsCompilation } from 'webpack';
import { projectRoot } from './packages';
import type { SourceMapV3 } from './source-map-attribution';

export interface BuiltScript {
  /** The file name in the build folder, e.g. `main.3f2a9c81d0.js`. */
  file: string;
  code: string;
  map: SourceMapV3;
}

export interface Build {
  dir: string;
  /** Every JavaScript file of the build, the first page's first. */
  scripts: BuiltScript[];
  /** The files index.html loads with a <script> tag, in its order. */
  firstPage: string[];
  /** What the webpack stats say about each module: its name and size before minification. */
  modules: { name: string; size: number; order: number }[];
  /** The modules in the chunks whose files the first page loads (webpack's stats: each module's chunks). */
  firstPageModules: string[];
  seconds: number;
}

type ConfigFunction = (env: Record<string, unknown>, argv: { mode: 'production' }) => Promise<Configuration>;

async function projectConfig(): Promise<Configuration> {
  const url = pathToFileURL(join(projectRoot, 'webpack.config.js')).href;
  const { default: config } = (await import(url)) as { default: ConfigFunction };
  return config({}, { mode: 'production' });
}

function run(config: Configuration): Promise<StatsCompilation> {
  return new Promise((resolve, reject) => {
    const compiler = webpack({ ...config, stats: 'none' });
    compiler.run((error, stats) => {
      compiler.close(() => {
        if (error) return reject(error);
        const json = stats?.toJson({
          all: false,
          errors: true,
          modules: true,
          nestedModules: true,
          ids: true,
          chunks: true,
          // Without these, webpack may fold long module lists into summaries with no names.
          modulesSpace: Infinity,
          nestedModulesSpace: Infinity,
        });
        if (!json) return reject(new Error('webpack returned no stats'));
        const errors = json.errors ?? [];
        if (errors.length > 0) {
          const first = errors[0];
          return reject(new Error(`the build failed: ${first?.moduleName ?? ''} ${first?.message ?? ''}`.trim()));
        }
        resolve(json);
      });
    });
  });
}

type ChunkId = string | number;

/** Modules as webpack's stats list them, those inside a concatenated module included, each with its chunks. */
function flattenModules(stats: StatsCompilation): (Build['modules'][number] & { chunks: ChunkId[] })[] {
  const out: (Build['modules'][number] & { chunks: ChunkId[] })[] = [];
  const visit = (modules: StatsCompilation['modules'], order: number, chunks: ChunkId[]) => {
    for (const module of modules ?? []) {
      // Unnamed entries are summaries and webpack's runtime, which the source map accounts for.
      if (!module.name || module.moduleType === 'runtime') continue;
      const own = module.preOrderIndex ?? order;
      // A module inside a concatenated one is listed with no chunks of its own: it is in its parent's.
      const inChunks = module.chunks?.length ? module.chunks : chunks;
      if (module.modules?.length) visit(module.modules, own, inChunks);
      else out.push({ name: module.name, size: module.size ?? 0, order: own, chunks: inChunks });
    }
  };
  visit(stats.modules, 0, []);
  return out;
}

/** The scripts index.html loads, as file names in the build folder. */
function firstPageScripts(dir: string): string[] {
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  return [...html.matchAll(/<script\b[^>]*\bsrc="\/?([^"]+)"/g)].map((match) => match[1] as string);
}

function readBuild(dir: string, stats: StatsCompilation, seconds: number): Build {
  const firstPage = firstPageScripts(dir);
  const chunks = stats.chunks ?? [];
  const emitted = chunks.flatMap((chunk) => chunk.files ?? []).filter((file) => file.endsWith('.js'));
  const files = [...firstPage, ...[...new Set(emitted)].filter((file) => !firstPage.includes(file)).sort()];
  const scripts = files.map((file) => ({
    file,
    code: readFileSync(join(dir, file), 'utf8'),
    map: JSON.parse(readFileSync(join(dir, `${file}.map`), 'utf8')) as SourceMapV3,
  }));
  const firstPageChunks = new Set(
    chunks.filter((chunk) => (chunk.files ?? []).some((file) => firstPage.includes(file))).map((chunk) => chunk.id)
  );
  const modules = flattenModules(stats);
  const firstPageModules = modules
    .filter((module) => module.chunks.some((id) => firstPageChunks.has(id)))
    .map((module) => module.name);
  return {
    dir,
    scripts,
    firstPage,
    modules: modules.map(({ name, size, order }) => ({ name, size, order })),
    firstPageModules,
    seconds,
  };
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, (performance.now() - started) / 1000];
}

/**
 * The project's config with `env` set while it reads the environment (the build bakes it in), then put back.
 */
async function projectConfigWith(env: Record<string, string>): Promise<Configuration> {
  const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  Object.assign(process.env, env);
  try {
    return await projectConfig();
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) Reflect.deleteProperty(process.env, name);
      else process.env[name] = value;
    }
  }
}

/**
 * The app as `npm run build` makes it, into `dir`. Reads the environment (and .env) as the build does, with `env`
 * on top (e.g. AUTH0_FLOW). `oneChunk` merges every chunk into the first page's script (webpack's
 * LimitChunkCountPlugin): auth0-js is then loaded and parsed with the page, as before issue 13 deferred it, which
 * is the reference a login with the deferred chunk is compared with.
 */
export async function buildApp(
  dir: string,
  env: Record<string, string> = {},
  options: { oneChunk?: boolean } = {}
): Promise<Build> {
  const config = await projectConfigWith(env);
  const plugins = options.oneChunk
    ? [...(config.plugins ?? []), new webpack.optimize.LimitChunkCountPlugin({ maxChunks: 1 })]
    : config.plugins;
  const [stats, seconds] = await timed(() =>
    run({ ...config, plugins, devtool: 'hidden-source-map', output: { ...config.output, path: dir } })
  );
  return readBuild(dir, stats, seconds);
}

const MINIMAL_APP = join(projectRoot, 'bench', 'floors', 'minimal-app');

/**
 * The minimal AngularJS + ui-router app (bench/floors/minimal-app) with the project's build settings: the same
 * config (mode, terser, angular.min.js, precompressed copies, deferred script, CSP meta), its own entry and page.
 */
export async function buildMinimalApp(dir: string): Promise<Build> {
  const config = await projectConfig();
  const plugins = (config.plugins ?? []).map((plugin) =>
    plugin instanceof HtmlWebpackPlugin
      ? new HtmlWebpackPlugin({ ...plugin.userOptions, template: join(MINIMAL_APP, 'index.html') })
      : plugin
  );
  const [stats, seconds] = await timed(() =>
    run({
      ...config,
      entry: { main: join(MINIMAL_APP, 'main.js') },
      plugins,
      devtool: 'hidden-source-map',
      output: { ...config.output, path: dir },
    })
  );
  return readBuild(dir, stats, seconds);
}

/** The app's page with the dependencies alone: `imports` (package names, in load order) and the stylesheet. */
export async function buildDependenciesOnly(dir: string, imports: string[]): Promise<Build> {
  const entryDir = `${dir}-entry`;
  mkdirSync(entryDir, { recursive: true });
  const entry = join(entryDir, 'dependencies-only.js');
  const lines = [...imports, join(projectRoot, 'src/spa/styles.css')].map((name) => `import ${JSON.stringify(name)};`);
  writeFileSync(entry, `${lines.join('\n')}\n`);
  const config = await projectConfig();
  const [stats, seconds] = await timed(() =>
    run({
      ...config,
      entry: { main: entry },
      devtool: 'hidden-source-map',
      output: { ...config.output, path: dir },
      resolve: { ...config.resolve, modules: ['node_modules', join(projectRoot, 'node_modules')] },
    })
  );
  return readBuild(dir, stats, seconds);
}

/** One package bundled by itself in production mode, every other direct dependency left out as a global. */
export async function buildAlone(dir: string, request: string, leaveOut: string[]): Promise<BuiltScript> {
  const isLeftOut = (name: string) => leaveOut.some((other) => name === other || name.startsWith(`${other}/`));
  await run({
    mode: 'production',
    context: projectRoot,
    entry: { main: request },
    output: { path: dir, filename: '[name].js', clean: true },
    devtool: 'hidden-source-map',
    externalsType: 'var',
    externals: ({ request: wanted }, callback) =>
      wanted && isLeftOut(wanted) ? callback(undefined, `globalThis[${JSON.stringify(wanted)}]`) : callback(),
    performance: { hints: false },
  });
  return {
    file: 'main.js',
    code: readFileSync(join(dir, 'main.js'), 'utf8'),
    map: JSON.parse(readFileSync(join(dir, 'main.js.map'), 'utf8')) as SourceMapV3,
  };
}
