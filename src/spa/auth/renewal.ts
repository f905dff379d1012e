import type { IPromise } from 'angular';
import { requestedScope } from './auth-config';
import { jwtPayload } from './jwt-payload';
import { RENEWAL, renewalDelayMs, timerDelayMs } from './renewal-timing';
import type { Session } from './session';
import { asSessionError, SessionError } from './session-errors';
import type { StoredSession } from './session-store';

/** What a renewal the caller waited for came to: nothing to do, fresh tokens, or no session any more. */
export type RenewalOutcome = 'unchanged' | 'renewed' | 'ended';

/**
 * Keeps the session's tokens fresh: a renewal is planned ahead of expiry (renewal-timing.ts), and one is made at once
 * for a caller about to use an expired session. Tabs take turns under the session lock (session.ts has the rule).
 */
export class Renewal {
  #timer?: IPromise<unknown>;
  #running: IPromise<boolean> | null = null;
  /** When this tab last renewed, on the monotonic clock (performance.now), or null. */
  #lastAt: number | null = null;

  constructor(private readonly session: Session) {}

  /** True while a renewal is under way. */
  get running(): boolean {
    return this.#running !== null;
  }

  /**
   * Renews now, or joins the renewal under way. Resolves true when a valid session is stored afterwards, false when
   * there is none (the renewal failed and ended it, or the session ended meanwhile); never rejects.
   *
   * Renewals in this tab are at least RENEWAL.minIntervalMs apart, so that no server answer or clock change can
   * drive a loop: one asked for sooner starts when the interval ends, and whoever waits for a token waits with it.
   */
  renew(): IPromise<boolean> {
    if (this.#running) return this.#running;
    const { $q, $timeout, store, lock } = this.session;
    this.cancel();
    const session = store.current();
    if (!session) return $q.resolve(false);
    const sinceLast = this.#sinceLast();
    const wait = sinceLast === null ? 0 : RENEWAL.minIntervalMs - sinceLast;
    const intervalEnded = wait > 0 ? $timeout(wait) : $q.resolve();
    const renewed = intervalEnded.then(() => lock(() => this.#renewUnlessDone(session)));
    this.#running = $q
      .when(renewed)
      .then(
        () => {
          this.#lastAt = this.session.$window.performance.now();
          this.schedule();
          return store.state() === 'valid';
        },
        // Ends only the session this renewal was for: another may have been stored meanwhile.
        (error: unknown) => {
          this.session.endings.endWithNotice(session.id, asSessionError(error));
          return false;
        }
      )
      .finally(() => {
        this.#running = null;
      });
    return this.#running;
  }

  /**
   * For code about to decide whether there is a session (the route guard, the token getter): finishes a renewal
   * under way, or renews an expired session, first. Never rejects.
   */
  settle(): IPromise<RenewalOutcome> {
    if (!this.#running && this.session.store.state() !== 'expired') return this.session.$q.resolve('unchanged');
    return this.renew().then((renewed) => (renewed ? 'renewed' : 'ended'));
  }

  /** Plans the next renewal for the stored session, replacing any earlier plan; none without a valid session. */
  schedule(): void {
    const { $timeout, store } = this.session;
    this.cancel();
    const session = store.current();
    if (store.state() !== 'valid' || !session) return;
    const delay = renewalDelayMs(session.expiresAt, Date.now(), this.#sinceLast());
    // A renewal further away than a browser timer holds is planned again when the timer fires.
    this.#timer = $timeout(
      () => (delay > RENEWAL.maxTimerMs ? this.schedule() : void this.renew()),
      timerDelayMs(delay)
    );
  }

  /** Drops the planned renewal (a renewal under way runs on, and stores its tokens only into its own session). */
  cancel(): void {
    this.session.$timeout.cancel(this.#timer);
  }

  /**
   * Under the session lock: renews `session` unless another tab has renewed it meanwhile (its tokens are stored: use
   * them, rather than present the refresh token that tab has just rotated out) or it has ended. The answer is stored
   * only if `session` is still the stored one by then; otherwise it is dropped and its refresh token revoked.
   */
  #renewUnlessDone(session: StoredSession): IPromise<boolean> {
    const { $q, store, auth0, flow, config } = this.session;
    const stored = store.reload();
    if (stored?.id !== session.id) return $q.resolve(false);
    if (stored.accessToken !== session.accessToken && store.state() === 'valid') return $q.resolve(false);
    return auth0
      .load()
      .then((webAuth) => flow.renew(webAuth, stored))
      .then((tokens) => {
        const subject = jwtPayload(stored.idToken)?.sub;
        if (typeof subject !== 'string' || jwtPayload(tokens.idToken)?.sub !== subject) {
          void this.session.endings.revoke(tokens.refreshToken);
          return $q.reject(new SessionError('other_user'));
        }
        const written = store.renew(session.id, tokens, requestedScope(config));
        if (!written) void this.session.endings.revoke(tokens.refreshToken);
        return written;
      });
  }

  #sinceLast(): number | null {
    return this.#lastAt === null ? null : this.session.$window.performance.now() - this.#lastAt;
  }
}
