import type { IPromise, IQService, IRootScopeService, ITimeoutService } from 'angular';
import type { AngularAuth0 } from 'angular-auth0';
import type { LoginTransaction, LoginTransactions } from './login-transaction';
import type { TokenSet } from './session-store';

/** What came back to /callback, read before anything is trusted: the `state`, and an error if the server sent one. */
export interface LoginResponse {
  state: string | null;
  error?: string;
  errorDescription?: string;
  /** The raw query or fragment, for the flow that reads the rest. */
  raw: string;
}

/** Reads `state` and any error from the callback's query (code flow) or fragment (implicit flow), leading ? or #. */
export function loginResponseFrom(raw: string): LoginResponse {
  const parameters = new URLSearchParams(raw.replace(/^[?#]/, ''));
  return {
    state: parameters.get('state'),
    error: parameters.get('error') ?? undefined,
    errorDescription: parameters.get('error_description') ?? undefined,
    raw,
  };
}

/**
 * The part of the session that differs between the two ways of logging in. Everything after the tokens arrive
 * (storage, expiry, renewal timing, guards, the interceptor, the pages) is shared, in authService.
 *
 * - `code` (default, code-flow.ts): Authorization Code with PKCE; renewal with rotating refresh tokens.
 * - `implicit` (AUTH0_FLOW=implicit, implicit-flow.ts): the original tutorial's flow; tokens in the URL fragment,
 *   renewal with checkSession in a hidden iframe.
 */
export interface LoginFlow {
  readonly name: 'code' | 'implicit';
  /** Sends the browser to the hosted login page, having remembered the login in `logins`. */
  start(webAuth: AngularAuth0, logins: LoginTransactions, returnTo: string): IPromise<void>;
  /** Reads the authorization server's answer from the callback URL. */
  readResponse(location: Location): LoginResponse;
  /** Turns a successful answer into tokens, checked; rejects with a LoginError. */
  finish(webAuth: AngularAuth0, response: LoginResponse, login: LoginTransaction): IPromise<TokenSet>;
  /** Fresh tokens for the session; rejects with a LoginError. */
  renew(webAuth: AngularAuth0, refreshToken: string | null): IPromise<TokenSet>;
  /** Ends what the authorization server keeps for this session, besides its login session (logout). */
  revoke(refreshToken: string | null): IPromise<void>;
}

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
