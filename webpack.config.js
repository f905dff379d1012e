// @ts-check
/**
 * Builds the SPA (src/spa) into dist/, and serves it in development. Its configuration comes from the environment
 * (and .env) through src/config/environment.ts, the loader the servers use too, and is written into the bundle at
 * build time: the browser gets only the few public values it needs (see AppConfig).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import HtmlWebpackPlugin from 'html-webpack-plugin';
import webpack from 'webpack';
import { register } from 'tsx/esm/api';

const root = path.dirname(fileURLToPath(import.meta.url));
const spa = path.join(root, 'src/spa');

/**
 * The environment as src/config/environment.ts reads it, or one line per problem and exit status 1. Loaded inside
 * the config function (not at the top level) so karma.conf.js can import the shared parts of this file.
 * @returns {Promise<import('./src/config/environment.ts').QuickstartEnvironment>}
 */
async function environmentOrExit() {
  register();
  const { ConfigError, loadDotenv, loadEnvironment } = await import('./src/config/environment.ts');
  try {
    loadDotenv();
    return loadEnvironment();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const problem of error.problems) console.error(`webpack: configuration error: ${problem}`);
    process.exit(1);
  }
}

/**
 * @param {import('./src/config/environment.ts').QuickstartEnvironment} env
 * @returns {import('./src/spa/config/app-config.ts').AppConfig}
 */
function appConfigFrom(env) {
  return {
    domain: env.domain,
    clientId: env.clientId,
    audience: env.audience,
    apiUrl: env.apiUrl,
    appOrigin: env.appOrigin,
    flow: env.flow,
    dpop: env.dpop,
    // The session module works the issuer out from the domain (https://<domain>/, or <domain>/ for a URL); name it
    // only when it is anything else (AUTH0_ISSUER_BASE_URL: a custom domain).
    ...(env.issuer !== (env.mode === 'local' ? `${env.domain}/` : `https://${env.domain}/`)
      ? { tokenIssuer: env.issuer }
      : {}),
  };
}

/**
 * Module rules shared with karma.conf.js.
 * @param {{ transpileOnly?: boolean }} [options] transpileOnly: skip type errors (`npm run typecheck` reports them).
 * @returns {import('webpack').RuleSetRule[]}
 */
export function spaRules({ transpileOnly = false } = {}) {
  return [
    {
      test: /\.ts$/,
      include: spa,
      loader: 'ts-loader',
      options: {
        configFile: path.join(spa, 'tsconfig.json'),
        onlyCompileBundledFiles: true,
        transpileOnly,
        // The shared tsconfig says noEmit (tsc only typechecks); here TypeScript has to emit for webpack.
        compilerOptions: { noEmit: false, sourceMap: true },
      },
    },
    // Templates as strings, minified (scripts/html-template.loader.js); limited to src/spa so the index.html template
    // stays html-webpack-plugin's.
    {
      test: /\.html$/,
      include: spa,
      type: 'asset/source',
      loader: path.join(root, 'scripts/html-template.loader.js'),
    },
  ];
}

/**
 * Production-only plugins: angular's own closure-compiled build (angular/index.js requires ./angular, the unminified
 * file; angular.min.js is the same release, minified by its authors, and ends up smaller than terser makes
 * angular.js), and brotli/gzip copies of the assets for `npm run serve`.
 * @returns {Promise<import('webpack').WebpackPluginInstance[]>}
 */
async function productionPlugins() {
  const { PrecompressPlugin } = await import('./scripts/precompress.plugin.ts');
  const angularDir = path.dirname(createRequire(import.meta.url).resolve('angular/package.json'));
  return [
    new webpack.NormalModuleReplacementPlugin(/^\.\/angular$/, (resource) => {
      if (resource.context === angularDir) resource.request = './angular.min.js';
    }),
    new PrecompressPlugin(),
  ];
}

/**
 * @param {Record<string, unknown>} _cliEnv
 * @param {{ mode?: 'production' | 'development' | 'none' }} argv
 * @returns {Promise<import('webpack').Configuration & { devServer?: import('webpack-dev-server').Configuration }>}
 */
