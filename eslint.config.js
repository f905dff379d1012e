// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'build/', 'coverage/', '.data/', 'test-results/', 'bench/results/'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    rules: {
      'no-alert': 'error',
      eqeqeq: ['error', 'smart'],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/spa/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      // The SPA reaches browser APIs through $window, $timeout and $q so digests and specs stay honest.
      'no-restricted-globals': ['error', 'localStorage', 'sessionStorage', 'location', 'setTimeout', 'setInterval'],
    },
  },
  {
    files: ['src/spa/**/*.spec.ts'],
    languageOptions: { globals: { ...globals.jasmine } },
    rules: { 'no-restricted-globals': 'off' },
  },
  {
    // The page the auth0-spa-js end-to-end test serves: a plain browser script, as in Auth0's samples.
    files: ['test/e2e/auth0-spa-js-page/*.js'],
    languageOptions: { globals: { ...globals.browser }, sourceType: 'script' },
  },
  {
    // The app in the original quickstart's shape: plain browser scripts, its settings in auth0-variables.js.
    files: ['test/third-app/**/*.js'],
    languageOptions: {
      globals: {
        ...globals.browser,
        angular: 'readonly',
        AUTH0_CLIENT_ID: 'readonly',
        AUTH0_DOMAIN: 'readonly',
        AUTH0_AUDIENCE: 'readonly',
        API_URL: 'readonly',
      },
      sourceType: 'script',
    },
    // `var vm = this;`: the controllerAs idiom the original quickstart (and John Papa's style guide) writes.
    rules: { '@typescript-eslint/no-this-alias': 'off' },
  },
  {
    files: ['*.js', 'src/{api,auth-server,config}/**/*.ts', 'scripts/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
  }
);
