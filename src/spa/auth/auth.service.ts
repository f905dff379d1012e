import type { ILocationService, IPromise, IQService, ITimeoutService, IWindowService } from 'angular';
import { expectedIssuer, requestedScope, type AuthConfig } from './auth-config';
import {
  ALREADY_USED,
  describeAuthorizeError,
  INTERRUPTED,
  LOGIN_FAILED,
  LoginError,
  OTHER_USER,
  UNRECOGNISED_RESPONSE,
} from './auth-error';
import type { Auth0Loader } from './auth0-loader.service';
import { withCrossTabLock } from './cross-tab-lock';
import { accessTokenKind, jwtPayload } from './jwt-payload';
import type { LoginFlow } from './login-flow';
import type { LoginResponse } from './login-response.provider';
import { LoginTransactions } from './login-transaction';
import { RENEWAL, renewalDelayMs, timerDelayMs } from './renewal-timing';
import { safeReturnPath } from './return-path';
import type { SessionNotice } from './session-notice.service';
import { SessionStore, type StoredSession, type TokenSet } from './session-store';

/** What a renewal the caller waited for came to: nothing to do, fresh tokens, or no session any more. */
export type RenewalOutcome = 'unchanged' | 'renewed' | 'ended';

/** What became of the login response this page was opened with: none, being completed, or failed (and why). */
export interface LoginCompletion {
  state: 'none' | 'completing' | 'failed';
  /** For the user, when the login failed. */
  message: string;
}

/** Who is logged in, as the ID token says, what the authorization server granted, and until when. */
export interface SessionUser {
  /** A name, an email or the subject, from the ID token auth0-js checked. */
  name: string | null;
  scopes: string[];
  /** When the access token expires (ms since the epoch); it is renewed before then. */
  expiresAt: number;
}

/** sessionStorage key set on logout, so the page the authorization server sends the browser back to can say so. */
const LOGGED_OUT_MARK = 'logged_out';
/** The Web Lock every tab takes to write the session (see cross-tab-lock.ts). */
const SESSION_LOCK = 'auth-session';
/** How long a tab keeps that lock after writing, so that what it stored reaches the other tabs first. */
const LOCK_HAND_OVER_MS = 500;
/** How long a logout waits for another tab's renewal to finish before it leaves anyway. */
const LOGOUT_SWEEP_MS = 3_000;

/**
 * The session, from login to logout, as one story:
 *
 * 1. `login()` leaves for the hosted login page (through the flow the configuration names).
 * 2. When the page is opened at the callback with a login response, the module completes it (`start()`): the response
 *    must name this issuer and belong to a login this tab started; the tokens are checked, stored as a new session,
 *    and the browser goes back to the page the login started from.
 * 3. While the session lasts, it is renewed before the access token expires (`renew()`), once at a time across all
 *    tabs; the token getter waits for a renewal under way (`freshAccessToken()`), so an expired token is never sent.
 * 4. `logout()` ends the session: its tokens are forgotten, its refresh token revoked, and the server's session ended.
 *    A session that ends without the user asking (renewal refused, the API refused the token) ends the same way,
 *    with a note and "Log in again", never a login started on its own, so a refusal can never loop.
 *
 * **The rule for concurrency: state is written only by the session that still owns it.** Every write names the
 * session it is for (its id, session-store.ts), and the store writes nothing when another session, or none, is stored
 * by then: a renewal answer that lands after a logout (in this tab or another) or after another login is dropped, and
 * the refresh token it brought is revoked. Writes run one tab at a time under a Web Lock, held a moment longer so the
 * next tab reads what was written; a logout ends its session at once, then once more under that lock, so a renewal
 * another tab was finishing meanwhile cannot bring it back.
 *
 * Tokens live in localStorage, as in the original quickstart, so a reload keeps the session; that also makes them
 * readable by any script on the page, which is why an app using this keeps its XSS surface small (a strict CSP).
 */
export class AuthService {
  static $inject = [
    '$window',
    '$q',
    '$location',
    '$timeout',
    'auth0Loader',
    'loginFlow',
    'sessionNotice',
    'authConfig',
    'loginResponse',
  ];

  /** True when this page is where a logout sent the browser back to (until the next login). */
  loggedOut = false;
  completion: LoginCompletion = { state: 'none', message: '' };

