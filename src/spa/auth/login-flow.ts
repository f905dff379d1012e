import type { IPromise } from 'angular';
import type { AngularAuth0 } from 'angular-auth0';
import type { LoginResponse } from './login-response';
import type { LoginTransaction, LoginTransactions } from './login-transaction';
import type { StoredSession, TokenSet } from './session-store';

/**
 * The part of the session that differs between the two ways of logging in. Everything after the tokens arrive
 * (storage, expiry, renewal, revocation, the interceptor) is shared (session.ts).
 *
 * - `code` (code-flow.ts): Authorization Code with PKCE; renewal with rotating refresh tokens.
 * - `implicit` (implicit-flow.ts): the original tutorial's flow; tokens in the URL fragment, renewal with
 *   checkSession in a hidden iframe.
 */
export interface LoginFlow {
  /** Sends the browser to the hosted login page, having remembered the login (where it returns to) in `logins`. */
  start(webAuth: AngularAuth0, logins: LoginTransactions, login: { returnTo: string; epoch: string }): IPromise<void>;
  /** Turns a successful answer into tokens, checked; rejects with a SessionError. */
  finish(webAuth: AngularAuth0, response: LoginResponse, login: LoginTransaction): IPromise<TokenSet>;
  /** Fresh tokens for the session, their ID token checked as at login; rejects with a SessionError. */
  renew(webAuth: AngularAuth0, session: StoredSession): IPromise<TokenSet>;
}
