// @ts-check
/**
 * Unit specs of the SPA (src/spa/**\/*.spec.ts) with jasmine and angular-mocks, bundled by webpack with the app's
 * own rules, in headless Chromium. `npm run test:unit`.
 */
import { createRequire } from 'node:module';
import webpack from 'webpack';
import { provideAuth0, spaRules } from './webpack.config.js';

/** @type {string[]} */
const chromiumFlags = createRequire(import.meta.url)('./scripts/chromium-flags.json');

process.env.CHROME_BIN ||= '/usr/bin/chromium';

/** @param {import('karma').Config} config */
export default function karmaConfig(config) {
  config.set({
    frameworks: ['jasmine', 'webpack'],
    plugins: ['karma-jasmine', 'karma-webpack', 'karma-chrome-launcher'],
    files: [{ pattern: 'src/spa/**/*.spec.ts', watched: false }],
    preprocessors: { 'src/spa/**/*.spec.ts': ['webpack'] },
    webpack: {
      mode: 'development',
      devtool: 'inline-source-map',
      resolve: { extensions: ['.ts', '.js'] },
      // karma-webpack runs the specs even when the bundle has type errors, so types are left to `npm run typecheck`
      // (which covers the specs) rather than reported here and ignored.
      module: { rules: spaRules({ transpileOnly: true }) },
      plugins: [
        provideAuth0(),
        // Specs bring their own configuration (src/spa/testing/app-config.testing.ts); null makes a forgotten one fail.
        new webpack.DefinePlugin({ __APP_CONFIG__: 'null', __PRODUCTION__: 'false' }),
      ],
      stats: 'errors-warnings',
    },
    client: { jasmine: { random: true }, clearContext: true },
    reporters: ['dots'],
    // Plain text when piped, so `npm test` can read "Executed N of M (K FAILED)".
    colors: Boolean(process.stdout.isTTY),
    browsers: ['ChromiumHeadlessContainer'],
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
