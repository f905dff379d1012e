import type { auto, IPromise, IQService, IWindowService } from 'angular';
import type { AngularAuth0 } from 'angular-auth0';
import { LoginError } from './auth-error';

/** The longest an idle load waits for the browser to be idle. */
const IDLE_TIMEOUT_MS = 2_000;

/**
 * Where auth0-js comes from. A visitor's first page never calls it (logged out, or logged in with a valid token),
 * so it is not in the first bundle: it is a separate chunk, loaded the first time a login, a callback, a renewal or
 * a logout needs it, or earlier while the browser is idle when a login is likely (`loadWhenIdle`). Then
 * angular-auth0's module joins the running injector (`loadNewModules`) and its `angularAuth0` service is built as in
 * the original tutorial.
 */
export class Auth0Loader {
  static $inject = ['$injector', '$q', '$window'];

  #client: IPromise<AngularAuth0> | null = null;

  constructor(
    private readonly $injector: auto.IInjectorService,
    private readonly $q: IQService,
    private readonly $window: IWindowService
  ) {}

  /**
   * Loads auth0-js once the page is drawn and the browser has nothing else to do, so a click on "Log in" does not
   * wait for it. (A `<link rel="prefetch">` would fetch without running it, but Firefox refuses it under this app's
   * Content-Security-Policy, whose default-src is 'none'.)
   */
  loadWhenIdle(): void {
    const load = () => void this.load().catch(() => undefined);
    if (this.$window.requestIdleCallback) this.$window.requestIdleCallback(load, { timeout: IDLE_TIMEOUT_MS });
    else this.$window.setTimeout(load, IDLE_TIMEOUT_MS);
  }

  /**
   * The auth0-js client (angular-auth0's `angularAuth0`); rejects with a LoginError when the chunk cannot load.
   * angular-auth0 reads auth0-js from the global `auth0` as it loads, and never imports it: auth0-js is put there
   * first (the two imports share one chunk), so the app's build needs no plugin to provide it.
   */
  load(): IPromise<AngularAuth0> {
    this.#client ??= this.$q
      .when(import(/* webpackChunkName: "auth0" */ 'auth0-js'))
      .then(({ default: auth0 }) => {
        (this.$window as IWindowService & { auth0?: typeof auth0 }).auth0 = auth0;
        return import(/* webpackChunkName: "auth0" */ './auth0.module');
      })
      .then(({ default: moduleName }) => {
        this.$injector.loadNewModules([moduleName]);
        return this.$injector.get<AngularAuth0>('angularAuth0');
      })
      .catch(() => {
        // Offline or a deploy replaced the chunk: the next attempt fetches it again.
        this.#client = null;
        return this.$q.reject(
          new LoginError('The login library could not be loaded. Check your connection and try again.', 'network_error')
        );
      });
    return this.#client;
  }
}
