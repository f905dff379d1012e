import type {
  IHttpService,
  ILocationService,
  IPromise,
  IQService,
  IRootScopeService,
  ITimeoutService,
  IWindowService,
} from 'angular';
import { isApiOrigin } from './api-token';
import { requestedScope, type SessionConfig } from './auth-config';
import type { Auth0Loader } from './auth0-loader';
import { sessionLock, type SessionLock } from './cross-tab-lock';
import { Discovery } from './discovery';
import type { Dpop } from './dpop';
import type { LoginCompletion, SessionUser } from './index';
import { accessTokenKind, jwtPayload } from './jwt-payload';
import type { LoginFlow } from './login-flow';
import type { LoginResponse } from './login-response';
import { LoginTransactions } from './login-transaction';
import { Renewal } from './renewal';
import { safeReturnPath } from './return-path';
import { asSessionError, describeAuthorizeError, issuerMismatch, SessionError } from './session-errors';
import { SessionEndings } from './session-endings';
import { SessionStore, type TokenSet } from './session-store';
import { loadUserInfo } from './userinfo';

const NO_COMPLETION: LoginCompletion = Object.freeze({ state: 'none', code: null, message: '' });

/**
 * The session behind `authSession` (index.ts): `login()` leaves for the hosted login page; `start()` completes the
 * login response the page was opened with and stores the session, whose access token goes to the API (api-token.ts).
 * Its renewal and its endings, logout included, are parts of their own.
 *
 * **The rule for concurrency: state is written only by the session that still owns it** (session-store.ts says how).
 * Writes run one tab at a time under a Web Lock, held 500 ms after a write so the next tab reads it; a logout sweeps,
 * under that lock, what another tab's login or renewal wrote meanwhile, waiting at most 3 s. The README says what
 * each timing rests on, and what happens past it.
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

  completion: LoginCompletion = NO_COMPLETION;
  readonly renewal: Renewal;
  readonly endings: SessionEndings;
  // Shared with the renewal and the endings; a host reaches none of it (public-surface.ts).
  readonly store: SessionStore;
  readonly logins: LoginTransactions;
  readonly discovery: Discovery;
  readonly lock: SessionLock;
  /** Where the login the page was opened with was going, when it failed: a new login from the callback goes there. */
  #failedReturnTo: string | null = null;
  /** `user` as last worked out, for the stored session it was worked out from. */
  #user: { from: object; user: SessionUser } | null = null;

  constructor(
    readonly $window: IWindowService,
    readonly $q: IQService,
    readonly $location: ILocationService,
    readonly $timeout: ITimeoutService,
    readonly $http: IHttpService,
    private readonly $rootScope: IRootScopeService,
    readonly config: SessionConfig,
    private readonly loginResponse: LoginResponse | null,
    readonly auth0: Auth0Loader,
    readonly flow: LoginFlow,
    readonly dpop: Dpop | null
  ) {
    this.store = new SessionStore(
      () => $window.localStorage,
      (loggedOut) => this.endings.endedElsewhere(loggedOut)
    );
    this.logins = new LoginTransactions(() => $window.sessionStorage);
    this.discovery = new Discovery($http, config.issuer);
    this.lock = sessionLock($window, $q, $timeout);
    this.endings = new SessionEndings(this);
    this.renewal = new Renewal(this);
  }

  /** At start-up: completes the login response, or picks up the stored session; follows other tabs. */
  start(): void {
    this.endings.takeLoggedOutMark();
    // Another tab logged in, renewed or logged out: follow it.
    this.$window.addEventListener('storage', (event: StorageEvent) => {
      if (!SessionStore.watches(event.key)) return;
      this.$timeout(() => {
        this.store.reload();
        this.renewal.schedule();
      });
    });
    if (this.store.stale()) this.store.clear();
    const stored = this.store.state();
    if (stored === 'valid') this.renewal.schedule();
    if (this.loginResponse) {
      // A login that fails leaves the stored session as it was, renewals included.
      void this.#completeLogin(this.loginResponse);
      return;
    }
    if (this.$window.location.pathname === this.config.callbackPath) this.#resumeInterruptedLogin();
    if (stored === 'expired') void this.renewal.renew();
    // Logged out, the next step is likely a login: have auth0-js ready by then.
    if (stored !== 'valid') this.auth0.loadWhenIdle();
  }

  /** Leaves for the login page, to come back to `returnTo` (a path of this app); a failure is the notice's. */
  login(options: { returnTo?: string } = {}): IPromise<void> {
    const fromCallback = (options.returnTo ?? '').split(/[?#]/)[0] === this.config.callbackPath;
    const returnTo = fromCallback && this.#failedReturnTo ? this.#failedReturnTo : this.safePath(options.returnTo);
    return this.auth0
      .load()
      .then((webAuth) => this.flow.start(webAuth, this.logins, { returnTo, epoch: this.store.freshEpoch() }))
      .catch((error: unknown) => this.endings.show(asSessionError(error), returnTo, 'Log in'));
  }

  /** The access token for an API call: after any renewal due, and null without a session. */
  freshAccessToken(): IPromise<string | null> {
    return this.renewal.settle().then(() => this.store.accessToken());
  }

  /** Whether a request to `url` goes to the API's exact origin, the only one the access token is sent to. */
  isApiRequest(url: string): boolean {
    return isApiOrigin(url, this.config.apiUrl, this.$window.document.baseURI);
  }

  /** True while an access token is stored and its expiry is in the future. Never throws, whatever is stored. */
  isAuthenticated(): boolean {
    return this.store.state() === 'valid';
  }

  /** Who is logged in, with what and until when; null without a valid session. Worked out once per stored session. */
  get user(): SessionUser | null {
    const session = this.store.current();
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

  /** The user's claims from /userinfo (userinfo.ts). */
  userInfo(): IPromise<Record<string, unknown>> {
    const calls = { $q: this.$q, $rootScope: this.$rootScope, $timeout: this.$timeout };
    const keyId = this.store.current()?.dpopKeyId ?? '';
    const proved = this.dpop && { dpop: this.dpop, keyId, url: `${this.config.authorizationServer}/userinfo` };
    return this.freshAccessToken().then((token) =>
      loadUserInfo(calls, this.auth0, token, () => this.endings.endIfRefused(token ?? ''), proved)
    );
  }

  /**
   * Completes the login the page was opened with. Nothing in the response is looked at unless it carries the `state`
   * of a login this tab started, used once; then it must name the issuer this app trusts when the server says it
   * always does (RFC 9207). A failed login leaves any existing session alone.
   */
  #completeLogin(response: LoginResponse): IPromise<void> {
    this.completion = { state: 'completing', code: null, message: '' };
    const taken = this.logins.take(response.state);
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
      this.logins.completed(login.state);
      return this.$q.resolve(fail(refused));
    }
    return (
      this.$q
        .all([this.auth0.load(), this.discovery.sendsIssuer()])
        .then(([webAuth, sendsIssuer]) => {
          // An ID token in the response names its issuer itself, and auth0-js checks it (RFC 9207 section 2.4).
          if (response.iss === null && sendsIssuer && !response.carriesIdToken) {
            return this.$q.reject(new SessionError('issuer_missing'));
          }
          return this.flow.finish(webAuth, response, login);
        })
        .then((tokens) => this.lock(() => this.#startSession(tokens, login.epoch)))
        .then(() => this.#finishCompletion(login.returnTo))
        .catch((error: unknown) => fail(asSessionError(error)))
        // Succeeded or failed, this login came to an end: only a page that went away meanwhile leaves it unfinished.
        .finally(() => this.logins.completed(login.state))
    );
  }

  #failCompletion(error: SessionError, returnTo: string | null): void {
    this.completion = { state: 'failed', code: error.code, message: error.message };
    this.#failedReturnTo = returnTo === null ? null : this.safePath(returnTo);
  }

  #finishCompletion(returnTo: string): void {
    this.endings.loggedOut = false;
    this.completion = NO_COMPLETION;
    this.$location.url(this.safePath(returnTo)).replace();
  }

  /**
   * The callback page was reloaded or restored while a login was completing: a session stored by now is where that
   * login (or a later one) led, so carry on to where it was going; otherwise say what happened.
   */
  #resumeInterruptedLogin(): void {
    const interrupted = this.logins.interrupted();
    if (!interrupted) return;
    if (this.store.current()) this.#finishCompletion(interrupted.returnTo);
    else this.#failCompletion(new SessionError('interrupted'), interrupted.returnTo);
  }

  /** Stores a login's tokens unless a logout (in any tab) came since it began; tokens left unused are revoked. */
  #startSession(tokens: TokenSet, epoch: string): IPromise<boolean> {
    let started: ReturnType<SessionStore['start']>;
    try {
      started = this.store.start(tokens, requestedScope(this.config), epoch);
    } catch {
      return this.$q.reject(new SessionError('storage_unavailable'));
    }
    if (started === 'loggedOutMeanwhile') {
      void this.endings.discard({ refreshToken: tokens.refreshToken ?? null, dpopKeyId: tokens.dpopKeyId ?? null });
      return this.$q.reject(new SessionError('logged_out_meanwhile'));
    }
    this.endings.notice = null;
    this.renewal.schedule();
    void this.endings.discard(started.replaced);
    return this.$q.resolve(true);
  }

  safePath(value: unknown): string {
    return safeReturnPath(value, this.$window.location.origin, this.config.callbackPath, this.config.homePath);
  }
}
