import '../testing/setup';
import { answerOAuthToken, holdOAuthToken, tokenResponse } from '../testing/auth0.testing';
import { startSpecApp, type SpecApp } from '../testing/app.testing';
import {
  beginLogin,
  clearSession,
  fakeAccessToken,
  fakeIdToken,
  SENTENCES,
  storedAccessToken,
  storedSession,
  storeSession,
} from '../testing/session.testing';
import authSession from './index';
import { STORAGE_KEYS } from './session-store';

/**
 * The session's one rule (session.ts, session-store.ts): state is written only by the session that still owns it.
 * Each interleaving below brought a session back, or overwrote another, before the rule.
 */
describe('the session invariant: state is written only by the session that still owns it', () => {
  let app: SpecApp;

  beforeEach(clearSession);
  afterEach(clearSession);

  const noSessionStored = () => expect(localStorage.getItem(STORAGE_KEYS.session)).withContext('stored').toBeNull();

  /** Another tab's logout, as this tab finds it in localStorage: a new epoch, and no session. */
  const logoutInAnotherTab = () => {
    localStorage.setItem(STORAGE_KEYS.epoch, `epoch-${Math.random()}`);
    localStorage.removeItem(STORAGE_KEYS.session);
  };

  /** A stored session whose access token has expired, renewing at start-up; the token endpoint holds its answer. */
  async function renewing(): Promise<(refreshToken: string) => Promise<void>> {
    storeSession({ expiresAt: Date.now() - 1, refreshToken: 'rt-1', sessionId: 'session-a' });
    app = startSpecApp(authSession);
    const held = holdOAuthToken(app.webAuth);
    await app.settle();
    expect(app.webAuth.client.oauthToken).withContext('the renewal is under way').toHaveBeenCalledTimes(1);
    return async (refreshToken) => {
      held[0](null, tokenResponse(fakeAccessToken(Date.now() + 3_600_000), { refreshToken }));
      await app.settle();
    };
  }

  /** This tab opened at the callback of a login it began; the code exchange holds its answer. */
  async function completing(): Promise<(refreshToken: string) => Promise<void>> {
    const { state } = beginLogin({ returnTo: '/ping', codeVerifier: 'v' });
    app = startSpecApp(authSession, { url: `/callback?code=c&state=${state}` });
    const held = holdOAuthToken(app.webAuth);
    await app.settleUntil(() => held.length > 0);
    return async (refreshToken) => {
      held[0](null, tokenResponse(fakeAccessToken(Date.now() + 3_600_000), { refreshToken }));
      await app.settle();
    };
  }

  describe('renewals', () => {
    it('a renewal answer that lands after a logout in this tab is dropped, and its refresh token revoked', async () => {
      const answer = await renewing();

      void app.session.logout();
      await app.settle();
      await answer('rt-2');

      noSessionStored();
      expect(app.session.isAuthenticated()).toBeFalse();
      expect(app.revokedTokens().sort()).toEqual(['rt-1', 'rt-2']);
    });

    it('a renewal answer that lands after a logout in another tab is dropped, and its refresh token revoked', async () => {
      const answer = await renewing();

      logoutInAnotherTab();
      await answer('rt-2');

      noSessionStored();
      expect(app.revokedTokens()).toEqual(['rt-2']);
      expect(app.session.notice?.code).toBe('logged_out_elsewhere');
    });

    it("an old session's renewal answer never overwrites a login made in another tab meanwhile", async () => {
      const answer = await renewing();

      const newLogin = storeSession({ refreshToken: 'rt-new-login', sessionId: 'session-b' });
      await answer('rt-2');

      expect(storedAccessToken()).toBe(newLogin);
      expect(storedSession()).toEqual(jasmine.objectContaining({ id: 'session-b', refreshToken: 'rt-new-login' }));
      expect(app.revokedTokens()).toEqual(['rt-2']);
      expect(app.session.isAuthenticated()).toBeTrue();
    });

    it('a logout waits for a renewal another tab is finishing, and ends the session that renewal stored too', async () => {
      storeSession({ refreshToken: 'rt-1', sessionId: 'session-a' });
      const epochOfA = localStorage.getItem(STORAGE_KEYS.epoch) ?? '';
      app = startSpecApp(authSession);
      // Another tab holds the session lock: its renewal of session-a is under way.
      let finishOtherTab!: () => void;
      void app.browser.locks.request('authSession', () => new Promise<void>((done) => (finishOtherTab = done)));

      void app.session.logout();
      await app.settle();
      noSessionStored();
      expect(app.webAuth.logout).withContext('not before the other tab is done').not.toHaveBeenCalled();

      // The other tab had read session-a before the logout reached it: it stores its renewal, then lets go.
      const stale = { ...JSON.parse(JSON.stringify({ id: 'session-a', epoch: epochOfA })), refreshToken: 'rt-2' };
      localStorage.setItem(
        STORAGE_KEYS.session,
        JSON.stringify({
          ...stale,
          accessToken: fakeAccessToken(Date.now() + 60_000),
          idToken: fakeIdToken(),
          expiresAt: Date.now() + 60_000,
          scope: 'openid',
        })
      );
      expect(app.session.isAuthenticated())
        .withContext('a session of an earlier epoch is none, even before the sweep')
        .toBeFalse();
      finishOtherTab();
      await app.settleUntil(() => app.webAuth.logout.calls.any());

      noSessionStored();
      expect(app.revokedTokens().sort()).toEqual(['rt-1', 'rt-2']);
      expect(app.webAuth.logout).toHaveBeenCalledTimes(1);
    });
  });

  describe('logins', () => {
    it('a login whose code exchange answers after a logout in another tab is not stored, and its refresh token is revoked', async () => {
      storeSession({ refreshToken: 'rt-old', sessionId: 'session-a' });
      const answer = await completing();

      logoutInAnotherTab();
      await answer('rt-late');

      noSessionStored();
      expect(app.session.isAuthenticated()).toBeFalse();
      expect(app.session.completion).toEqual({
        state: 'failed',
        code: 'logged_out_meanwhile',
        message: SENTENCES.logged_out_meanwhile,
      });
      expect(app.revokedTokens()).toEqual(['rt-late']);
    });

    it('a login begun before a logout in another tab, whose callback comes after it, is not stored either', async () => {
      const { state } = beginLogin({ returnTo: '/ping', codeVerifier: 'v' });
      logoutInAnotherTab();
      app = startSpecApp(authSession, { url: `/callback?code=c&state=${state}` });
      answerOAuthToken(
        app.webAuth,
        null,
        tokenResponse(fakeAccessToken(Date.now() + 60_000), { refreshToken: 'rt-x' })
      );
      await app.settleUntil(() => app.session.completion.state !== 'completing');

      noSessionStored();
      expect(app.session.completion.code).toBe('logged_out_meanwhile');
      expect(app.revokedTokens()).toEqual(['rt-x']);
    });

    it('a login begun after the logout is stored as usual', async () => {
      logoutInAnotherTab();
      const answer = await completing();

      await answer('rt-new');

      expect(storedSession()?.refreshToken).toBe('rt-new');
      expect(app.session.isAuthenticated()).toBeTrue();
    });

    it('a logout in this tab sweeps a login another tab stored meanwhile from before the logout, and revokes its token', async () => {
      storeSession({ refreshToken: 'rt-1', sessionId: 'session-a' });
      const epochBefore = localStorage.getItem(STORAGE_KEYS.epoch) ?? '';
      app = startSpecApp(authSession);
      let finishOtherTab!: () => void;
      void app.browser.locks.request('authSession', () => new Promise<void>((done) => (finishOtherTab = done)));

      void app.session.logout();
      await app.settle();
      // The other tab completes a login it began before this logout, reading storage before the logout reached it.
      localStorage.setItem(
        STORAGE_KEYS.session,
        JSON.stringify({
          id: 'session-b',
          epoch: epochBefore,
          accessToken: fakeAccessToken(Date.now() + 60_000),
          idToken: fakeIdToken(),
          refreshToken: 'rt-b',
          expiresAt: Date.now() + 60_000,
          scope: 'openid',
        })
      );
      finishOtherTab();
      await app.settleUntil(() => app.webAuth.logout.calls.any());

      noSessionStored();
      expect(app.revokedTokens().sort()).toEqual(['rt-1', 'rt-b']);
    });

    it('a logout leaves alone a login begun after it, which another tab stored meanwhile', async () => {
      storeSession({ refreshToken: 'rt-1', sessionId: 'session-a' });
      app = startSpecApp(authSession);
      let finishOtherTab!: () => void;
      void app.browser.locks.request('authSession', () => new Promise<void>((done) => (finishOtherTab = done)));

      void app.session.logout();
      await app.settle();
      const newLogin = storeSession({ refreshToken: 'rt-b', sessionId: 'session-b' });
      finishOtherTab();
      await app.settle();

      expect(storedAccessToken()).toBe(newLogin);
      expect(app.revokedTokens()).toEqual(['rt-1']);
    });
  });

  describe('a renewed ID token', () => {
    it('is checked as at login (auth0-js validateToken, no nonce: a renewal has none) before anything is stored', async () => {
      const answer = await renewing();
      await answer('rt-2');

      expect(app.webAuth.validateToken).toHaveBeenCalledOnceWith(jasmine.any(String), undefined, jasmine.any(Function));
      expect(storedSession()?.refreshToken).toBe('rt-2');
    });

    it('that fails its checks is not stored, and the session ends with the reason', async () => {
      const answer = await renewing();
      app.webAuth.validateToken.and.callFake((_token, _nonce, callback) =>
        callback({ error: 'invalid_token', description: 'Invalid ID token signature.' } as never, null)
      );
      await answer('rt-2');

      noSessionStored();
      expect(app.session.notice?.message).toContain('Invalid ID token signature');
      expect(app.revokedTokens().sort()).toEqual(['rt-1']);
    });

    it('for another user is not stored, and the session ends saying so', async () => {
      storeSession({ expiresAt: Date.now() - 1, refreshToken: 'rt-1', idToken: fakeIdToken({ sub: 'auth0|alice' }) });
      app = startSpecApp(authSession);
      const held = holdOAuthToken(app.webAuth);
      await app.settle();
      held[0](
        null,
        tokenResponse(fakeAccessToken(Date.now() + 3_600_000), {
          refreshToken: 'rt-mallory',
          idToken: fakeIdToken({ sub: 'auth0|mallory' }),
        })
      );
      await app.settle();

      noSessionStored();
      expect(app.session.notice?.message).toBe(SENTENCES.other_user);
      expect(app.revokedTokens().sort()).toEqual(['rt-1', 'rt-mallory']);
    });
  });
});
