import type { ILocationService, IPromise, IQService, ITimeoutService, IWindowService } from 'angular';
import type { AppConfig } from '../config/app-config';
import type { Auth0Loader } from './auth0-loader.service';
import { requestedScopes } from './auth0.config';
import { describeAuthorizeError, LOGIN_FAILED, LoginError, UNRECOGNISED_RESPONSE } from './auth-error';
import { withCrossTabLock } from './cross-tab-lock';
import { accessTokenKind } from './jwt-payload';
import type { LoginFlow } from './login-flow';
import { LoginTransactions } from './login-transaction';
import { RENEWAL, renewalDelayMs, timerDelayMs } from './renewal-timing';
import { safeReturnPath } from './return-path';
import type { SessionNotice } from './session-notice.service';
import { SessionStore, type TokenSet } from './session-store';

/** What a renewal the caller waited for came to: nothing to do, fresh tokens, or no session any more. */
export type RenewalOutcome = 'unchanged' | 'renewed' | 'ended';

/** sessionStorage key set on logout, so the page the authorization server sends the browser back to can say so. */
const LOGGED_OUT_MARK = 'logged_out';
/** The Web Lock every tab takes to renew (see cross-tab-lock.ts). */
const RENEWAL_LOCK = 'quickstart-session-renewal';
/** How long a tab keeps that lock after its renewal, so that the tokens it stored reach the other tabs first. */
const LOCK_HAND_OVER_MS = 500;

/**
 * The session, from login to logout, as one story:
 *
 * 1. `login()` leaves for the hosted login page (through the flow AUTH0_FLOW picks, login-flow.factory.ts).
 * 2. `handleCallback()` finishes it on /callback: the response must belong to a login this tab started; the tokens
 *    are checked, stored (session-store.ts) and the browser goes back to the page the login started from.
 * 3. While the session lasts, it is renewed before the access token expires (`renew()`), once at a time across all
 *    tabs; the token getter waits for a renewal under way (`freshAccessToken()`), so an expired token is never sent.
 * 4. `logout()` forgets the tokens, revokes the refresh token and ends the server's session. A session that ends
 *    without the user asking (renewal refused, the API refused the token) goes through `endSession()`: a note and
 *    "Log in again", never a login started on its own, so a refusal can never loop.
 *
 * Tokens live in localStorage, as in the original quickstart, so a reload keeps the session; that also makes them
 * readable by any script on the page, which is why the app keeps its XSS surface small (strict CSP).
 */
export class AuthService {
  static $inject = ['$window', '$q', '$location', '$timeout', 'auth0Loader', 'loginFlow', 'sessionNotice', 'appConfig'];

  readonly session: SessionStore;
  /** True when this page is where a logout sent the browser back to (until the next login). */
  loggedOut = false;

  readonly #logins: LoginTransactions;
  readonly #sessionEndedListeners = new Set<() => void>();
  #timer?: IPromise<unknown>;
  #renewal: IPromise<boolean> | null = null;
  /** When this tab last renewed, on the monotonic clock (performance.now), or null. */
  #lastRenewalAt: number | null = null;

  constructor(
    private readonly $window: IWindowService,
    private readonly $q: IQService,
    private readonly $location: ILocationService,
    private readonly $timeout: ITimeoutService,
    private readonly auth0Loader: Auth0Loader,
    private readonly flow: LoginFlow,
    private readonly sessionNotice: SessionNotice,
    private readonly appConfig: AppConfig
  ) {
    this.session = new SessionStore(() => $window.localStorage);
    this.#logins = new LoginTransactions(() => $window.sessionStorage);
  }

  /** At start-up (auth.run.ts): pick up the stored session, and follow the other tabs'. */
  start(): void {
    this.loggedOut = this.#takeLoggedOutMark();
    // Another tab logged in, renewed or logged out: follow it. After a logout there, a page that needs a login is
    // left here too (no note: the user chose it).
    this.$window.addEventListener('storage', () => {
      this.$timeout(() => {
        this.#schedule();
        if (this.session.state() === 'none') this.#announceSessionEnded();
      });
    });
    // The callback page is finishing a login that will replace whatever is stored. It needs auth0-js: fetching it
    // now, while AngularJS compiles the page, saves the login that wait.
    if (this.$location.path() === '/callback') {
      void this.auth0Loader.load().catch(() => undefined);
      return;
    }
    const stored = this.session.state();
    if (stored === 'valid') this.#schedule();
    else if (stored === 'expired') void this.renew();
    else if (stored === 'corrupt') this.session.clear();
    // Logged out, the next step is likely a login: have auth0-js ready by then.
    if (stored !== 'valid') this.auth0Loader.loadWhenIdle();
  }

