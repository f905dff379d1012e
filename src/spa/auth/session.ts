import type {
  IHttpResponse,
  IHttpService,
  ILocationService,
  IPromise,
  IQService,
  IRequestConfig,
  IRootScopeService,
  ITimeoutService,
  IWindowService,
} from 'angular';
import { isApiOrigin } from './api-token';
import { requestedScope, type SessionConfig } from './auth-config';
import type { Auth0Loader } from './auth0-loader';
import type { Dpop } from './dpop';
import { Discovery } from './discovery';
import { withCrossTabLock } from './cross-tab-lock';
import type { LoginCompletion, SessionNotice, SessionUser } from './index';
import { accessTokenKind, jwtPayload } from './jwt-payload';
import type { LoginFlow } from './login-flow';
import type { LoginResponse } from './login-response';
import { LoginTransactions } from './login-transaction';
import { RENEWAL, renewalDelayMs, timerDelayMs } from './renewal-timing';
import { safeReturnPath } from './return-path';
import { asSessionError, bounded, describeAuthorizeError, SENTENCES, SessionError } from './session-errors';
import { SessionStore, type StoredSession, type TokenSet } from './session-store';
import { loadUserInfo } from './userinfo';

/** What a renewal the caller waited for came to: nothing to do, fresh tokens, or no session any more. */
export type RenewalOutcome = 'unchanged' | 'renewed' | 'ended';

/** sessionStorage key set on logout, so the page the authorization server sends the browser back to can say so. */
const LOGGED_OUT_MARK = 'authSession.loggedOut';
/** The Web Lock every tab takes to write the session (see cross-tab-lock.ts). */
const SESSION_LOCK = 'authSession';
/** How long a tab keeps that lock after writing, for what it stored to reach the other tabs (see the README). */
const LOCK_HAND_OVER_MS = 500;
/** How long a logout waits for another tab's renewal or login to finish before it leaves anyway. */
const LOGOUT_SWEEP_MS = 3_000;

const NO_COMPLETION: LoginCompletion = Object.freeze({ state: 'none', code: null, message: '' });

/**
 * The session, from login to logout, as one story (a host sees it as `authSession`, index.ts): `login()` leaves for the
 * hosted login page; `start()` completes the login response the page was opened with; `renew()` keeps the tokens
 * fresh, one tab at a time; `logout()` ends it here and at the server. A session that ends without the user asking
 * ends with a notice and "Log in again", never a login started on its own, so a refusal can never loop.
 *
 * **The rule for concurrency: state is written only by the session that still owns it** (session-store.ts says how).
 * Writes run one tab at a time under a Web Lock, held 500 ms after a write so the next tab reads it; a logout sweeps,
 * under that lock, what a login or renewal in another tab wrote meanwhile, waiting at most 3 s for it. The module's
 * README says what each timing rests on, and what happens past it.
 */
export class Session {
  static $inject = [
    '$window',
    '$q',
    '$location',
    '$timeout',
    '$http',
    '$rootScope',
    'config',
    'loginResponse',
    'auth0',
    'flow',
    'dpop',
  ];

  /** True when this page is where a logout sent the browser back to (until the next login). */
  loggedOut = false;
  completion: LoginCompletion = NO_COMPLETION;
  notice: SessionNotice | null = null;

  readonly #store: SessionStore;
  readonly #logins: LoginTransactions;
  readonly #discovery: Discovery;
  readonly #sessionEndedListeners = new Set<() => void>();
  #timer?: IPromise<unknown>;
  #renewal: IPromise<boolean> | null = null;
  /** When this tab last renewed, on the monotonic clock (performance.now), or null. */
  #lastRenewalAt: number | null = null;
  /** Where the login the page was opened with was going, when it failed: a new login from the callback goes there. */
  #failedReturnTo: string | null = null;
  /** `user` as last worked out, for the stored session it was worked out from. */
  #user: { from: StoredSession; user: SessionUser } | null = null;

