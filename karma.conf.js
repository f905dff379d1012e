// @ts-check
/**
 * Unit specs of the SPA (src/spa/**\/*.spec.ts) with jasmine and angular-mocks, bundled by webpack with the app's
 * own rules, in headless Chromium and headless Firefox ESR. `npm run test:unit` runs one browser per karma run
 * (`--browsers ChromiumHeadlessContainer`, `--browsers FirefoxHeadless`), so that each reports its own count.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import webpack from 'webpack';
import { spaRules } from './webpack.config.js';

/** @type {string[]} */
const chromiumFlags = createRequire(import.meta.url)('./scripts/chromium-flags.json');

process.env.CHROME_BIN ||= '/usr/bin/chromium';
// Debian's Firefox ESR, where apt puts it; karma-firefox-launcher would look for `firefox` only.
process.env.FIREFOX_BIN ||= '/usr/bin/firefox-esr';

/** @param {import('karma').Config} config */
export default function karmaConfig(config) {
  config.set({
    frameworks: ['jasmine', 'webpack'],
    plugins: ['karma-jasmine', 'karma-webpack', 'karma-chrome-launcher', 'karma-firefox-launcher'],
    files: [{ pattern: 'src/spa/**/*.spec.ts', watched: false }],
    preprocessors: { 'src/spa/**/*.spec.ts': ['webpack'] },
    webpack: {
      mode: 'development',
      devtool: 'inline-source-map',
      resolve: {
        extensions: ['.ts', '.js'],
        // auth0-js's client is a fake in the specs: angular-auth0's module hands it out (src/spa/testing).
        alias: { 'angular-auth0$': fileURLToPath(new URL('./src/spa/testing/angular-auth0.fake.ts', import.meta.url)) },
      },
      // karma-webpack runs the specs even when the bundle has type errors, so types are left to `npm run typecheck`
      // (which covers the specs) rather than reported here and ignored.
      module: { rules: spaRules({ transpileOnly: true }) },
      plugins: [
        // Specs bring their own configuration (src/spa/testing/app-config.testing.ts); null makes a forgotten one fail.
        new webpack.DefinePlugin({ __APP_CONFIG__: 'null', __PRODUCTION__: 'false' }),
      ],
      stats: 'errors-warnings',
    },
    client: { jasmine: { random: true }, clearContext: true },
    reporters: ['dots'],
    // Plain text when piped, so `npm test` can read "Executed N of M (K FAILED)".
    colors: Boolean(process.stdout.isTTY),
    // Both by default; `--browsers` on the command line picks one.
    browsers: ['ChromiumHeadlessContainer', 'FirefoxHeadless'],
    customLaunchers: {
      // The flags every browser test here uses: see scripts/chrome.ts.
      ChromiumHeadlessContainer: { base: 'ChromeHeadless', flags: chromiumFlags },
    },
    listenAddress: '127.0.0.1',
    hostname: 'localhost',
    port: 9876,
    singleRun: true,
    autoWatch: false,
    browserNoActivityTimeout: 30000,
    captureTimeout: 60000,
    logLevel: config.LOG_WARN,
  });
}
