import type {
  ILocationService,
  IPromise,
  IQService,
  IRootScopeService,
  ITimeoutService,
  IWindowService,
} from 'angular';
import type { AngularAuth0 } from 'angular-auth0';
import type { AuthManager } from 'angular-jwt';
import type { Auth0DecodedHash } from 'auth0-js';
import { isVerifiableJwt } from './access-token-format';
import { describeParseHashError, describeRenewalError, LOGIN_FAILED, LoginError } from './auth-error';
import { RENEWAL } from './renewal-timing';
import { safeReturnPath } from './return-path';
import { SESSION_EVENTS } from './session-events';
import type { SessionNotice } from './session-notice.service';

/** Requested on every login: the API's `read:messages` is what the scoped ping needs. */
export const REQUESTED_SCOPES = 'openid profile read:messages';
export const RESPONSE_TYPE = 'token id_token';

/** How long the callback waits for auth0-js to check the login response (it fetches the signing keys first). */
export const LOGIN_RESPONSE_TIMEOUT_MS = 20_000;

/** localStorage keys. `expires_at` holds the access token's expiry in milliseconds since the epoch, as digits. */
export const STORAGE_KEYS = {
  accessToken: 'access_token',
  idToken: 'id_token',
  expiresAt: 'expires_at',
  scopes: 'scopes',
} as const;

/**
 * What is stored: nothing, a usable session, an expired one (worth a silent renewal), or values this app did not
 * write (an access token without a readable expiry), which are dropped without a word.
 */
export type StoredSession = 'none' | 'valid' | 'expired' | 'corrupt';

/** What auth0-js keeps for us across the redirect to the login page (in its state cookie, bound to `state`). */
interface LoginAppState {
  returnTo?: unknown;
}

/**
 * The session, as the rest of the app sees it: start a login at the authorization server, finish it when the
 * browser comes back to /callback, renew it silently, end it, and say whether the stored access token is usable.
 *
 * Tokens live in localStorage, as in the original quickstart, so a reload keeps the session. That also makes them
 * readable by any script on the page: the README says so, and the app keeps its XSS surface small (strict CSP).
 * An expired token counts as no session everywhere, because every reader goes through `isAuthenticated()`.
 */
export class AuthService {
  static $inject = [
    '$window',
    '$q',
    '$location',
    '$timeout',
    '$rootScope',
    'angularAuth0',
    'authManager',
    'sessionNotice',
  ];

  constructor(
    private readonly $window: IWindowService,
    private readonly $q: IQService,
    private readonly $location: ILocationService,
    private readonly $timeout: ITimeoutService,
    private readonly $rootScope: IRootScopeService,
    private readonly angularAuth0: AngularAuth0,
    private readonly authManager: AuthManager,
    private readonly sessionNotice: SessionNotice
  ) {}

