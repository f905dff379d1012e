import type { IPromise } from 'angular';
import type { AngularAuth0 } from 'angular-auth0';
import type { AuthConfig } from './auth-config';
import type { LoginTransaction, LoginTransactions } from './login-transaction';
import type { TokenSet } from './session-store';

/**
 * What came back to the callback, read before anything is trusted: the `state`, the issuer that says it sent it
 * (RFC 9207), and an error if the server sent one.
 */
export interface LoginResponse {
  state: string | null;
  iss: string | null;
  error?: string;
  errorDescription?: string;
  /** The raw query (code flow) or fragment (implicit flow), for the flow that reads the rest. */
  raw: string;
}

/**
 * The login response in the address bar, or null when this page is not the callback or carries none: the code flow's
 * answer is in the query, the implicit flow's in the fragment.
 */
export function loginResponseIn(location: Location, config: AuthConfig): LoginResponse | null {
  if (location.pathname !== config.callbackPath) return null;
  const raw = config.flow === 'code' ? location.search : location.hash;
  const parameters = new URLSearchParams(raw.replace(/^[?#]/, ''));
  const state = parameters.get('state');
  const error = parameters.get('error') ?? undefined;
  const answers = ['state', 'error', 'code', 'access_token', 'id_token'].some((name) => parameters.has(name));
  if (!answers) return null;
  return {
    state,
    iss: parameters.get('iss'),
    error,
    errorDescription: parameters.get('error_description') ?? undefined,
    raw,
  };
}

/**
 * The part of the session that differs between the two ways of logging in. Everything after the tokens arrive
 * (storage, expiry, renewal timing, the interceptor) is shared, in authService.
 *
 * - `code` (code-flow.ts): Authorization Code with PKCE; renewal with rotating refresh tokens.
 * - `implicit` (implicit-flow.ts): the original tutorial's flow; tokens in the URL fragment, renewal with
 *   checkSession in a hidden iframe.
 */
export interface LoginFlow {
  /** Sends the browser to the hosted login page, having remembered the login in `logins`. */
  start(webAuth: AngularAuth0, logins: LoginTransactions, returnTo: string): IPromise<void>;
  /** Turns a successful answer into tokens, checked; rejects with a LoginError. */
  finish(webAuth: AngularAuth0, response: LoginResponse, login: LoginTransaction): IPromise<TokenSet>;
  /** Fresh tokens for the session, their ID token checked as at login; rejects with a LoginError. */
  renew(webAuth: AngularAuth0, refreshToken: string | null): IPromise<TokenSet>;
  /** Revokes a refresh token (RFC 7009), best effort; the implicit flow has none. */
  revoke(refreshToken: string | null): IPromise<void>;
}
