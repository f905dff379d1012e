import type {
  ILocationService,
  IPromise,
  IQService,
  IRootScopeService,
  ITimeoutService,
  IWindowService,
} from 'angular';
import type { LoginError } from './auth-error';
import type { AuthService } from './auth.service';
import { STORAGE_KEYS } from './auth.service';
import { renewalDelayMs } from './renewal-timing';
import { SESSION_EVENTS } from './session-events';

export type RenewalOutcome = 'unchanged' | 'renewed' | 'ended';

/**
 * Keeps the session alive without the user noticing: renews the tokens silently (authService.renewTokens, i.e.
 * auth0-js checkSession) a margin before they expire, once at start-up when the stored ones have expired, and on
 * demand when the API is about to be called with an expired token. A failed renewal ends the session with a note
 * (authService.endSession) and schedules nothing more, so there is no retry loop and no spinner left turning.
 */
export class SessionRenewal {
  static $inject = ['$timeout', '$q', '$window', '$location', '$rootScope', 'authService'];

  #timer?: IPromise<unknown>;
  #inFlight: IPromise<boolean> | null = null;
  #lastRenewalAt: number | null = null;

  constructor(
    private readonly $timeout: ITimeoutService,
    private readonly $q: IQService,
    private readonly $window: IWindowService,
    private readonly $location: ILocationService,
    private readonly $rootScope: IRootScopeService,
    private readonly authService: AuthService
  ) {}

  /** True while a renewal is under way: pages say "Checking your session" rather than "not logged in". */
  get renewing(): boolean {
    return this.#inFlight !== null;
  }

  /** Called once, when the app starts (authRun). */
  start(): void {
    this.$rootScope.$on(SESSION_EVENTS.started, () => this.schedule());
    this.$rootScope.$on(SESSION_EVENTS.ended, () => this.$timeout.cancel(this.#timer));
    // Another tab logged in, renewed or logged out: follow it, and redraw the page. After a logout there, a page
    // that needs a login is left here too (the router listens to `ended`); no note, the user chose it. Any change
    // to storage is followed: both steps are cheap, and harmless when the session did not change.
    this.$window.addEventListener('storage', () => {
      this.$rootScope.$applyAsync(() => {
        this.schedule();
        if (this.authService.storedSession() === 'none') this.$rootScope.$broadcast(SESSION_EVENTS.ended);
      });
    });
    // The callback page is finishing a login that will replace whatever is stored.
    if (this.$location.path() === '/callback') return;
    const stored = this.authService.storedSession();
    if (stored === 'valid') this.schedule();
    else if (stored === 'expired') void this.renew();
    else if (stored === 'corrupt') this.authService.forgetSession();
  }

  /** Plans the next renewal for the stored session, replacing any earlier plan; none when logged out. */
  schedule(): void {
    // Cancelling a timer that has fired, or none, does nothing.
    this.$timeout.cancel(this.#timer);
    const expiresAt = this.authService.expiresAt();
    if (!this.authService.isAuthenticated() || expiresAt === null) return;
    const delay = renewalDelayMs(expiresAt, Date.now(), this.#lastRenewalAt);
    this.#timer = this.$timeout(() => void this.renew(), delay);
  }

  /**
   * Renews now, or joins the renewal already under way. Resolves true when fresh tokens are stored, false when the
   * session ended instead; never rejects.
   */
  renew(): IPromise<boolean> {
    if (this.#inFlight) return this.#inFlight;
    this.$timeout.cancel(this.#timer);
    // Identifies the session this renewal is for: another one has another access token.
    const before = this.authService.stored(STORAGE_KEYS.accessToken);
    this.#inFlight = this.authService
      .renewTokens()
      .then(
        () => {
          this.#lastRenewalAt = Date.now();
          // Again, now that the time of this renewal is known (storing the tokens already scheduled once).
          this.schedule();
          return true;
        },
        (error: LoginError) => {
          // Only end the session this renewal was for: a login in another tab may have stored a new one meanwhile.
          if (before !== null && this.authService.stored(STORAGE_KEYS.accessToken) === before) {
            this.authService.endSession(error.message);
          }
          return false;
        }
      )
      .finally(() => {
        this.#inFlight = null;
      });
    return this.#inFlight;
  }

  /**
   * For code about to decide whether there is a session (the route guard, the ping page): finishes a renewal under
   * way, or starts one for an expired session, first. Says what happened: `unchanged` (nothing to renew),
   * `renewed`, or `ended` (the renewal failed and the session with it). Never rejects.
   */
  settle(): IPromise<RenewalOutcome> {
    if (!this.renewing && this.authService.storedSession() !== 'expired') return this.$q.resolve('unchanged');
    return this.renew().then((renewed) => (renewed ? 'renewed' : 'ended'));
  }
}
