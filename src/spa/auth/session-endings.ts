import type { IPromise } from 'angular';
import type { SessionNotice } from './index';
import { accessTokenKind } from './jwt-payload';
import type { Session } from './session';
import { SENTENCES, SessionError } from './session-errors';
import type { StoredSession } from './session-store';

/** sessionStorage key set on logout, so the page the authorization server sends the browser back to can say so. */
const LOGGED_OUT_MARK = 'authSession.loggedOut';
/** How long a logout waits for another tab's renewal or login to finish before it leaves anyway. */
const LOGOUT_SWEEP_MS = 3_000;
/** Revocation is asked for on logout, but the browser does not wait longer than this to leave. */
const REVOKE_TIMEOUT_MS = 3_000;

/**
 * How a session ends, and what the user is told. `logout()` when they ask; otherwise (a renewal refused, the API
 * refused the token, another tab logged out) with a notice and "Log in again", never a login started on its own, so
 * a refusal can never loop. Every ending forgets the session in every tab and revokes its refresh token.
 */
export class SessionEndings {
  /** True when this page is where a logout sent the browser back to (until the next login). */
  loggedOut = false;
  notice: SessionNotice | null = null;
  readonly #listeners = new Set<() => void>();

  constructor(private readonly session: Session) {}

  /**
   * Ends the session: its tokens are forgotten here (in every tab), its refresh token revoked, then the authorization
   * server's session is ended, which sends the browser back to `logoutReturnTo`, where the page says you logged out.
   * When the server cannot be reached, the browser stays, and the notice says what is done and what is not.
   */
  logout(): IPromise<void> {
    const { $q, $timeout, $window, store, logins, lock, auth0, discovery, dpop, config } = this.session;
    this.session.renewal.cancel();
    const ended = store.endEpoch();
    void dpop?.forget();
    this.notice = null;
    logins.clear();
    // A login or a renewal another tab was finishing may write a session of the old epoch yet: sweep it, and revoke
    // its refresh token, under the lock, waiting for that tab at most LOGOUT_SWEEP_MS.
    const swept = lock(() => this.discard(store.sweep()).then(() => false));
    const sweepLimit = $timeout(LOGOUT_SWEEP_MS);
    const sweptOrLimit = $q.race([swept, sweepLimit]).finally(() => $timeout.cancel(sweepLimit));
    // The revocation's answer says whether the server can be reached; with nothing to revoke, ask it.
    const reached = this.revoke(ended?.refreshToken).then((answered) => answered ?? discovery.answers());
    return $q
      .all([auth0.load(), reached, sweptOrLimit])
      .then(([webAuth, serverAnswers]) => {
        if (!serverAnswers) return this.#logoutIncomplete();
        $window.sessionStorage.setItem(LOGGED_OUT_MARK, '1');
        webAuth.logout({ returnTo: config.logoutReturnTo });
      })
      .catch(() => this.#logoutIncomplete());
  }

  /**
   * The API refused `token` (401): when it is the session's current access token, and a JWT (a token that is no JWT
   * is refused however often the user logs in), the session ends with the notice.
   */
  endIfRefused(token: string, why = new SessionError('token_refused')): void {
    const session = this.session.store.current();
    if (session?.accessToken === token && accessTokenKind(token) === 'jwt') this.endWithNotice(session.id, why);
  }

  /**
   * Ends session `id` (a renewal refused, the API refused the token): forgets it now and revokes its refresh token;
   * then once more under the session lock, so that a renewal another tab was finishing cannot bring it back. Another
   * session stored meanwhile is left alone.
   */
  endWithNotice(id: string, error: SessionError): void {
    const { store, lock, $location } = this.session;
    // Read afresh: another tab's new login may not have reached this tab's snapshot yet.
    if (id !== store.reload()?.id) return;
    this.session.renewal.cancel();
    const endNow = () => {
      const ended = store.end(id);
      return this.discard(ended).then(() => ended !== null);
    };
    void endNow();
    void lock(endNow);
    this.show(error, $location.url());
    this.#announce();
  }

  /** The store found the session gone, removed by another tab: a logout there (a new epoch), or an ending. */
  endedElsewhere(loggedOut: boolean): void {
    const code = loggedOut ? 'logged_out_elsewhere' : 'ended_elsewhere';
    this.show(new SessionError(code), this.session.$location.url(), 'Log in');
    this.#announce();
  }

  /**
   * A page that needs a login was asked for without a session (the route guard): the notice says so, with a "Log in"
   * that comes back to it; if the session has just ended (`ended`), the notice already says why and keeps its words.
   */
  needsLogin(returnTo: string, ended: boolean): void {
    const path = this.session.safePath(returnTo);
    if (ended && this.notice) this.show(new SessionError(this.notice.code, this.notice.message), path);
    else
      this.show(new SessionError('login_required', `The page you asked for (${path}) needs a login.`), path, 'Log in');
  }

  /** Shows `error` as the notice, with a login that comes back to `returnTo`. */
  show(error: SessionError, returnTo: string, actionLabel = 'Log in again'): void {
    const path = this.session.safePath(returnTo);
    this.notice = {
      code: error.code,
      message: error.message,
      actionLabel,
      act: () => this.session.login({ returnTo: path }),
    };
  }

  /** Calls `listener` whenever the session ends without this tab's user logging out; returns the unsubscribe. */
  onSessionEnded(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** What a session leaves behind once it is over: its refresh token (revoked) and its DPoP key pair (forgotten). */
  discard(session: Pick<StoredSession, 'refreshToken' | 'dpopKeyId'> | null | undefined): IPromise<unknown> {
    return this.session.$q.all([
      this.revoke(session?.refreshToken),
      this.session.dpop?.forget(session?.dpopKeyId ?? null),
    ]);
  }

  /**
   * Asks the authorization server to revoke a refresh token (RFC 7009), so a copy of it is worth nothing; best effort,
   * as the token is forgotten here whatever the answer. Resolves true when the server answered, false when it could
   * not be reached, null with no token (the implicit flow has none).
   */
  revoke(refreshToken: string | null | undefined): IPromise<boolean | null> {
    const { $q, $timeout, $http, config } = this.session;
    if (!refreshToken) return $q.resolve(null);
    const body = new URLSearchParams({ token: refreshToken, client_id: config.clientId });
    // A timer of ours, cancelled once the answer comes, rather than $http's own: nothing is left running after.
    const giveUp = $q.defer<undefined>();
    const timer = $timeout(() => giveUp.resolve(undefined), REVOKE_TIMEOUT_MS, false);
    return $http
      .post(`${config.authorizationServer}/oauth/revoke`, body.toString(), {
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        timeout: giveUp.promise,
      })
      .then(
        () => true,
        (response: { status?: number }) => (response?.status ?? 0) > 0
      )
      .finally(() => $timeout.cancel(timer));
  }

  /** At start-up: whether this page is where a logout came back to; the mark is used once. */
  takeLoggedOutMark(): void {
    try {
      this.loggedOut = this.session.$window.sessionStorage.getItem(LOGGED_OUT_MARK) !== null;
      this.session.$window.sessionStorage.removeItem(LOGGED_OUT_MARK);
    } catch {
      this.loggedOut = false;
    }
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

  #announce(): void {
    for (const listener of this.#listeners) listener();
  }
}