  constructor(
    private readonly $window: IWindowService,
    private readonly $q: IQService,
    private readonly $location: ILocationService,
    private readonly $timeout: ITimeoutService,
    $http: IHttpService,
    private readonly $rootScope: IRootScopeService,
    private readonly config: SessionConfig,
    private readonly loginResponse: LoginResponse | null,
    private readonly auth0: Auth0Loader,
    private readonly flow: LoginFlow,
    private readonly dpop: Dpop | null
  ) {
    this.#store = new SessionStore(
      () => $window.localStorage,
      (loggedOut) => this.#endedElsewhere(loggedOut)
    );
    this.#logins = new LoginTransactions(() => $window.sessionStorage);
    this.#discovery = new Discovery($http, config.issuer);
  }

  get homePath(): string {
    return this.config.homePath;
  }

  /** At start-up (auth-session.module.ts): complete a login response, or pick up the stored session; follow other tabs. */
  start(): void {
    this.loggedOut = this.#takeLoggedOutMark();
    // Another tab logged in, renewed or logged out: follow it. Only this module's keys concern it.
    this.$window.addEventListener('storage', (event: StorageEvent) => {
      if (SessionStore.watches(event.key)) this.$timeout(() => this.#followStorage());
    });
    if (this.#store.stale()) this.#store.clear();
    const stored = this.#store.state();
    if (stored === 'valid') this.#schedule();
    if (this.loginResponse) {
      // A login that fails leaves the stored session as it was, renewals included.
      void this.#completeLogin(this.loginResponse);
      return;
    }
    if (this.$window.location.pathname === this.config.callbackPath) this.#resumeInterruptedLogin();
    if (stored === 'expired') void this.renew();
    // Logged out, the next step is likely a login: have auth0-js ready by then.
    if (stored !== 'valid') this.auth0.loadWhenIdle();
  }

  /** Leaves for the login page, to come back to `returnTo` (a path of this app); a failure is the notice's. */
  login(options: { returnTo?: string } = {}): IPromise<void> {
    const fromCallback = (options.returnTo ?? '').split(/[?#]/)[0] === this.config.callbackPath;
    const returnTo = fromCallback && this.#failedReturnTo ? this.#failedReturnTo : this.#safePath(options.returnTo);
    return this.auth0
      .load()
      .then((webAuth) => this.flow.start(webAuth, this.#logins, { returnTo, epoch: this.#store.freshEpoch() }))
      .catch((error: unknown) => this.#showNotice(asSessionError(error), returnTo, 'Log in'));
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
        // Ends only the session this renewal was for: another may have been stored meanwhile.
        (error: unknown) => {
          this.#endWithNotice(session.id, asSessionError(error));
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
    if (!this.#renewal && this.#store.state() !== 'expired') return this.$q.resolve('unchanged');
    return this.renew().then((renewed) => (renewed ? 'renewed' : 'ended'));
  }

  /** The access token for an API call: after any renewal due, and null without a session. */
  freshAccessToken(): IPromise<string | null> {
    return this.settle().then(() => this.#store.accessToken());
  }

  /** Whether a request to `url` goes to the API's exact origin, the only one the access token is sent to. */
  isApiRequest(url: string): boolean {
    return isApiOrigin(url, this.config.apiUrl, this.$window.document.baseURI);
  }

  /**
   * With DPoP, puts the proof that goes with `token` on the API request `request`, made now, for its method and URL;
   * resolves with the token. Without the session's key (site data cleared), the session ends with the notice.
   */
  proveFor(request: IRequestConfig, token: string): IPromise<string | null> {
    const keyId = this.#store.current()?.dpopKeyId;
    if (!this.dpop || !keyId) return this.$q.resolve(token);
    return this.dpop.proof(keyId, request.method, request.url, token).then(
      (proof) => {
        request.headers = { ...request.headers, DPoP: proof };
        return token;
      },
      () => {
        this.endIfRefused(token, new SessionError('key_unavailable'));
        return null;
      }
    );
  }

  /** With DPoP, keeps a nonce the API asked for; true when `response` asked for one (worth one more try). */
  tookNonce(response: IHttpResponse<unknown>): boolean {
    return this.dpop?.tookNonce(response) ?? false;
  }

  /**
   * The API refused `token` (401): when it is the session's current access token, and a JWT (a token that is no JWT
   * is refused however often the user logs in), the session ends with the notice.
   */
  endIfRefused(token: string, why = new SessionError('token_refused')): void {
    const session = this.#store.current();
    if (session?.accessToken === token && accessTokenKind(token) === 'jwt') this.#endWithNotice(session.id, why);
  }

  /**
   * Ends the session: its tokens are forgotten here (in every tab), its refresh token revoked, then the authorization
   * server's session is ended, which sends the browser back to `logoutReturnTo`, where the page says you logged out.
   * When the server cannot be reached, the browser stays, and the notice says what is done and what is not.
   */
  logout(): IPromise<void> {
    this.$timeout.cancel(this.#timer);
    const ended = this.#store.endEpoch();
    void this.dpop?.forget();
    this.dismissNotice();
    this.#logins.clear();
    // A login or a renewal another tab was finishing may write a session of the old epoch yet: sweep it, and revoke
    // its refresh token, under the lock, waiting for that tab at most LOGOUT_SWEEP_MS.
    const swept = this.#underSessionLock(() => this.#discard(this.#store.sweep()).then(() => false));
    const sweepLimit = this.$timeout(LOGOUT_SWEEP_MS);
    const sweptOrLimit = this.$q.race([swept, sweepLimit]).finally(() => this.$timeout.cancel(sweepLimit));
    // The revocation's answer says whether the server can be reached; with nothing to revoke, ask it.
    const reached = this.#revoke(ended?.refreshToken).then((answered) => answered ?? this.#discovery.answers());
    return this.$q
      .all([this.auth0.load(), reached, sweptOrLimit])
      .then(([webAuth, serverAnswers]) => {
        if (!serverAnswers) return this.#logoutIncomplete();
        this.$window.sessionStorage.setItem(LOGGED_OUT_MARK, '1');
        webAuth.logout({ returnTo: this.config.logoutReturnTo });
      })
      .catch(() => this.#logoutIncomplete());
  }

  /** Calls `listener` whenever the session ends without this tab's user logging out; returns the unsubscribe. */
  onSessionEnded(listener: () => void): () => void {
    this.#sessionEndedListeners.add(listener);
    return () => this.#sessionEndedListeners.delete(listener);
  }

  /**
   * A page that needs a login was asked for without a session (the route guard): the notice says so, with a "Log in"
   * that comes back to it; if the session has just ended (`ended`), the notice already says why and keeps its words.
   */
  needsLogin(returnTo: string, ended: boolean): void {
    const path = this.#safePath(returnTo);
    if (ended && this.notice) this.#showNotice(new SessionError(this.notice.code, this.notice.message), path);
    else
      this.#showNotice(
        new SessionError('login_required', `The page you asked for (${path}) needs a login.`),
        path,
        'Log in'
      );
  }

  dismissNotice(): void {
    this.notice = null;
  }

  /** True while a renewal is under way. */
  get renewing(): boolean {
    return this.#renewal !== null;
  }

  /** True while an access token is stored and its expiry is in the future. Never throws, whatever is stored. */
  isAuthenticated(): boolean {
    return this.#store.state() === 'valid';
  }

  /** Who is logged in, with what and until when; null without a valid session. Worked out once per stored session. */
  get user(): SessionUser | null {
    const session = this.#store.current();
    if (!session || !this.isAuthenticated()) return null;
    if (this.#user?.from !== session) {
      const claims = jwtPayload(session.idToken);
      const name = claims?.name ?? claims?.email ?? claims?.nickname ?? claims?.sub;
      const user: SessionUser = {
        name: typeof name === 'string' && name ? name : null,
        scopes: session.scope.split(' ').filter(Boolean),
        expiresAt: session.expiresAt,
        accessTokenFormat: accessTokenKind(session.accessToken) === 'jwt' ? 'jwt' : 'opaque',
      };
      this.#user = { from: session, user: Object.freeze(user) };
    }
    return this.#user.user;
  }

  /** The user's claims from /userinfo (userinfo.ts), with the access token. */
  userInfo(): IPromise<Record<string, unknown>> {
    const calls = { $q: this.$q, $rootScope: this.$rootScope, $timeout: this.$timeout };
    const proofKey = this.dpop ? { dpop: this.dpop, keyId: this.#store.current()?.dpopKeyId ?? '' } : null;
    const userinfoUrl = `${this.config.authorizationServer}/userinfo`;
    return this.freshAccessToken().then((token) =>
      loadUserInfo(
        calls,
        this.auth0,
        token,
        () => this.endIfRefused(token ?? ''),
        proofKey && { ...proofKey, url: userinfoUrl }
      )
    );
  }

  /**
   * Completes the login the page was opened with (its response was taken out of the address bar as the app was
   * configured). The response must carry the `state` of a login this tab started, used once, or nothing else in it is
   * looked at; then it must name the issuer this app trusts (RFC 9207), as it must when the server's discovery says it
   * always does. A failed login leaves any existing session alone.
   */
  #completeLogin(response: LoginResponse): IPromise<void> {
    this.completion = { state: 'completing', code: null, message: '' };
    const taken = this.#logins.take(response.state);
    const returnTo = taken === null ? null : 'used' in taken ? taken.used.returnTo : taken.started.returnTo;
    const fail = (error: SessionError) => this.#failCompletion(error, returnTo);
    if (!taken) return this.$q.resolve(fail(new SessionError('unrecognised_response')));
    if ('used' in taken) {
      // A reload or a reopened link: the login went through, or it did not; never twice.
      if (this.isAuthenticated()) this.#finishCompletion(taken.used.returnTo);
      else fail(new SessionError('already_used'));
      return this.$q.resolve();
    }
    const login = taken.started;
    const refused =
      response.iss !== null && response.iss !== this.config.issuer
        ? issuerMismatch(response.iss, this.config.issuer)
        : response.error
          ? describeAuthorizeError(response.error, response.errorDescription)
          : null;
    if (refused) {
      this.#logins.completed(login.state);
      return this.$q.resolve(fail(refused));
    }
    return (
      this.$q
        .all([this.auth0.load(), this.#discovery.sendsIssuer()])
        .then(([webAuth, sendsIssuer]) => {
          // An ID token in the response names its issuer itself, and auth0-js checks it (RFC 9207 section 2.4).
          if (response.iss === null && sendsIssuer && !response.carriesIdToken) {
            return this.$q.reject(new SessionError('issuer_missing'));
          }
          return this.flow.finish(webAuth, response, login);
        })
        .then((tokens) => this.#underSessionLock(() => this.#startSession(tokens, login.epoch)))
        .then(() => this.#finishCompletion(login.returnTo))
        .catch((error: unknown) => fail(asSessionError(error)))
        // Succeeded or failed, this login came to an end: only a page that went away meanwhile leaves it unfinished.
        .finally(() => this.#logins.completed(login.state))
    );
  }

  #failCompletion(error: SessionError, returnTo: string | null): void {
    this.completion = { state: 'failed', code: error.code, message: error.message };
    this.#failedReturnTo = returnTo === null ? null : this.#safePath(returnTo);
  }

  #finishCompletion(returnTo: string): void {
    this.loggedOut = false;
    this.completion = NO_COMPLETION;
    this.$location.url(this.#safePath(returnTo)).replace();
  }

  /**
   * The callback page opened without a login response: a reload, or the browser restored it, while a login was
   * completing. If a session is stored by now, carry on to where that login was going; otherwise say what happened.
   */
  #resumeInterruptedLogin(): void {
    const interrupted = this.#logins.interrupted();
    if (!interrupted) return;
    // A session stored by now, valid or about to be renewed, is where that login (or a later one) led.
    if (this.#store.current()) this.#finishCompletion(interrupted.returnTo);
    else this.#failCompletion(new SessionError('interrupted'), interrupted.returnTo);
  }

  /**
   * Stores a login's tokens as a new session, unless the user logged out (in any tab) since the login began: then
   * they are dropped and the refresh token revoked. The session it replaces ends, its refresh token revoked.
   */
  #startSession(tokens: TokenSet, epoch: string): IPromise<boolean> {
    let started: ReturnType<SessionStore['start']>;
    try {
      started = this.#store.start(tokens, requestedScope(this.config), epoch);
    } catch {
      return this.$q.reject(new SessionError('storage_unavailable'));
    }
    if (started === 'loggedOutMeanwhile') {
      void this.#discard({ refreshToken: tokens.refreshToken ?? null, dpopKeyId: tokens.dpopKeyId ?? null });
      return this.$q.reject(new SessionError('logged_out_meanwhile'));
    }
    this.dismissNotice();
    this.#schedule();
    void this.#discard(started.replaced);
    return this.$q.resolve(true);
  }

  /**
   * Under the session lock: renews `session` unless another tab has renewed it meanwhile (its tokens are stored: use
   * them) or it has ended (logged out, or replaced by another login: nothing to do for it). The answer is stored only
   * if `session` is still the stored one by then; otherwise it is dropped and its refresh token revoked.
   */
  #renewUnlessDone(session: StoredSession): IPromise<boolean> {
    const stored = this.#store.reload();
    if (stored?.id !== session.id) return this.$q.resolve(false);
    if (stored.accessToken !== session.accessToken && this.#store.state() === 'valid') return this.$q.resolve(false);
    return this.auth0
      .load()
      .then((webAuth) => this.flow.renew(webAuth, stored))
      .then((tokens) => {
        const subject = jwtPayload(stored.idToken)?.sub;
        if (typeof subject !== 'string' || jwtPayload(tokens.idToken)?.sub !== subject) {
          void this.#revoke(tokens.refreshToken);
          return this.$q.reject(new SessionError('other_user'));
        }
        const written = this.#store.renew(session.id, tokens, requestedScope(this.config));
        if (!written) void this.#revoke(tokens.refreshToken);
        return written;
      });
  }

  /**
   * Ends session `id` (not a logout: a renewal refused, the API refused the token): forgets it now and revokes its
   * refresh token; then once more under the session lock, so that a renewal another tab was finishing cannot bring it
   * back. Another session stored meanwhile is left alone.
   */
  #endWithNotice(id: string, error: SessionError): void {
    // Read afresh: another tab's new login may not have reached this tab's snapshot yet.
    if (id !== this.#store.reload()?.id) return;
    this.$timeout.cancel(this.#timer);
    const endNow = () => {
      const ended = this.#store.end(id);
      return this.#discard(ended).then(() => ended !== null);
    };
    void endNow();
    void this.#underSessionLock(endNow);
    this.#showNotice(error, this.$location.url());
    this.#announceSessionEnded();
  }

  /** The store found the session gone, removed by another tab: a logout there (a new epoch), or an ending. */
  #endedElsewhere(loggedOut: boolean): void {
    this.#showNotice(
      new SessionError(loggedOut ? 'logged_out_elsewhere' : 'ended_elsewhere'),
      this.$location.url(),
      'Log in'
    );
    this.#announceSessionEnded();
  }

  #followStorage(): void {
    this.#store.reload();
    this.#schedule();
  }

  #logoutIncomplete(): void {
    this.loggedOut = true;
    this.notice = {
      code: 'logout_incomplete',
      message: SENTENCES.logout_incomplete,
      actionLabel: 'Finish logging out',
      act: () => this.logout(),
    };
  }

  /** Shows `error` as the notice, with a login that comes back to `returnTo`. */
  #showNotice(error: SessionError, returnTo: string, actionLabel = 'Log in again'): void {
    const path = this.#safePath(returnTo);
    this.notice = { code: error.code, message: error.message, actionLabel, act: () => this.login({ returnTo: path }) };
  }

  /** What a session leaves behind once it is over: its refresh token (revoked) and its DPoP key pair (forgotten). */
  #discard(session: Pick<StoredSession, 'refreshToken' | 'dpopKeyId'> | null | undefined): IPromise<unknown> {
    return this.$q.all([this.#revoke(session?.refreshToken), this.dpop?.forget(session?.dpopKeyId ?? null)]);
  }

  /** Revocation is best effort: a token is forgotten here whatever the server answers. See LoginFlow.revoke. */
  #revoke(refreshToken: string | null | undefined): IPromise<boolean | null> {
    return refreshToken ? this.flow.revoke(refreshToken).catch(() => false) : this.$q.resolve(null);
  }

  /**
   * Runs `task` while no other tab writes the session. When it says it wrote, the lock is kept a moment longer, for
   * the write to reach the other tabs before their turn.
   */
  #underSessionLock(task: () => IPromise<boolean>): IPromise<void> {
    let wrote = false;
    const run = () => {
      const ran = task().then((written) => void (wrote = written));
      // Marked handled at once: the lock awaits it natively, a microtask after $q checks for unhandled rejections.
      ran.catch(() => undefined);
      return ran;
    };
    const handOver = () => (wrote ? this.$timeout(LOCK_HAND_OVER_MS, false) : this.$q.resolve());
    return this.$q.when(withCrossTabLock(this.$window.navigator, SESSION_LOCK, run, handOver));
  }

  /** Plans the next renewal for the stored session, replacing any earlier plan; none without a valid session. */
  #schedule(): void {
    this.$timeout.cancel(this.#timer);
    const session = this.#store.current();
    if (this.#store.state() !== 'valid' || !session) return;
    const delay = renewalDelayMs(session.expiresAt, Date.now(), this.#sinceLastRenewal());
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

  #safePath(value: unknown): string {
    return safeReturnPath(value, this.$window.location.origin, this.config.callbackPath, this.config.homePath);
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

/** The response names another issuer: a configuration mistake (`domain`, `tokenIssuer`), or a mix-up attack. */
function issuerMismatch(found: string, expected: string): SessionError {
  return new SessionError(
    'issuer_mismatch',
    `The login response came from the issuer "${bounded(found)}", but this app expects "${expected}" ` +
      '(check domain and tokenIssuer), so it was not used.'
  );
}
