/**
 * `npm run build:session`: the session module (src/spa/auth) as the files AngularJS apps load, into
 * build/auth-session/ (made, never committed; the TypeScript sources are the one source of truth):
 *
 * - `angular-auth-session.js`: one script for a page that loads its libraries with `<script>` tags. It adds the
 *   module `authSession` to the page's AngularJS, after angular.js, angular-jwt, auth0-js and angular-auth0; it
 *   carries none of them (no second AngularJS), and no `import` or `export`.
 * - `angular-auth-session.mjs`: an ES module for a host with a bundler, which imports angular and angular-jwt, and
 *   auth0-js and angular-auth0 when the session first needs them (the host's bundler makes that a chunk of its own).
 * - `angular-auth-session.d.ts`: the types of the one door (src/spa/auth/index.ts), self-contained, so a TypeScript
 *   host of any version compiles against them, never against these sources.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import webpack from 'webpack';

const root = join(import.meta.dirname, '..');
const sources = join(root, 'src/spa/auth');
const ENTRY = join(sources, 'index.ts');
export const DEFAULT_OUT_DIR = join(root, 'build/auth-session');
export const FILES = {
  script: 'angular-auth-session.js',
  module: 'angular-auth-session.mjs',
  types: 'angular-auth-session.d.ts',
} as const;

/** TypeScript for the module's sources, as the SPA compiles them (src/spa/tsconfig.json). */
function tsRule(): webpack.RuleSetRule {
  return {
    test: /\.ts$/,
    include: sources,
    loader: 'ts-loader',
    options: {
      configFile: join(root, 'src/spa/tsconfig.json'),
      onlyCompileBundledFiles: true,
      transpileOnly: true,
      compilerOptions: { noEmit: false },
    },
  };
}

/** What both builds share: the one entry, its sources, minified, and no chunk but the one file. */
function common(outDir: string): webpack.Configuration {
  return {
    mode: 'production',
    context: root,
    entry: ENTRY,
    devtool: false,
    resolve: { extensions: ['.ts', '.js'] },
    module: { rules: [tsRule()] },
    // The lazily loaded parts (auth0-js, angular-auth0) are the host's, so nothing else is left to split.
    plugins: [new webpack.optimize.LimitChunkCountPlugin({ maxChunks: 1 })],
    optimization: { minimize: true },
    performance: { hints: false },
    output: { path: outDir, clean: false },
  };
}

/**
 * The `<script>` build: the libraries are the page's globals. angular-jwt and angular-auth0 are their module names
 * (what their packages export), auth0-js is the global `auth0` its script sets.
 */
function scriptBuild(outDir: string): webpack.Configuration {
  const base = common(outDir);
  return {
    ...base,
    output: { ...base.output, filename: FILES.script, iife: true },
    externalsType: 'var',
    externals: {
      angular: 'angular',
      'angular-jwt': "'angular-jwt'",
      'auth0-js': 'auth0',
      'angular-auth0': "'auth0.auth0'",
    },
  };
}

/** The ES module build: the host's bundler resolves the libraries. */
function moduleBuild(outDir: string): webpack.Configuration {
  const base = common(outDir);
  return {
    ...base,
    experiments: { outputModule: true },
    output: { ...base.output, filename: FILES.module, module: true, library: { type: 'module' } },
    externalsType: 'module',
    externals: {
      angular: 'angular',
      'angular-jwt': 'angular-jwt',
      'auth0-js': 'import auth0-js',
      'angular-auth0': 'import angular-auth0',
    },
  };
}

function compile(config: webpack.Configuration): Promise<void> {
  return new Promise((resolve, reject) =>
    webpack(config, (error, stats) => {
      if (error) reject(error);
      else if (!stats || stats.hasErrors()) reject(new Error(stats?.toString('errors-only') ?? 'no stats'));
      else resolve();
    })
  );
}

/**
 * The types of the entry alone: TypeScript's declaration of index.ts, which declares every public type itself and
 * refers to nothing but `angular`'s types. Fails when it would need one of the module's own files.
 */
export function declarationOfEntry(): string {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    declaration: true,
    emitDeclarationOnly: true,
    strict: true,
    esModuleInterop: true,
    skipLibCheck: true,
    types: [],
  };
  let declaration: string | undefined;
  const program = ts.createProgram([ENTRY], options);
  program.emit(program.getSourceFile(ENTRY), (name, text) => {
    if (name.endsWith('index.d.ts')) declaration = text;
  });
  if (declaration === undefined) throw new Error(`TypeScript emitted no declaration for ${relative(root, ENTRY)}`);
  const relativeImport = /from '(\.[^']*)'/.exec(declaration);
  if (relativeImport) {
    throw new Error(`${relative(root, ENTRY)}'s declaration imports ${relativeImport[1]}: declare public types in it`);
  }
  return declaration;
}

/** Builds the three files into `outDir`; resolves with their paths. */
export async function buildAuthSession(outDir = DEFAULT_OUT_DIR): Promise<Record<keyof typeof FILES, string>> {
  mkdirSync(outDir, { recursive: true });
  await compile(scriptBuild(outDir));
  await compile(moduleBuild(outDir));
  writeFileSync(join(outDir, FILES.types), declarationOfEntry());
  return {
    script: join(outDir, FILES.script),
    module: join(outDir, FILES.module),
    types: join(outDir, FILES.types),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const built = await buildAuthSession();
  for (const path of Object.values(built)) console.log(`built ${relative(process.cwd(), path)}`);
}