  /**
   * Leaves the app for the hosted login page; the browser comes back to /callback and then to `returnTo` (a path
   * of this app, home otherwise). auth0-js keeps `returnTo` in its own state cookie, so it cannot be forged in the URL.
   */
  login(options: { returnTo?: string } = {}): void {
    // The response type, audience, scopes and callback URL are the client's own options (auth0Config).
    const appState: LoginAppState = { returnTo: safeReturnPath(options.returnTo, this.#origin()) };
    this.angularAuth0.authorize({ appState });
  }

  /**
   * Reads the login response from the address bar (auth0-js checks state, nonce and the ID token), stores the
   * session and goes to the page the login started from, replacing the history entry so the tokens leave the
   * address bar and the back button. On failure (or no answer in time) the fragment is removed as well, and the
   * promise rejects with a LoginError whose message is for the user.
   */
  handleAuthentication(): IPromise<void> {
    const checked = this.$q.defer<Auth0DecodedHash>();
    const fail = (message: string, code?: string) => checked.reject(new LoginError(message, code));
    const timer = this.$timeout(
      () => fail('The authorization server did not answer in time. Log in again.', 'timeout'),
      LOGIN_RESPONSE_TIMEOUT_MS
    );
    // angular-auth0 runs this callback inside $evalAsync, so settling the promise here triggers a digest.
    this.angularAuth0.parseHash((error, result) => {
      if (error) checked.reject(describeParseHashError(error));
      else if (!result?.accessToken || !result.idToken || !result.expiresIn) {
        fail('There is no complete login response here (tokens and their lifetime). Log in again.');
      } else checked.resolve(result);
    });
    return checked.promise
      .finally(() => this.$timeout.cancel(timer))
      .then((result) => {
        this.#startSession(result);
        const appState = (result.appState ?? {}) as LoginAppState;
        this.$location.url(safeReturnPath(appState.returnTo, this.#origin())).replace();
      })
      .catch((error: unknown) => {
        // Not through $location: AngularJS applies a hash-only change with `location.replace()`, which reloads the
        // page and loses the error. This takes the fragment out of the address bar and the history entry.
        const { history, location } = this.$window;
        history.replaceState(history.state, '', `${location.pathname}${location.search}`);
        return this.$q.reject(error instanceof LoginError ? error : new LoginError(LOGIN_FAILED));
      });
  }

  /**
   * Asks the authorization server for fresh tokens without leaving the page (auth0-js `checkSession`: a hidden
   * iframe, `prompt=none`, the answer posted back as a web message). Resolves once the new tokens are stored;
   * rejects with a LoginError saying why not (`login_required` when the server's session is gone, `timeout`...).
   * Deciding what a failure means is the caller's job (sessionRenewal ends the session).
   */
  renewTokens(): IPromise<void> {
    return this.$q<Auth0DecodedHash>((resolve, reject) => {
      this.angularAuth0.checkSession({ timeout: RENEWAL.timeoutMs }, (error, result) => {
        if (error || !result?.accessToken || !result.expiresIn) {
          reject(describeRenewalError(error ?? { error: 'invalid_response' }));
        } else resolve(result);
      });
    }).then((result) => this.#startSession(result));
  }

  /** Forgets the session here, then ends it at the authorization server, which sends the browser back home. */
  logout(): void {
    this.forgetSession();
    this.sessionNotice.clear();
    this.angularAuth0.logout({ returnTo: `${this.#origin()}/` });
  }

  /** Forgets the session here only, quietly. */
  forgetSession(): void {
    try {
      for (const key of Object.values(STORAGE_KEYS)) this.$window.localStorage.removeItem(key);
    } catch {
      // Storage can be unavailable (privacy settings); there is then nothing to clear.
    }
    this.authManager.unauthenticate();
  }

  /**
   * Ends a session the user did not choose to end (renewal refused, API refused the token): forgets it, shows
   * `message` with a way to log in again and come back to this page, and tells the router, which leaves a page
   * that needs a login. Never starts a login on its own, so a refusal can never turn into a redirect loop.
   */
  endSession(message: string): void {
    this.forgetSession();
    this.sessionNotice.show(message, safeReturnPath(this.$location.url(), this.#origin()));
    this.$rootScope.$broadcast(SESSION_EVENTS.ended);
  }

  /** True while an access token is stored and its expiry is in the future. Never throws, whatever is stored. */
  isAuthenticated(): boolean {
    return this.storedSession() === 'valid';
  }

  storedSession(): StoredSession {
    if (this.stored(STORAGE_KEYS.accessToken) === null) return 'none';
    const expiresAt = this.expiresAt();
    if (expiresAt === null) return 'corrupt';
    return Date.now() < expiresAt ? 'valid' : 'expired';
  }

  /** The access token while the session lasts, otherwise null. The only way the token leaves this service. */
  getAccessToken(): string | null {
    return this.isAuthenticated() ? this.stored(STORAGE_KEYS.accessToken) : null;
  }

  /**
   * Whether the session's access token is a JWT the API can verify; null without a session. False means the
   * login asked for no audience (or the wrong one): see access-token-format.ts.
   */
  accessTokenIsVerifiable(): boolean | null {
    const token = this.getAccessToken();
    return token === null ? null : isVerifiableJwt(token);
  }

  /** When the stored access token expires (ms since the epoch), or null when there is no usable value. */
  expiresAt(): number | null {
    const value = Number(this.stored(STORAGE_KEYS.expiresAt) ?? NaN);
    return Number.isFinite(value) ? value : null;
  }

  /** The scopes the authorization server granted, as it reported them; empty when logged out. */
  grantedScopes(): string[] {
    if (!this.isAuthenticated()) return [];
    return (this.stored(STORAGE_KEYS.scopes) ?? '').split(' ').filter(Boolean);
  }

  /** A stored value, or null when it is missing, empty or storage cannot be read. */
  stored(key: string): string | null {
    try {
      return this.$window.localStorage.getItem(key) || null;
    } catch {
      return null;
    }
  }

  /** Stores fresh tokens and announces them (renewal scheduling listens). */
  #startSession(result: Auth0DecodedHash): void {
    try {
      const storage = this.$window.localStorage;
      storage.setItem(STORAGE_KEYS.accessToken, result.accessToken ?? '');
      storage.setItem(STORAGE_KEYS.idToken, result.idToken ?? '');
      storage.setItem(STORAGE_KEYS.expiresAt, JSON.stringify(Date.now() + (result.expiresIn ?? 0) * 1000));
      // The scopes as the server reported them, never decoded from the token. Without a `scope` in the response,
      // what was asked was granted (OAuth 2.0, section 5.1).
      storage.setItem(STORAGE_KEYS.scopes, result.scope ?? REQUESTED_SCOPES);
    } catch {
      this.forgetSession();
      throw new LoginError(
        'This browser refused to store your session: allow site data for this site and log in again.',
        'storage_unavailable'
      );
    }
    this.authManager.authenticate();
    this.sessionNotice.clear();
    this.$rootScope.$broadcast(SESSION_EVENTS.started);
  }

  #origin(): string {
    return this.$window.location.origin;
  }
}