export default async function config(_cliEnv, argv) {
  const production = argv.mode === 'production';
  const env = await environmentOrExit();
  // The one Content-Security-Policy of the SPA: a header from the dev server, a <meta> in the production index.html.
  const { contentSecurityPolicy } = await import('./src/config/csp.ts');
  // The dev server sends the same security headers as `npm run serve`, the policy with the live-reload socket allowed.
  const { spaHeaders } = await import('./src/config/spa-headers.ts');
  return {
    mode: production ? 'production' : 'development',
    context: root,
    entry: { main: path.join(spa, 'main.ts') },
    output: {
      path: path.join(root, 'dist'),
      publicPath: '/',
      filename: production ? '[name].[contenthash:10].js' : '[name].js',
      cssFilename: production ? '[name].[contenthash:10].css' : '[name].css',
      assetModuleFilename: production ? '[name].[contenthash:10][ext]' : '[name][ext]',
      clean: true,
    },
    resolve: { extensions: ['.ts', '.js'] },
    // @uirouter/core's modules have no import-time effects beyond their own exports, but its package.json does not
    // say so (sideEffects): saying it here lets webpack leave out the modules the AngularJS router never reaches.
    module: { rules: [...spaRules(), { test: /[\\/]node_modules[\\/]@uirouter[\\/]core[\\/]/, sideEffects: false }] },
    // Webpack's own CSS support emits a .css file that html-webpack-plugin links: no style-loader, no inline <style>.
    experiments: { css: true },
    // No eval-based source maps: they would need 'unsafe-eval' under a Content-Security-Policy.
    devtool: production ? false : 'cheap-module-source-map',
    // terser as webpack configures it (two compress passes), allowed the ES2020 syntax every browser that runs this
    // ES2022 bundle reads anyway (`??`, `?.`), which shortens the dependencies' code.
    ...(production ? { optimization: { minimize: { javascript: { ecma: 2020, compress: { passes: 2 } } } } } : {}),
    plugins: [
      new webpack.DefinePlugin({
        __APP_CONFIG__: JSON.stringify(appConfigFrom(env)),
        __PRODUCTION__: JSON.stringify(production),
      }),
      new HtmlWebpackPlugin({
        template: path.join(root, 'index.html'),
        favicon: path.join(spa, 'favicon.svg'),
        scriptLoading: 'defer',
        // For static hosting that cannot send headers; a server should also send it as a header (frame-ancestors).
        ...(production
          ? {
              meta: {
                'Content-Security-Policy': {
                  'http-equiv': 'Content-Security-Policy',
                  content: contentSecurityPolicy(env, { delivery: 'meta' }),
                },
              },
            }
          : {}),
      }),
      ...(production ? await productionPlugins() : []),
    ],
    // AngularJS, ui-router and auth0-js together are about 500 KiB minified (about 150 KiB gzipped).
    performance: { hints: production ? 'warning' : false, maxEntrypointSize: 600_000, maxAssetSize: 600_000 },
    devServer: {
      host: 'localhost',
      port: env.appPort,
      historyApiFallback: true,
      hot: false,
      client: {
        overlay: false,
        // The live-reload socket goes to the host the page was loaded from ('[::]' is the client's word for "the
        // page's own host"): a page opened at http://127.0.0.1:3000 no longer dials ws://localhost:3000, whose Origin
        // check refuses it (Origin 127.0.0.1, Host localhost) and so reconnected every second. The server's Host and
        // Origin checks stay as they were: it also admits the hostname named here, and no header parses to '[::]'
        // (Node drops the brackets). '0.0.0.0' would let a page at any IP address in through ws://0.0.0.0, and
        // adding 127.0.0.1 to allowedHosts would let one in through ws://127.0.0.1 (both tried).
        webSocketURL: { hostname: '[::]' },
      },
      static: false,
      headers: spaHeaders(env, { liveReload: true }),
    },
  };
}