  readonly #store: SessionStore;
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
    private readonly config: AuthConfig,
    private readonly loginResponse: LoginResponse | null
  ) {
    this.#store = new SessionStore(() => $window.localStorage);
    this.#logins = new LoginTransactions(() => $window.sessionStorage);
  }

  /** At start-up (auth.module.ts): complete a login response, or pick up the stored session; follow other tabs. */
  start(): void {
    this.loggedOut = this.#takeLoggedOutMark();
    // Another tab logged in, renewed or logged out: follow it. After a logout there, whoever listens is told (a page
    // that needs a login is left; no note, the user chose it).
    this.$window.addEventListener('storage', () => {
      this.$timeout(() => {
        this.#schedule();
        if (this.#store.state() === 'none') this.#announceSessionEnded();
      });
    });
    const stored = this.#store.state();
    if (stored === 'corrupt') this.#store.clear();
    if (stored === 'valid') this.#schedule();
    if (this.loginResponse) {
      // A login that fails leaves the stored session as it was, renewals included.
      void this.#completeLogin(this.loginResponse);
      return;
    }
    if (this.$window.location.pathname === this.config.callbackPath) this.#resumeInterruptedLogin();
    if (stored === 'expired') void this.renew();
    // Logged out, the next step is likely a login: have auth0-js ready by then.
    if (stored !== 'valid') this.auth0Loader.loadWhenIdle();
  }

  /**
   * Leaves the app for the hosted login page; after the login the browser comes back to `returnTo` (a path of this
   * app, home otherwise). If auth0-js cannot be loaded, the note says so and nothing else happens.
   */
  login(options: { returnTo?: string } = {}): IPromise<void> {
    const returnTo = this.#safePath(options.returnTo);
    return this.auth0Loader
      .load()
      .then((webAuth) => this.flow.start(webAuth, this.#logins, returnTo))
      .catch((error: unknown) => {
        this.sessionNotice.show(error instanceof LoginError ? error.message : LOGIN_FAILED, returnTo);
      });
  }

  /**
   * Renews now, or joins the renewal under way. Resolves true when a valid session is stored afterwards, false when
   * there is none (the renewal failed and ended it, or the session ended meanwhile); never rejects.
   *
   * Renewals in this tab are at least RENEWAL.minIntervalMs apart, so that no server answer or clock change can
   * drive a loop: one asked for sooner starts when the interval ends, and whoever waits for a token waits with it.
   * Tabs take turns, and a tab whose turn comes after another tab renewed the same session uses the stored result
   * instead of presenting the refresh token that tab has just rotated out.
   */
  renew(): IPromise<boolean> {
    if (this.#renewal) return this.#renewal;
    this.$timeout.cancel(this.#timer);
    const session = this.#store.current();
    if (!session) return this.$q.resolve(false);
    const sinceLast = this.#sinceLastRenewal();
    const wait = sinceLast === null ? 0 : RENEWAL.minIntervalMs - sinceLast;
    const intervalEnded = wait > 0 ? this.$timeout(wait) : this.$q.resolve();
    const renewed = intervalEnded.then(() => this.#underSessionLock(() => this.#renewUnlessDone(session)));
    this.#renewal = this.$q
      .when(renewed)
      .then(
        () => {
          this.#lastRenewalAt = this.$window.performance.now();
          this.#schedule();
          return this.#store.state() === 'valid';
        },
        (error: unknown) => {
          // Ends only the session this renewal was for: another may have been stored meanwhile.
          this.#endWithNote(session.id, error instanceof LoginError ? error.message : LOGIN_FAILED);
          return false;
        }
      )
      .finally(() => {
        this.#renewal = null;
      });
    return this.#renewal;
  }

  /**
   * For code about to decide whether there is a session (a route guard, the token getter): finishes a renewal
   * under way, or renews an expired session, first. Never rejects.
   */
  settle(): IPromise<RenewalOutcome> {
    if (!this.#renewal && this.#store.state() !== 'expired') return this.$q.resolve('unchanged');
    return this.renew().then((renewed) => (renewed ? 'renewed' : 'ended'));
  }

  /** The access token for an API call: after any renewal due, and null without a session. */
  freshAccessToken(): IPromise<string | null> {
    return this.settle().then(() => this.#store.accessToken());
  }

  /** Whether `token` is the access token of the session stored now (an answer to it speaks of this session). */
  isCurrentAccessToken(token: string): boolean {
    return token === this.#store.accessToken();
  }

  /**
   * Ends the session: its tokens are forgotten here, its refresh token revoked, then the authorization server's
   * session is ended, which sends the browser back home, where the page says you logged out.
   */
  logout(): IPromise<void> {
    const ended = this.#end(this.#store.id());
    this.sessionNotice.clear();
    this.#logins.clear();
    const sweepLimit = this.$timeout(LOGOUT_SWEEP_MS);
    const sweptOrLimit = this.$q.race([ended, sweepLimit]).finally(() => this.$timeout.cancel(sweepLimit));
    return this.$q
      .all([this.auth0Loader.load(), sweptOrLimit])
      .then(([webAuth]) => {
        this.$window.sessionStorage.setItem(LOGGED_OUT_MARK, '1');
        webAuth.logout({ returnTo: `${this.$window.location.origin}/` });
      })
      .catch(() => {
        this.loggedOut = true;
      });
  }

  /**
   * Ends a session the user did not choose to end (renewal refused, API refused the token): ends it as a logout
   * does, without leaving the page, shows `message` with a way to log in again and come back to this page, and tells
   * whoever listens (the router leaves a page that needs a login).
   */
  endSession(message: string): void {
    this.#endWithNote(this.#store.id(), message);
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
    return this.#store.state() === 'valid';
  }

  /** Who is logged in, with what and until when; null without a valid session. */
  get user(): SessionUser | null {
    const expiresAt = this.#store.expiresAt();
    if (!this.isAuthenticated() || expiresAt === null) return null;
    const claims = this.#store.idClaims();
    const name = claims?.name ?? claims?.email ?? claims?.nickname ?? claims?.sub;
    return { name: typeof name === 'string' && name ? name : null, scopes: this.#store.scopes(), expiresAt };
  }

  /**
   * Whether the session's access token is a JWT the API can verify; null without a session. `opaque` means the
   * login asked for no audience (or the wrong one): a page can name the setting to fix.
   */
  accessTokenKind(): 'jwt' | 'opaque' | null {
    const token = this.#store.accessToken();
    return token === null ? null : accessTokenKind(token) === 'jwt' ? 'jwt' : 'opaque';
  }

  /**
   * Completes the login the page was opened with (its response was taken out of the address bar as the module
   * loaded, auth.module.ts). The response must name the issuer this app trusts when it names one (RFC 9207) and
   * carry the `state` of a login this tab started, used once, or nothing else in it is looked at. A failed login
   * leaves any existing session alone.
   */
  #completeLogin(response: LoginResponse): IPromise<void> {
    this.completion = { state: 'completing', message: '' };
    const fail = (message: string) => {
      this.completion = { state: 'failed', message };
    };
    if (response.iss !== null && response.iss !== expectedIssuer(this.config)) {
      fail(UNRECOGNISED_RESPONSE);
      return this.$q.resolve();
    }
    const taken = this.#logins.take(response.state);
    if (!taken) {
      fail(UNRECOGNISED_RESPONSE);
      return this.$q.resolve();
    }
    if ('used' in taken) {
      // A reload or a reopened link: the login went through, or it did not; never twice.
      if (!this.isAuthenticated()) fail(ALREADY_USED);
      else {
        this.completion = { state: 'none', message: '' };
        this.#goTo(taken.used.returnTo);
      }
      return this.$q.resolve();
    }
    const login = taken.started;
    if (response.error) {
      this.#logins.completed(login.state);
      fail(describeAuthorizeError(response.error, response.errorDescription).message);
      return this.$q.resolve();
    }
    return (
      this.auth0Loader
        .load()
        .then((webAuth) => this.flow.finish(webAuth, response, login))
        .then((tokens) => this.#underSessionLock(() => this.#startSession(tokens)))
        .then(() => {
          this.loggedOut = false;
          this.completion = { state: 'none', message: '' };
          this.#goTo(login.returnTo);
        })
        .catch((error: unknown) => fail(error instanceof LoginError ? error.message : LOGIN_FAILED))
        // Succeeded or failed, this login came to an end: only a page that went away meanwhile leaves it unfinished.
        .finally(() => this.#logins.completed(login.state))
    );
  }

  /**
   * The callback page opened without a login response: a reload, or the browser restored it, while a login was
   * completing. If a session is stored by now, carry on to where that login was going; otherwise say what happened.
   */
  #resumeInterruptedLogin(): void {
    const interrupted = this.#logins.interrupted();
    if (!interrupted) return;
    if (this.isAuthenticated()) this.#goTo(interrupted.returnTo);
    else this.completion = { state: 'failed', message: INTERRUPTED };
  }

  /** Stores a login's tokens as a new session; the session it replaces ends, its refresh token revoked. */
  #startSession(tokens: TokenSet): IPromise<boolean> {
    let replaced: StoredSession | null;
    try {
      replaced = this.#store.start(tokens, requestedScope(this.config)).replaced;
    } catch {
      return this.$q.reject(
        new LoginError(
          'This browser refused to store your session: allow site data for this site and log in again.',
          'storage_unavailable'
        )
      );
    }
    this.sessionNotice.clear();
    this.#schedule();
    void this.#revoke(replaced?.refreshToken);
    return this.$q.resolve(true);
  }

  /**
   * Under the session lock: renews `session` unless another tab has renewed it meanwhile (its tokens are stored: use
   * them) or it has ended (logged out, or replaced by another login: nothing to do for it). The answer is stored only
   * if `session` is still the stored one by then; otherwise it is dropped and its refresh token revoked.
   */
  #renewUnlessDone(session: StoredSession): IPromise<boolean> {
    const stored = this.#store.current();
    if (stored?.id !== session.id) return this.$q.resolve(false);
    if (stored.accessToken !== session.accessToken && this.#store.state() === 'valid') return this.$q.resolve(false);
    return this.auth0Loader
      .load()
      .then((webAuth) => this.flow.renew(webAuth, stored.refreshToken))
      .then((tokens) => {
        const subject = jwtPayload(stored.idToken ?? '')?.sub;
        if (typeof subject !== 'string' || jwtPayload(tokens.idToken)?.sub !== subject) {
          void this.#revoke(tokens.refreshToken);
          return this.$q.reject(new LoginError(OTHER_USER, 'invalid_token'));
        }
        const written = this.#store.renew(session.id, tokens, requestedScope(this.config));
        if (!written) void this.#revoke(tokens.refreshToken);
        return written;
      });
  }

  /**
   * Ends session `id`: forgets it now and revokes its refresh token; then once more under the session lock, so that
   * a renewal another tab was finishing cannot bring it back. Another session stored meanwhile is left alone.
   */
  #end(id: string | null): IPromise<void> {
    this.$timeout.cancel(this.#timer);
    if (id === null) {
      this.#store.clear();
      return this.$q.resolve();
    }
    // Waits for the revocation: a page that leaves right after (a logout) would cancel it.
    const endNow = () => {
      const ended = this.#store.end(id);
      return this.#revoke(ended?.refreshToken).then(() => ended !== null);
    };
    return this.$q.all([endNow(), this.#underSessionLock(endNow)]).then(() => undefined);
  }

  #endWithNote(id: string | null, message: string): void {
    if (id !== this.#store.id()) return;
    void this.#end(id);
    this.sessionNotice.show(message, this.#safePath(this.$location.url()));
    this.#announceSessionEnded();
  }

  /** Revocation is best effort: a token is forgotten here whatever the server answers. */
  #revoke(refreshToken: string | null | undefined): IPromise<void> {
    return refreshToken ? this.flow.revoke(refreshToken).catch(() => undefined) : this.$q.resolve();
  }

  /**
   * Runs `task` while no other tab writes the session. When it says it wrote, the lock is kept a moment longer, for
   * the write to reach the other tabs before their turn.
   */
  #underSessionLock(task: () => IPromise<boolean>): IPromise<void> {
    let wrote = false;
    const run = () => task().then((written) => void (wrote = written));
    const handOver = () => (wrote ? this.$timeout(LOCK_HAND_OVER_MS, false) : this.$q.resolve());
    return this.$q.when(withCrossTabLock(this.$window.navigator, SESSION_LOCK, run, handOver));
  }

  /** Plans the next renewal for the stored session, replacing any earlier plan; none without a valid session. */
  #schedule(): void {
    this.$timeout.cancel(this.#timer);
    const expiresAt = this.#store.expiresAt();
    if (this.#store.state() !== 'valid' || expiresAt === null) return;
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

  #goTo(returnTo: string): void {
    this.$location.url(this.#safePath(returnTo)).replace();
  }

  #safePath(value: unknown): string {
    return safeReturnPath(value, this.$window.location.origin, this.config.callbackPath);
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
}
