import angular, { type auto, type IPromise, type IQService, type IWindowService } from 'angular';
import type { AngularAuth0, AngularAuth0Provider } from 'angular-auth0';
import { SessionError } from './session-errors';

/** The lazily loaded module: angular-auth0, configured from the session's configuration. */
export const AUTH0_MODULE = 'authSession.auth0';

/** The longest an idle load waits for the browser to be idle. */
const IDLE_TIMEOUT_MS = 2_000;

/**
 * Where auth0-js comes from: not with the app, as a first page rarely calls it, but when a login, callback, renewal
 * or logout first needs it, or while the browser is idle when a login is likely. angular-auth0's module then joins
 * the running injector and builds `angularAuth0` as the original tutorial does (`angularAuth0Provider.init`). With a
 * bundler the two `import()`s are a chunk of their own; the `<script>` build uses the page's own scripts instead.
 */
export class Auth0Loader {
  static $inject = ['$injector', '$q', '$window', 'auth0Options'];

  #client: IPromise<AngularAuth0> | null = null;

  constructor(
    private readonly $injector: auto.IInjectorService,
    private readonly $q: IQService,
    private readonly $window: IWindowService,
    private readonly auth0Options: () => Parameters<AngularAuth0Provider['init']>[0]
  ) {}

  /** Loads auth0-js when the browser is idle, so "Log in" need not wait (Firefox's CSP refuses `rel=prefetch`). */
  loadWhenIdle(): void {
    const load = () => void this.load().catch(() => undefined);
    if (this.$window.requestIdleCallback) this.$window.requestIdleCallback(load, { timeout: IDLE_TIMEOUT_MS });
    else this.$window.setTimeout(load, IDLE_TIMEOUT_MS);
  }

  /** The auth0-js client (angular-auth0's `angularAuth0`); rejects with a SessionError when it cannot load. */
  load(): IPromise<AngularAuth0> {
    this.#client ??= this.$q
      .when(imported ?? importAngularAuth0(this.$window))
      .then((angularAuth0) => {
        const init = (provider: AngularAuth0Provider) => provider.init(this.auth0Options());
        angular.module(AUTH0_MODULE, [angularAuth0]).config(['angularAuth0Provider', init]);
        this.$injector.loadNewModules([AUTH0_MODULE]);
        return this.$injector.get<AngularAuth0>('angularAuth0');
      })
      .catch(() => {
        // Offline, or a deploy replaced the chunk: the next attempt fetches it again.
        this.#client = null;
        return this.$q.reject(new SessionError('library_unavailable'));
      });
    return this.#client;
  }
}

/** angular-auth0's module name once it is loaded: later loads need not wait for anything. */
let imported: string | null = null;
let importing: Promise<string> | null = null;

/**
 * Loads auth0-js, then angular-auth0 (once per page), resolving with angular-auth0's module name. angular-auth0 reads
 * the global `auth0` as it loads: auth0-js is put there first, so a host's build needs no plugin to provide it.
 */
export function importAngularAuth0(window: IWindowService): Promise<string> {
  importing ??= import(/* webpackChunkName: "auth0" */ 'auth0-js')
    .then(({ default: auth0 }) => {
      if (!auth0) throw new Error('auth0-js is not on the page');
      (window as IWindowService & { auth0?: typeof auth0 }).auth0 = auth0;
      return import(/* webpackChunkName: "auth0" */ 'angular-auth0');
    })
    .then(({ default: angularAuth0 }) => (imported = angularAuth0))
    .catch((error: unknown) => {
      importing = null;
      throw error;
    });
  return importing;
}