  /**
   * Leaves the app for the hosted login page; after the login the browser comes back to `returnTo` (a path of this
   * app, home otherwise). If auth0-js cannot be loaded, the note says so and nothing else happens.
   */
  login(options: { returnTo?: string } = {}): IPromise<void> {
    const returnTo = safeReturnPath(options.returnTo, this.#origin());
    return this.auth0Loader
      .load()
      .then((webAuth) => this.flow.start(webAuth, this.#logins, returnTo))
      .catch((error: unknown) => {
        this.sessionNotice.show(error instanceof LoginError ? error.message : LOGIN_FAILED, returnTo);
      });
  }

  /**
   * Finishes the login on /callback. First the code (or the tokens) leave the address bar and this history entry;
   * then the response must carry the `state` of a login this tab started, used once, or nothing in it is looked at.
   * Rejects with a LoginError whose message is for the user; a failed login leaves any existing session alone.
   */
  handleCallback(): IPromise<void> {
    const { history, location } = this.$window;
    const response = this.flow.readResponse(location);
    // Not through $location: AngularJS applies a hash-only change with `location.replace()`, which reloads the page.
    history.replaceState(history.state, '', location.pathname);
    const login = this.#logins.take(response.state);
    if (!login) return this.$q.reject(new LoginError(UNRECOGNISED_RESPONSE, 'unknown_state'));
    if (response.error) return this.$q.reject(describeAuthorizeError(response.error, response.errorDescription));
    return this.auth0Loader
      .load()
      .then((webAuth) => this.flow.finish(webAuth, response, login))
      .then((tokens) => {
        this.#store(tokens);
        this.loggedOut = false;
        this.$location.url(login.returnTo).replace();
      })
      .catch((error: unknown) => this.$q.reject(error instanceof LoginError ? error : new LoginError(LOGIN_FAILED)));
  }

  /**
   * Renews now, or joins the renewal under way. Resolves true when a valid session is stored afterwards, false when
   * there is none (the renewal failed and ended it); never rejects.
   *
   * Renewals in this tab are at least RENEWAL.minIntervalMs apart, so that no server answer or clock change can
   * drive a loop: one asked for sooner starts when the interval ends, and whoever waits for a token waits with it.
   * Tabs take turns (a Web Lock), and a tab whose turn comes after another tab renewed the same session uses the
   * stored result instead of presenting the refresh token that tab has just rotated out.
   */
  renew(): IPromise<boolean> {
    if (this.#renewal) return this.#renewal;
    this.$timeout.cancel(this.#timer);
    // Identifies the session this renewal is for: another login or renewal stores another access token.
    const before = this.session.storedAccessToken();
    const sinceLast = this.#sinceLastRenewal();
    const wait = sinceLast === null ? 0 : RENEWAL.minIntervalMs - sinceLast;
    const intervalEnded = wait > 0 ? this.$timeout(wait) : this.$q.resolve();
    const renewed = intervalEnded.then(() =>
      withCrossTabLock(
        this.$window.navigator,
        RENEWAL_LOCK,
        () => this.#renewUnlessDone(before),
        () => this.$timeout(LOCK_HAND_OVER_MS, false)
      )
    );
    this.#renewal = this.$q
      .when(renewed)
      .then(
        () => {
          this.#lastRenewalAt = this.$window.performance.now();
          this.#schedule();
          return true;
        },
        (error: unknown) => {
          // Only end the session this renewal was for: a login in another tab may have stored a new one meanwhile.
          if (before !== null && this.session.storedAccessToken() === before) {
            this.endSession(error instanceof LoginError ? error.message : LOGIN_FAILED);
          }
          return false;
        }
      )
      .finally(() => {
        this.#renewal = null;
      });
    return this.#renewal;
  }

  /**
   * For code about to decide whether there is a session (the route guard, the token getter): finishes a renewal
   * under way, or renews an expired session, first. Never rejects.
   */
  settle(): IPromise<RenewalOutcome> {
    if (!this.#renewal && this.session.state() !== 'expired') return this.$q.resolve('unchanged');
    return this.renew().then((renewed) => (renewed ? 'renewed' : 'ended'));
  }

  /** The access token for an API call: after any renewal due, and null without a session. */
  freshAccessToken(): IPromise<string | null> {
    return this.settle().then(() => this.session.accessToken());
  }

  /**
   * Forgets the session here, revokes its refresh token, then ends the authorization server's session, which sends
   * the browser back home, where the page says you logged out.
   */
  logout(): IPromise<void> {
    const refreshToken = this.session.refreshToken();
    this.#forget();
    this.sessionNotice.clear();
    this.#logins.clear();
    return this.auth0Loader
      .load()
      .then((webAuth) =>
        // Revocation is best effort: the token is forgotten here whatever the server answers.
        this.flow
          .revoke(refreshToken)
          .catch(() => undefined)
          .then(() => {
            this.$window.sessionStorage.setItem(LOGGED_OUT_MARK, '1');
            webAuth.logout({ returnTo: `${this.#origin()}/` });
          })
      )
      .catch(() => {
        this.loggedOut = true;
      });
  }

  /**
   * Ends a session the user did not choose to end (renewal refused, API refused the token): forgets it, shows
   * `message` with a way to log in again and come back to this page, and tells whoever listens (the router leaves
   * a page that needs a login).
   */
  endSession(message: string): void {
    this.#forget();
    this.sessionNotice.show(message, safeReturnPath(this.$location.url(), this.#origin()));
    this.#announceSessionEnded();
  }

  /** Calls `listener` whenever the session ends without this tab's user logging out; returns the unsubscribe. */
  onSessionEnded(listener: () => void): () => void {
    this.#sessionEndedListeners.add(listener);
    return () => this.#sessionEndedListeners.delete(listener);
  }

  /** True while a renewal is under way: pages say "Checking your session" rather than "not logged in". */
  get renewing(): boolean {
    return this.#renewal !== null;
  }

  /** True while an access token is stored and its expiry is in the future. Never throws, whatever is stored. */
  isAuthenticated(): boolean {
    return this.session.state() === 'valid';
  }

  /**
   * Whether the session's access token is a JWT the API can verify; null without a session. `opaque` means the
   * login asked for no audience (or the wrong one): the ping page names the setting to fix.
   */
  accessTokenKind(): 'jwt' | 'opaque' | null {
    const token = this.session.accessToken();
    return token === null ? null : accessTokenKind(token) === 'jwt' ? 'jwt' : 'opaque';
  }

  /**
   * Under the renewal lock: renews the session whose access token was `before`, unless another tab has renewed it
   * meanwhile (its tokens are stored: use them) or it has ended (logged out here or in another tab).
   */
  #renewUnlessDone(before: string | null): IPromise<void> {
    if (this.session.storedAccessToken() === null) return this.$q.reject(new LoginError(LOGIN_FAILED));
    if (this.session.storedAccessToken() !== before && this.session.state() === 'valid') return this.$q.resolve();
    return this.auth0Loader
      .load()
      .then((webAuth) => this.flow.renew(webAuth, this.session.refreshToken()))
      .then((tokens) => this.#store(tokens));
  }

  #store(tokens: TokenSet): void {
    try {
      this.session.save(tokens, requestedScopes(this.appConfig));
    } catch {
      throw new LoginError(
        'This browser refused to store your session: allow site data for this site and log in again.',
        'storage_unavailable'
      );
    }
    this.sessionNotice.clear();
    this.#schedule();
  }

  #forget(): void {
    this.$timeout.cancel(this.#timer);
    this.session.clear();
  }

  /** Plans the next renewal for the stored session, replacing any earlier plan; none without a valid session. */
  #schedule(): void {
    this.$timeout.cancel(this.#timer);
    const expiresAt = this.session.expiresAt();
    if (this.session.state() !== 'valid' || expiresAt === null) return;
    const delay = renewalDelayMs(expiresAt, Date.now(), this.#sinceLastRenewal());
    // A renewal further away than a browser timer holds is planned again when the timer fires.
    this.#timer = this.$timeout(
      () => (delay > RENEWAL.maxTimerMs ? this.#schedule() : void this.renew()),
      timerDelayMs(delay)
    );
  }

  #sinceLastRenewal(): number | null {
    return this.#lastRenewalAt === null ? null : this.$window.performance.now() - this.#lastRenewalAt;
  }

  #announceSessionEnded(): void {
    for (const listener of this.#sessionEndedListeners) listener();
  }

  #takeLoggedOutMark(): boolean {
    try {
      const marked = this.$window.sessionStorage.getItem(LOGGED_OUT_MARK) !== null;
      this.$window.sessionStorage.removeItem(LOGGED_OUT_MARK);
      return marked;
    } catch {
      return false;
    }
  }

  #origin(): string {
    return this.$window.location.origin;
  }
}
