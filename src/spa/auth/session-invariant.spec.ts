import '../testing/setup';
import { holdOAuthToken, tokenResponse } from '../testing/auth0.testing';
import { startSpecApp, type SpecApp } from '../testing/app.testing';
import {
  clearSession,
  fakeAccessToken,
  fakeIdToken,
  storeSession,
  storedAccessToken,
} from '../testing/session.testing';
import { AUTH_MODULE } from './auth.module';
import { OTHER_USER } from './auth-error';
import { STORAGE_KEYS } from './session-store';

/**
 * The session's one rule (auth.service.ts, session-store.ts): tokens are stored only for the session that is still
 * the stored one. Each interleaving below brought a session back, or overwrote another, before the rule.
 */
describe('the session invariant: state is written only by the session that still owns it', () => {
  let app: SpecApp;

  beforeEach(clearSession);
  afterEach(clearSession);

  const nothingStored = () => {
    for (const key of Object.values(STORAGE_KEYS)) expect(localStorage.getItem(key)).withContext(key).toBeNull();
  };

  /** A stored session whose access token has expired, renewing at start-up; the token endpoint holds its answer. */
  async function renewing(): Promise<(refreshToken: string) => Promise<void>> {
    storeSession({ expiresAt: Date.now() - 1, refreshToken: 'rt-1', sessionId: 'session-a' });
    app = startSpecApp(AUTH_MODULE);
    const held = holdOAuthToken(app.webAuth);
    await app.settle();
    expect(app.webAuth.client.oauthToken).withContext('the renewal is under way').toHaveBeenCalledTimes(1);
    return async (refreshToken) => {
      held[0](null, tokenResponse(fakeAccessToken(Date.now() + 3_600_000), { refreshToken }));
      await app.settle();
    };
  }

  it('a renewal answer that lands after a logout in this tab is dropped, and its refresh token revoked', async () => {
    const answer = await renewing();

    void app.authService.logout();
    await app.settle();
    await answer('rt-2');

    nothingStored();
    expect(app.authService.isAuthenticated()).toBeFalse();
    expect(app.revokedTokens().sort()).toEqual(['rt-1', 'rt-2']);
  });

  it('a renewal answer that lands after a logout in another tab is dropped, and its refresh token revoked', async () => {
    const answer = await renewing();

    clearSession(); // the other tab's logout, as this tab sees it in localStorage
    await answer('rt-2');

    nothingStored();
    expect(app.revokedTokens()).toEqual(['rt-2']);
    expect(app.notice.active).withContext('the other tab logged out: no note here').toBeFalse();
  });

  it("an old session's renewal answer never overwrites a login made in another tab meanwhile", async () => {
    const answer = await renewing();

    const newLogin = storeSession({ refreshToken: 'rt-new-login', sessionId: 'session-b' });
    await answer('rt-2');

    expect(storedAccessToken()).toBe(newLogin);
    expect(localStorage.getItem(STORAGE_KEYS.sessionId)).toBe('session-b');
    expect(localStorage.getItem(STORAGE_KEYS.refreshToken)).toBe('rt-new-login');
    expect(app.revokedTokens()).toEqual(['rt-2']);
    expect(app.authService.isAuthenticated()).toBeTrue();
  });

  it('a logout waits for a renewal another tab is finishing, and ends the session that renewal stored too', async () => {
    storeSession({ refreshToken: 'rt-1', sessionId: 'session-a' });
    app = startSpecApp(AUTH_MODULE);
    // Another tab holds the session lock: its renewal of session-a is under way.
    let finishOtherTab!: () => void;
    void app.browser.locks.request('auth-session', () => new Promise<void>((done) => (finishOtherTab = done)));

    void app.authService.logout();
    await app.settle();
    nothingStored();
    expect(app.webAuth.logout).withContext('not before the other tab is done').not.toHaveBeenCalled();

    // The other tab had read session-a before the logout reached it: it stores its renewal, then lets go.
    storeSession({ refreshToken: 'rt-2', sessionId: 'session-a' });
    finishOtherTab();
    await app.settle();

    nothingStored();
    expect(app.revokedTokens().sort()).toEqual(['rt-1', 'rt-2']);
    await app.settle();
    expect(app.webAuth.logout).toHaveBeenCalledTimes(1);
  });

  it('a logout leaves alone a new login that another tab stored meanwhile', async () => {
    storeSession({ refreshToken: 'rt-1', sessionId: 'session-a' });
    app = startSpecApp(AUTH_MODULE);
    let finishOtherTab!: () => void;
    void app.browser.locks.request('auth-session', () => new Promise<void>((done) => (finishOtherTab = done)));

    void app.authService.logout();
    await app.settle();
    const newLogin = storeSession({ refreshToken: 'rt-b', sessionId: 'session-b' });
    finishOtherTab();
    await app.settle();

    expect(storedAccessToken()).toBe(newLogin);
    expect(app.revokedTokens()).toEqual(['rt-1']);
  });

  describe('a renewed ID token', () => {
    it('is checked as at login (auth0-js validateToken, no nonce: a renewal has none) before anything is stored', async () => {
      const answer = await renewing();
      await answer('rt-2');

      expect(app.webAuth.validateToken).toHaveBeenCalledOnceWith(jasmine.any(String), undefined, jasmine.any(Function));
      expect(localStorage.getItem(STORAGE_KEYS.refreshToken)).toBe('rt-2');
    });

    it('that fails its checks is not stored, and the session ends with the reason', async () => {
      const answer = await renewing();
      app.webAuth.validateToken.and.callFake((_token, _nonce, callback) =>
        callback({ error: 'invalid_token', description: 'Invalid ID token signature.' } as never, null)
      );
      await answer('rt-2');

      nothingStored();
      expect(app.notice.message).toContain('Invalid ID token signature');
      expect(app.revokedTokens().sort()).toEqual(['rt-1']);
    });

    it('for another user is not stored, and the session ends saying so', async () => {
      storeSession({ expiresAt: Date.now() - 1, refreshToken: 'rt-1', idToken: fakeIdToken({ sub: 'auth0|alice' }) });
      app = startSpecApp(AUTH_MODULE);
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

      nothingStored();
      expect(app.notice.message).toBe(OTHER_USER);
      expect(app.revokedTokens().sort()).toEqual(['rt-1', 'rt-mallory']);
    });
  });
});
