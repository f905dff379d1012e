/**
 * authSession: log in through a hosted login page, keep the session across reloads and tabs, and send the access
 * token to one API, as an AngularJS module an app loads like angular-jwt or angular-auth0. This file is its one door:
 * the module's name, the one configuration value, and the session a host injects. Nothing else is public.
 *
 * ```js
 * angular.module('app', ['authSession', 'ui.router']).config(['authSessionProvider', (authSessionProvider) => {
 *   authSessionProvider.configure({ domain, clientId, audience, apiUrl, scope: 'openid profile read:messages' });
 * }]);
 * ```
 */
import type { IPromise } from 'angular';
import { registerAuthSession } from './auth-session.module';

/** The one value a host hands the module, in a config block: `authSessionProvider.configure({ ... })`. */
export interface AuthSessionConfig {
  /** Your tenant as auth0-js takes it (`dev-abc.us.auth0.com`), or a URL (`http://localhost:4000`, a local server). */
  domain: string;
  /** The Client ID of your Single Page Application in the Auth0 dashboard. */
  clientId: string;
  /** Your API's Identifier in the dashboard, asked for as the access token's audience. */
  audience: string;
  /** Your API's base URL: the access token is sent to this exact origin (scheme, host and port) and to no other. */
  apiUrl: string;
  /** The scopes every login asks for, such as `openid profile read:messages`. */
  scope: string;
  /**
   * `code` (the default): Authorization Code with PKCE, renewed with rotating refresh tokens. `implicit`: the original
   * tutorial's flow, tokens in the URL fragment, renewed with `checkSession` in a hidden iframe.
   */
  flow?: 'code' | 'implicit';
  /**
   * The path, as in the address bar, the authorization server sends the browser back to (one of the Allowed Callback
   * URLs, with your origin): the module completes the login when the app starts there. Default `/callback`; with
   * AngularJS's `#!/` URLs, your page's own path (such as `/`).
   */
  callbackPath?: string;
  /** Where the app goes when a page needs a login and there is none, as `$location.url()` takes it. Default `/`. */
  homePath?: string;
  /** Where the authorization server sends the browser after a logout (an Allowed Logout URL). Default: the app's base URL. */
  logoutReturnTo?: string;
  /**
   * The issuer your tokens name, only when it cannot be worked out from `domain`: a custom domain, or a server whose
   * issuer is not `https://<domain>/` (for a `domain` with a scheme, it is `<domain>/`).
   */
  tokenIssuer?: string;
  /**
   * DPoP (RFC 9449), for the code flow: the tokens are bound to a key pair this browser keeps and cannot export, and
   * every call to the API carries `Authorization: DPoP <token>` with a proof. The application (and the API) must have
   * it turned on at the authorization server. Default false.
   */
  dpop?: boolean;
}

/** Who is logged in, as the ID token says, what the authorization server granted, and until when. */
export interface SessionUser {
  /** A name, an email or the subject, from the ID token auth0-js checked. */
  name: string | null;
  /** The scopes the authorization server said it granted. */
  scopes: string[];
  /** When the access token expires (ms since the epoch); it is renewed before then. */
  expiresAt: number;
  /** `opaque` when the access token is no JWT, which no API can verify: the login asked for no (or the wrong) audience. */
  accessTokenFormat: 'jwt' | 'opaque';
}

/**
 * Why the module says what it says: a stable code beside every sentence, so a host can branch on it or translate it.
 * The module's README lists each with its sentence.
 */
export type SessionCode =
  | 'unrecognised_response'
  | 'issuer_mismatch'
  | 'issuer_missing'
  | 'already_used'
  | 'interrupted'
  | 'login_failed'
  | 'id_token_invalid'
  | 'unreachable'
  | 'timeout'
  | 'storage_unavailable'
  | 'logged_out_meanwhile'
  | 'library_unavailable'
  | 'dpop_unsupported'
  | 'key_unavailable'
  | 'login_required'
  | 'renewal_failed'
  | 'token_refused'
  | 'other_user'
  | 'logged_out_elsewhere'
  | 'ended_elsewhere'
  | 'logout_incomplete';

/** What became of the login response the page was opened with: none, being completed, or failed (and why). */
export interface LoginCompletion {
  state: 'none' | 'completing' | 'failed';
  /** Set when the login failed. */
  code: SessionCode | null;
  /** For the user, when the login failed. */
  message: string;
}

/**
 * The note to show (below the navigation, say) when the session ended without the user asking, a page needs a login,
 * or a logout did not reach the authorization server: what happened, and the one action that helps.
 */
export interface SessionNotice {
  code: SessionCode;
  message: string;
  /** The words of the action's button: "Log in", "Log in again" or "Finish logging out". */
  actionLabel: string;
  /** Takes the action (a login that comes back to the page the note is about, or the logout again). */
  act(): IPromise<void>;
}

/** The session, as a host injects it: `authSession`. */
export interface AuthSession {
  /** Leaves for the hosted login page; the browser comes back to `returnTo` (a path of this app, home otherwise). */
  login(options?: { returnTo?: string }): IPromise<void>;
  /** Ends the session here and at the authorization server, which sends the browser back to `logoutReturnTo`. */
  logout(): IPromise<void>;
  /** True while an access token is held and has not expired. */
  isAuthenticated(): boolean;
  /** Who is logged in; null without a session. */
  readonly user: SessionUser | null;
  /** True while a renewal is under way: say "Checking your session" rather than "not logged in". */
  readonly renewing: boolean;
  /** How the login the page was opened with is going; the module completes it as the app starts on `callbackPath`. */
  readonly completion: LoginCompletion;
  /** The note to show, or null. */
  readonly notice: SessionNotice | null;
  dismissNotice(): void;
  /** True on the page a logout came back to (until the next login). */
  readonly loggedOut: boolean;
  /** The user's claims from the authorization server's /userinfo; rejects with an Error whose message is for the user. */
  userInfo(): IPromise<Record<string, unknown>>;
}

/** What a config block of the host gets as `authSessionProvider`. */
export interface AuthSessionProvider {
  /** Hands the module its configuration; a mistake in it stops the app here, with one sentence naming it. */
  configure(config: AuthSessionConfig): void;
}

/** The module's name, for `angular.module('app', [authSession])`: `'authSession'`. */
const authSession: string = registerAuthSession();
export default authSession;
