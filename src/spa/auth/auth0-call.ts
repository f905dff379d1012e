import type { IPromise, IQService, IRootScopeService, ITimeoutService } from 'angular';

/** The AngularJS services auth0Call needs. */
export interface Auth0CallServices {
  $q: IQService;
  $rootScope: IRootScopeService;
  $timeout: ITimeoutService;
}

/**
 * Runs an auth0-js call that answers through a Node-style callback as a $q promise settled inside a digest (the
 * `client` methods are not wrapped by angular-auth0), rejecting with `{ error: 'timeout' }` when no answer comes
 * in `timeoutMs`.
 */
export function auth0Call<T>(
  services: Auth0CallServices,
  timeoutMs: number,
  run: (callback: (error: unknown, result?: T) => void) => void
): IPromise<T> {
  const { $q, $rootScope, $timeout } = services;
  const answer = $q.defer<T>();
  const timer = $timeout(() => answer.reject({ error: 'timeout', description: 'no answer in time' }), timeoutMs);
  run((error, result) => {
    $rootScope.$evalAsync(() => (error ? answer.reject(error) : answer.resolve(result as T)));
  });
  return answer.promise.finally(() => $timeout.cancel(timer));
}
