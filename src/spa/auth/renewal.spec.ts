import '../testing/setup';
import { answerOAuthToken, holdOAuthToken, tokenResponse } from '../testing/auth0.testing';
import { startSpecApp, type SpecApp } from '../testing/app.testing';
import {
  clearSession,
  fakeAccessToken,
  storedSession,
  storeSession,
  unreadableJwt,
  storedAccessTokenIfValid,
} from '../testing/session.testing';
import authSession from './index';
import { RENEWAL } from './renewal-timing';

const DAY_MS = 86_400_000;

describe('renewing the session (code flow: rotating refresh tokens)', () => {
  let app: SpecApp;

  beforeEach(clearSession);
  afterEach(clearSession);

  function start(): SpecApp {
    app = startSpecApp(authSession);
    return app;
  }

  function expectRevoked(...tokens: string[]): void {
    expect(app.revokedTokens()).toEqual(tokens);
  }

  /** A fresh token answer lasting `expiresIn` seconds, with the next refresh token. */
  function answerWith(refreshToken: string, expiresIn = 7200): string {
    const accessToken = fakeAccessToken(Date.now() + expiresIn * 1000);
    answerOAuthToken(app.webAuth, null, tokenResponse(accessToken, { refreshToken, expiresIn }));
    return accessToken;
  }

  it('does nothing without a stored session', () => {
    start();

    expect(app.webAuth.client.oauthToken).not.toHaveBeenCalled();
    app.verifyNoTimers();
  });

  it('presents the stored refresh token with no scope, and stores the rotated one it gets back', async () => {
    storeSession({ expiresAt: Date.now() - 1, refreshToken: 'rt-1' });
    start();
    const held = holdOAuthToken(app.webAuth);
    await app.settle();

    expect(app.webAuth.client.oauthToken).toHaveBeenCalledTimes(1);
    const [request] = app.webAuth.client.oauthToken.calls.mostRecent().args;
    expect(request).toEqual(jasmine.objectContaining({ grantType: 'refresh_token', refreshToken: 'rt-1' }));
    // auth0-js would send the login's scopes for a key that is missing; present and undefined, it sends none.
    expect(Object.keys(request)).toContain('scope');
    expect((request as { scope?: string }).scope).toBeUndefined();

    const fresh = fakeAccessToken(Date.now() + 7_200_000);
    held[0](null, tokenResponse(fresh, { refreshToken: 'rt-2' }));
    await app.settle();

    expect(storedSession()?.refreshToken).toBe('rt-2');
    expect(storedAccessTokenIfValid()).toBe(fresh);
    expect(app.session.renewing).toBeFalse();
    expect(app.session.notice).toBeNull();
  });

  it('keeps the stored refresh token when the answer brings no new one', async () => {
    storeSession({ expiresAt: Date.now() - 1, refreshToken: 'rt-1' });
    start();
    answerOAuthToken(
      app.webAuth,
      null,
      tokenResponse(fakeAccessToken(Date.now() + 60_000), { refreshToken: undefined })
    );

    await app.settle();

    expect(app.session.isAuthenticated()).toBeTrue();
    expect(storedSession()?.refreshToken).toBe('rt-1');
  });

  it('renews a valid session a margin before it expires, not at start-up', async () => {
    storeSession({ expiresAt: Date.now() + 20_000, refreshToken: 'rt-1' });
    start();
    answerWith('rt-2', 20);
    await app.settle();
    expect(app.webAuth.client.oauthToken).not.toHaveBeenCalled();

    app.elapse(14_000);
    await app.settle();
    expect(app.webAuth.client.oauthToken).not.toHaveBeenCalled();

    app.elapse(1_100);
    await app.settle();
    expect(app.webAuth.client.oauthToken).toHaveBeenCalledTimes(1);
    expect(storedSession()?.refreshToken).toBe('rt-2');
  });

  it('plans the next renewal from the fresh expiry', async () => {
    storeSession({ expiresAt: Date.now() - 1, refreshToken: 'rt-1' });
    start();
    answerWith('rt-2', 7200);
    await app.settle();
    app.webAuth.client.oauthToken.calls.reset();

    app.elapse(7_200_000 - 300_000 - 1_000);
    await app.settle();
    expect(app.webAuth.client.oauthToken).not.toHaveBeenCalled();

    app.elapse(2_000);
    await app.settle();
    expect(app.webAuth.client.oauthToken).toHaveBeenCalledTimes(1);
    expect(app.webAuth.client.oauthToken.calls.mostRecent().args[0]).toEqual(
      jasmine.objectContaining({ refreshToken: 'rt-2' })
    );
  });

  it('ends the session on invalid_grant with the note and Log in again, and nothing loops', async () => {
    storeSession({ expiresAt: Date.now() - 1, refreshToken: 'rt-rotated-out' });
    start();
    answerOAuthToken(app.webAuth, {
      statusCode: 400,
      error: 'invalid_grant',
      description: 'grant request is invalid',
    } as never);

    await app.settle();

    expect(app.session.notice?.message).toBe(
      'Your session could not be renewed (invalid_grant: grant request is invalid). Log in again to continue.'
    );
    expect(storedSession()).toBeNull();
    expect(app.session.renewing).toBeFalse();
    expectRevoked('rt-rotated-out');
    // Nothing planned, and asking for a token now finds no session rather than renewing again.
    app.verifyNoTimers();
    let token: string | null | undefined;
    void app.core.freshAccessToken().then((value) => (token = value));
    app.elapse(RENEWAL.minIntervalMs * 10);
    await app.settle();
    expect(token).toBeNull();
    expect(app.webAuth.client.oauthToken).toHaveBeenCalledTimes(1);
    expect(app.browser.location.assign).withContext('no login started on its own').not.toHaveBeenCalled();
    expect(app.webAuth.client.buildAuthorizeUrl).not.toHaveBeenCalled();
  });

  it('ends the session with the note when no refresh token was issued', async () => {
    storeSession({ expiresAt: Date.now() - 1 });
    start();

    await app.settle();

    expect(app.webAuth.client.oauthToken).not.toHaveBeenCalled();
    expect(app.session.notice?.message).toContain('could not be renewed (no_refresh_token');
    expect(app.session.isAuthenticated()).toBeFalse();
  });

  it('ends the session when the token endpoint does not answer in time', async () => {
    storeSession({ expiresAt: Date.now() + 20_000, refreshToken: 'rt-1' });
    start();
    holdOAuthToken(app.webAuth);
    app.elapse(15_000);
    await app.settle();
    expect(app.webAuth.client.oauthToken).toHaveBeenCalledTimes(1);

    app.elapse(RENEWAL.timeoutMs);
    await app.settle();

    expect(app.session.isAuthenticated()).toBeFalse();
    expect(app.session.notice?.message).toContain('could not be renewed (timeout');
    // The session ended without the user asking: its refresh token is revoked all the same.
    expectRevoked('rt-1');
    app.verifyNoTimers();
  });

  it('makes one call for two renewals asked for at once in one tab', async () => {
    storeSession({ expiresAt: Date.now() + 3_600_000, refreshToken: 'rt-1' });
    start();
    const held = holdOAuthToken(app.webAuth);

    const first = app.core.renewal.renew();
    const second = app.core.renewal.renew();
    await app.settle();

    expect(second).toBe(first);
    expect(app.webAuth.client.oauthToken).toHaveBeenCalledTimes(1);
    held[0](null, tokenResponse(fakeAccessToken(Date.now() + 7_200_000), { refreshToken: 'rt-2' }));
    await app.settle();
    expect(app.webAuth.client.oauthToken).toHaveBeenCalledTimes(1);
  });

  it('takes the renewal lock, and uses what another tab stored while it waited for it instead of calling', async () => {
    storeSession({ expiresAt: Date.now() + 3_600_000, refreshToken: 'rt-1' });
    start();
    const held = holdOAuthToken(app.webAuth);
    let otherTabs = '';
    const request = app.browser.locks.request.bind(app.browser.locks);
    spyOn(app.browser.locks, 'request').and.callFake(((name: string, task: () => Promise<unknown>) => {
      // Another tab holds the lock first and renews: it stores a new access token and the next refresh token.
      void request(name, () => {
        otherTabs = storeSession({ expiresAt: Date.now() + 7_200_000, refreshToken: 'rt-2' });
      });
      return request(name, task);
    }) as never);

    let renewed: boolean | undefined;
    void app.core.renewal.renew().then((value) => (renewed = value));
    await app.settle();

    expect(app.browser.locks.request).toHaveBeenCalledTimes(1);
    expect(app.webAuth.client.oauthToken).withContext('rt-1 was rotated out: never presented').not.toHaveBeenCalled();
    expect(held.length).toBe(0);
    expect(renewed).toBeTrue();
    expect(storedAccessTokenIfValid()).toBe(otherTabs);
    expect(storedSession()?.refreshToken).toBe('rt-2');
  });

  it('renews under the same lock name every time, so every tab of the app queues on one lock', async () => {
    storeSession({ expiresAt: Date.now() - 1, refreshToken: 'rt-1' });
    start();
    answerWith('rt-2', 60);
    await app.settle();
    app.elapse(60_000);
    await app.settle();

    expect(app.webAuth.client.oauthToken).toHaveBeenCalledTimes(2);
    expect(app.browser.locks.requested.length).toBe(2);
    expect(new Set(app.browser.locks.requested).size).toBe(1);
  });

  it('keeps the lock half a second after renewing, so the stored tokens reach the other tabs before their turn', async () => {
    storeSession({ expiresAt: Date.now() - 1, refreshToken: 'rt-1' });
    start();
    answerWith('rt-2', 60);
    await app.settle();
    expect(app.session.isAuthenticated()).withContext('renewed, without waiting').toBeTrue();

    const otherTab = jasmine.createSpy('other tab');
    void app.browser.locks.request('authSession', otherTab);
    await app.settle();
    expect(otherTab).not.toHaveBeenCalled();

    app.$timeout.flush(499);
    await app.settle();
    expect(otherTab).not.toHaveBeenCalled();
    app.$timeout.flush(1);
    await app.settle();
    expect(otherTab).toHaveBeenCalledTimes(1);
  });

  it('does not end a session that another tab stored while the renewal was failing', async () => {
    storeSession({ expiresAt: Date.now() - 1, refreshToken: 'rt-1' });
    start();
    const held = holdOAuthToken(app.webAuth);
    await app.settle();

    const newer = storeSession({
      expiresAt: Date.now() + 3_600_000,
      refreshToken: 'rt-other',
      sessionId: 'a-newer-login',
    });
    held[0]({ statusCode: 400, error: 'invalid_grant' } as never, null as never);
    await app.settle();

    expect(storedSession()?.accessToken).toBe(newer);
    expect(app.session.notice).toBeNull();
  });

  describe('timing', () => {
    it('never renews a 30-day token before it is due, even when the longest browser timer has run out', async () => {
      storeSession({ expiresAt: Date.now() + 30 * DAY_MS, refreshToken: 'rt-1' });
      start();
      answerWith('rt-2');
      const $browser = app.injector.get<{ defer: { now: number; getPendingTasks(type: string): { time: number }[] } }>(
        '$browser'
      );
      const timerDelay = () => $browser.defer.getPendingTasks('$timeout').map((task) => task.time - $browser.defer.now);

      // A browser fires a longer timer at once: the app never asks for one.
      expect(timerDelay()).toEqual([RENEWAL.maxTimerMs]);
      app.elapse(RENEWAL.maxTimerMs);
      await app.settle();
      app.elapse(RENEWAL.maxTimerMs / 2);
      await app.settle();

      expect(app.webAuth.client.oauthToken).not.toHaveBeenCalled();
      expect(timerDelay().length).withContext('the renewal is still planned').toBe(1);
      expect(Math.max(...timerDelay())).toBeLessThanOrEqual(RENEWAL.maxTimerMs);
    });

    it('keeps renewals the minimum interval apart when the server hands out nearly expired tokens', async () => {
      storeSession({ expiresAt: Date.now() - 1, refreshToken: 'rt-1' });
      start();
      const callTimes: number[] = [];
      app.webAuth.client.oauthToken.and.callFake((_options, callback) => {
        callTimes.push(app.browser.clock.now);
        callback(null, tokenResponse(fakeAccessToken(Date.now() + 1000), { expiresIn: 1, refreshToken: 'rt' }));
      });

      await app.settle();
      for (let second = 0; second < 60; second++) {
        app.elapse(1000);
        await app.settle(2);
      }

      expect(callTimes.length).toBeGreaterThan(1);
      for (let i = 1; i < callTimes.length; i++) {
        expect(callTimes[i] - callTimes[i - 1]).toBeGreaterThanOrEqual(RENEWAL.minIntervalMs);
      }
    });

    it('holds a renewal asked for within the minimum interval until it ends, and the token waits with it', async () => {
      storeSession({ expiresAt: Date.now() - 1, refreshToken: 'rt-1' });
      start();
      answerWith('rt-2', -60);
      await app.settle();
      expect(app.webAuth.client.oauthToken).toHaveBeenCalledTimes(1);

      const tokens: (string | null)[] = [];
      for (let call = 0; call < 5; call++) void app.core.freshAccessToken().then((token) => tokens.push(token));
      app.elapse(RENEWAL.minIntervalMs - 1);
      await app.settle();
      expect(app.webAuth.client.oauthToken).toHaveBeenCalledTimes(1);
      expect(tokens).withContext('no expired token is handed out meanwhile').toEqual([]);
      expect(app.session.renewing).toBeTrue();

      const fresh = answerWith('rt-3');
      app.elapse(1);
      await app.settle();
      expect(app.webAuth.client.oauthToken).toHaveBeenCalledTimes(2);
      expect(tokens).withContext('every caller gets the renewed token').toEqual([fresh, fresh, fresh, fresh, fresh]);
    });
  });

  describe('settle()', () => {
    it('tells deciders at once when there is nothing to renew', async () => {
      storeSession({ refreshToken: 'rt-1' });
      start();
      const outcome = jasmine.createSpy('outcome');

      void app.core.renewal.settle().then(outcome);
      app.$rootScope.$digest();

      expect(outcome).toHaveBeenCalledOnceWith('unchanged');
      expect(app.webAuth.client.oauthToken).not.toHaveBeenCalled();
    });

    it('lets deciders wait for a renewal under way, and says how it went', async () => {
      storeSession({ expiresAt: Date.now() - 1, refreshToken: 'rt-1' });
      start();
      const held = holdOAuthToken(app.webAuth);
      const outcome = jasmine.createSpy('outcome');

      void app.core.renewal.settle().then(outcome);
      await app.settle();
      expect(outcome).not.toHaveBeenCalled();
      expect(app.session.renewing).toBeTrue();

      held[0]({ statusCode: 400, error: 'invalid_grant' } as never, null as never);
      await app.settle();
      expect(outcome).toHaveBeenCalledOnceWith('ended');
      expect(app.webAuth.client.oauthToken).toHaveBeenCalledTimes(1);
    });

    it('renews an expired session for deciders even when no renewal was under way (a tab that slept)', async () => {
      storeSession({ expiresAt: Date.now() + 60_000, refreshToken: 'rt-1' });
      start();
      // The tab slept past the planned renewal: the token has expired, and nothing has renewed it yet.
      const wokeAt = Date.now() + 120_000;
      spyOn(Date, 'now').and.returnValue(wokeAt);
      answerWith('rt-2', 60);
      const outcome = jasmine.createSpy('outcome');

      void app.core.renewal.settle().then(outcome);
      await app.settle();

      expect(outcome).toHaveBeenCalledOnceWith('renewed');
      expect(app.session.isAuthenticated()).toBeTrue();
    });
  });

  describe('at start-up', () => {
    it('renews once when the stored tokens have expired, saying so meanwhile', async () => {
      storeSession({ expiresAt: Date.now() - 60_000, refreshToken: 'rt-1' });
      start();
      const held = holdOAuthToken(app.webAuth);
      expect(app.session.renewing).toBeTrue();
      await app.settle();

      held[0](null, tokenResponse(fakeAccessToken(Date.now() + 7_200_000), { refreshToken: 'rt-2' }));
      await app.settle();

      expect(app.webAuth.client.oauthToken).toHaveBeenCalledTimes(1);
      expect(app.session.renewing).toBeFalse();
      expect(app.session.isAuthenticated()).toBeTrue();
    });

    it('drops a token without a readable expiry, without a renewal or a note', async () => {
      storeSession({ refreshToken: 'rt-1' });
      localStorage.setItem('authSession', JSON.stringify({ ...storedSession(), expiresAt: 'garbage' }));
      start();
      await app.settle();

      expect(storedSession()).toBeNull();
      expect(app.webAuth.client.oauthToken).not.toHaveBeenCalled();
      expect(app.session.notice).toBeNull();
    });

    it('drops a JWT-shaped token it cannot read, even with an expiry ahead: no session, no renewal', async () => {
      storeSession({ accessToken: unreadableJwt(), expiresAt: Date.now() + 3_600_000, refreshToken: 'rt-1' });
      start();
      await app.settle();

      expect(app.session.isAuthenticated()).toBeFalse();
      expect(storedSession()).toBeNull();
      expect(app.webAuth.client.oauthToken).not.toHaveBeenCalled();
    });

    it('leaves the callback page alone: the login it completes replaces whatever is stored', async () => {
      storeSession({ expiresAt: Date.now() - 1, refreshToken: 'rt-1' });
      app = startSpecApp(authSession, { url: '/callback?code=c&state=s' });
      await app.settle();

      expect(app.webAuth.client.oauthToken).not.toHaveBeenCalled();
      expect(storedSession()?.refreshToken).toBe('rt-1');
    });
  });

  describe('other tabs', () => {
    it('follows a renewal made in another tab: the plan moves to the new expiry', async () => {
      storeSession({ expiresAt: Date.now() + 20_000, refreshToken: 'rt-1' });
      start();
      answerWith('rt-3', 60);

      storeSession({ expiresAt: Date.now() + 3_600_000, refreshToken: 'rt-2' });
      app.storageChanged();
      app.elapse(16_000);
      await app.settle();

      expect(app.webAuth.client.oauthToken).not.toHaveBeenCalled();
    });

    it('tells listeners when another tab logged out, and plans no renewal', () => {
      storeSession({ refreshToken: 'rt-1' });
      start();
      const ended = jasmine.createSpy('ended');
      app.core.endings.onSessionEnded(ended);

      localStorage.setItem('authSession.epoch', 'after-the-logout');
      localStorage.removeItem('authSession');
      app.storageChanged('authSession.epoch');

      expect(ended).toHaveBeenCalledTimes(1);
      expect(app.session.notice?.code).toBe('logged_out_elsewhere');
      app.verifyNoTimers();
    });
  });
});
