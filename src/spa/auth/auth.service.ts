import type { ILocationService, IPromise, IQService, IWindowService } from 'angular';
import type { AngularAuth0 } from 'angular-auth0';
import type { AuthManager } from 'angular-jwt';
import type { Auth0DecodedHash } from 'auth0-js';
import type { AppConfig } from '../config/app-config';
import { describeParseHashError, LoginError } from './auth-error';

/** Requested on every login: the API's `read:messages` is what the scoped ping needs. */
export const REQUESTED_SCOPES = 'openid profile read:messages';
export const RESPONSE_TYPE = 'token id_token';

/** localStorage keys. `expires_at` holds the access token's expiry as JSON milliseconds since the epoch. */
export const STORAGE_KEYS = {
  accessToken: 'access_token',
  idToken: 'id_token',
  expiresAt: 'expires_at',
  scopes: 'scopes',
} as const;

/**
 * The session, as the rest of the app sees it: start a login at the authorization server, finish it when the
 * browser comes back to /callback, end it, and say whether the stored access token is still usable.
 *
 * Tokens live in localStorage, as in the original quickstart, so a reload keeps the session. That also makes them
 * readable by any script on the page: the README says so, and the app keeps its XSS surface small.
 */
export class AuthService {
  static $inject = ['$window', '$q', '$location', 'angularAuth0', 'authManager', 'appConfig'];

  constructor(
    private readonly $window: IWindowService,
    private readonly $q: IQService,
    private readonly $location: ILocationService,
    private readonly angularAuth0: AngularAuth0,
    private readonly authManager: AuthManager,
    private readonly appConfig: AppConfig
  ) {}

  /** Leaves the app for the hosted login page; the browser comes back to /callback. */
  login(): void {
    this.angularAuth0.authorize({
      responseType: RESPONSE_TYPE,
      audience: this.appConfig.audience,
      scope: REQUESTED_SCOPES,
      redirectUri: this.redirectUri(),
    });
  }

  /**
   * Reads the login response from the address bar (auth0-js checks state, nonce and the ID token), stores the
   * session and goes home, replacing the history entry so the tokens leave the address bar and the back button.
   * On failure the fragment is removed as well, and the promise rejects with a LoginError whose message is for the
   * user.
   */
  handleAuthentication(): IPromise<void> {
    return this.$q<Auth0DecodedHash>((resolve, reject) => {
      // angular-auth0 runs this callback inside $evalAsync, so settling the promise here triggers a digest.
      this.angularAuth0.parseHash((error, result) => {
        if (error) reject(describeParseHashError(error));
        else if (!result) reject(new LoginError('There is no login response here to complete. Log in again.'));
        else if (!result.accessToken || !result.idToken || !result.expiresIn) {
          reject(
            new LoginError('The login response is incomplete (a token or its lifetime is missing). Log in again.')
          );
        } else resolve(result);
      });
    }).then(
      (result) => {
        this.storeSession(result);
        this.authManager.authenticate();
        this.$location.url('/').replace();
      },
      (error: LoginError) => {
        this.removeFragment();
        return this.$q.reject(error);
      }
    );
  }

  /** Forgets the session here, then ends it at the authorization server, which sends the browser back home. */
  logout(): void {
    this.forgetSession();
    this.angularAuth0.logout({ returnTo: `${this.$window.location.origin}/`, clientID: this.appConfig.clientId });
  }

  /**
   * Forgets the session here only. For when the API refuses the stored token (401): the app then shows Log in again
   * rather than a session that no longer works, and never redirects on its own, so there is no login loop.
   */
  forgetSession(): void {
    this.clearSession();
    this.authManager.unauthenticate();
  }

  /** True while an access token is stored and its expiry is in the future. Never throws, whatever is stored. */
  isAuthenticated(): boolean {
    const expiresAt = this.expiresAt();
    return this.read(STORAGE_KEYS.accessToken) !== null && expiresAt !== null && Date.now() < expiresAt;
  }

  /** The access token while the session lasts, otherwise null. */
  getAccessToken(): string | null {
    return this.isAuthenticated() ? this.read(STORAGE_KEYS.accessToken) : null;
  }

  /** When the stored access token expires (ms since the epoch), or null when there is no usable value. */
  expiresAt(): number | null {
    const raw = this.read(STORAGE_KEYS.expiresAt);
    if (raw === null) return null;
    try {
      const value: unknown = JSON.parse(raw);
      return typeof value === 'number' && Number.isFinite(value) ? value : null;
    } catch {
      return null;
    }
  }

  /** The scopes the authorization server granted, as it reported them; empty when logged out. */
  grantedScopes(): string[] {
    if (!this.isAuthenticated()) return [];
    return (this.read(STORAGE_KEYS.scopes) ?? '').split(' ').filter(Boolean);
  }

  private storeSession(result: Auth0DecodedHash): void {
    const storage = this.$window.localStorage;
    storage.setItem(STORAGE_KEYS.accessToken, result.accessToken ?? '');
    storage.setItem(STORAGE_KEYS.idToken, result.idToken ?? '');
    storage.setItem(STORAGE_KEYS.expiresAt, JSON.stringify(Date.now() + (result.expiresIn ?? 0) * 1000));
    // The server may grant less than was asked; without a `scope` in the response, what was asked was granted.
    storage.setItem(STORAGE_KEYS.scopes, result.scope ?? REQUESTED_SCOPES);
  }

  private clearSession(): void {
    for (const key of Object.values(STORAGE_KEYS)) {
      try {
        this.$window.localStorage.removeItem(key);
      } catch {
        // Storage can be unavailable (privacy settings); there is then nothing to clear.
      }
    }
  }

  /** A stored value, or null when it is missing, empty or storage cannot be read. */
  private read(key: string): string | null {
    try {
      return this.$window.localStorage.getItem(key) || null;
    } catch {
      return null;
    }
  }

  /**
   * Takes the fragment out of the address bar and the history entry, staying on this page. Not through $location:
   * AngularJS applies a hash-only change with `location.replace()`, which reloads the page and loses the error.
   */
  private removeFragment(): void {
    const { history, location } = this.$window;
    history.replaceState(history.state, '', `${location.pathname}${location.search}`);
  }

  private redirectUri(): string {
    return `${this.$window.location.origin}/callback`;
  }
}
