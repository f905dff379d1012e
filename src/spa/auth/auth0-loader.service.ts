import type { auto, IPromise, IQService } from 'angular';
import type { AngularAuth0 } from 'angular-auth0';
import { LoginError } from './auth-error';

/**
 * Where auth0-js comes from. A visitor's first page never calls it (logged out, or logged in with a valid token),
 * so it is not in the first bundle: it is a separate chunk, fetched while the browser is idle (webpackPrefetch) and
 * run the first time a login, a callback, a renewal or a logout needs it. Then angular-auth0's module joins the
 * running injector (`loadNewModules`) and its `angularAuth0` service is built as in the original tutorial.
 */
export class Auth0Loader {
  static $inject = ['$injector', '$q'];

  #client: IPromise<AngularAuth0> | null = null;

  constructor(
    private readonly $injector: auto.IInjectorService,
    private readonly $q: IQService
  ) {}

  /** The auth0-js client (angular-auth0's `angularAuth0`); rejects with a LoginError when the chunk cannot load. */
  load(): IPromise<AngularAuth0> {
    this.#client ??= this.$q
      .when(import(/* webpackChunkName: "auth0", webpackPrefetch: true */ './auth0.module'))
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
