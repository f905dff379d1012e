/**
 * angular-auth0 as the specs load it (karma.conf.js aliases the package to this file): its module, `auth0.auth0`,
 * with an `angularAuth0` service that is the spec's fake auth0-js client (auth0.testing.ts), and a provider that
 * keeps what `angularAuth0Provider.init()` was given. Everything above it, the session module's loader included, is
 * the real code.
 */
import angular from 'angular';
import type { AuthOptions } from 'auth0-js';

let client: unknown = null;

/** What every `angularAuth0Provider.init()` was given, latest last. */
export const initOptions: AuthOptions[] = [];

/** The client the next injector's `angularAuth0` will be. */
export function useAuth0Client(fake: unknown): void {
  client = fake;
}

class FakeAngularAuth0Provider {
  static $inject: string[] = [];

  init(options: AuthOptions): void {
    initOptions.push(options);
  }

  $get = () => client;
}

export default angular.module('auth0.auth0', []).provider('angularAuth0', FakeAngularAuth0Provider).name;
