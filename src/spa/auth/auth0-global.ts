/**
 * angular-auth0 reads auth0-js from the global `auth0` as it loads, and never imports it. auth0.module.ts imports this
 * file before angular-auth0, so auth0-js is there by then and the app's build needs no plugin to provide it.
 */
import auth0 from 'auth0-js';

(window as Window & { auth0?: typeof auth0 }).auth0 = auth0;
