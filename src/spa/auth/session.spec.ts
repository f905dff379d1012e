import '../testing/setup';
import { startSpecApp, type SpecApp } from '../testing/app.testing';
import { TEST_APP_CONFIG } from '../testing/app-config.testing';
import {
  beginLogin,
  clearSession,
  fakeAccessToken,
  fakeIdToken,
  loginsUnderWay,
  SENTENCES,
  storedSession,
  storeSession,
} from '../testing/session.testing';
import authSession from './index';
import { STORAGE_KEYS } from './session-store';

describe('the session', () => {
  let app: SpecApp;
  const revokeUrl = `${TEST_APP_CONFIG.domain}/oauth/revoke`;
  const discoveryUrl = `${TEST_APP_CONFIG.domain}/.well-known/openid-configuration`;

  beforeEach(clearSession);
  afterEach(clearSession);

  describe('isAuthenticated()', () => {
    afterEach(() => jasmine.clock().uninstall());

    it('is true while the access token has not expired', () => {
      storeSession({ expiresAt: Date.now() + 60_000 });
      app = startSpecApp(authSession);

      expect(app.session.isAuthenticated()).toBeTrue();
    });

    it('counts an expired token as logged out', () => {
      storeSession({ expiresAt: Date.now() - 1 });
      app = startSpecApp(authSession);

      expect(app.session.isAuthenticated()).toBeFalse();
      expect(app.session.user).toBeNull();
    });

    it('turns false at the moment of expiry', () => {
      jasmine.clock().install();
      jasmine.clock().mockDate(new Date(Date.UTC(2030, 0, 1)));
      storeSession({ expiresAt: Date.now() + 1000 });
      app = startSpecApp(authSession);
      expect(app.session.isAuthenticated()).toBeTrue();

      jasmine.clock().tick(1000);

      expect(app.session.isAuthenticated()).toBeFalse();
    });

    const junk = [
      'not json',
      '"a string"',
      '{}',
      'null',
      '[1]',
      JSON.stringify({ id: 'x', epoch: '', accessToken: 't', idToken: 'i', refreshToken: null, scope: '' }),
      JSON.stringify({
        id: 'x',
        epoch: '',
        accessToken: 't',
        idToken: 'i',
        refreshToken: 1,
        expiresAt: 9e12,
        scope: '',
      }),
    ];
    for (const value of junk) {
      it(`is false, without throwing, and clears it, when the session key holds ${value}`, () => {
        localStorage.setItem(STORAGE_KEYS.session, value);
        app = startSpecApp(authSession);

        expect(() => app.session.isAuthenticated()).not.toThrow();
        expect(app.session.isAuthenticated()).toBeFalse();
        expect(localStorage.getItem(STORAGE_KEYS.session)).toBeNull();
      });
    }

    it('is false, without throwing, when storage cannot be read', () => {
      storeSession();
      spyOn(Storage.prototype, 'getItem').and.throwError(new DOMException('denied', 'SecurityError'));
      app = startSpecApp(authSession);

      expect(app.session.isAuthenticated()).toBeFalse();
    });
  });

  describe('user', () => {
    it('says who is logged in, what was granted and until when, worked out once per stored session', () => {
      const expiresAt = Date.now() + 60_000;
      storeSession({
        expiresAt,
        idToken: fakeIdToken({ sub: 'auth0|1', name: 'Ada' }),
        scopes: 'openid read:messages',
      });
      app = startSpecApp(authSession);

      expect(app.session.user).toEqual({
        name: 'Ada',
        scopes: ['openid', 'read:messages'],
        expiresAt,
        accessTokenFormat: 'jwt',
      });
      expect(app.session.user).withContext('the same object on every digest').toBe(app.session.user);
    });

    it('tells an access token that is no JWT (no audience was asked for), which no API can verify', () => {
      storeSession({ accessToken: 'Dq0Xk2opaque-token' });
      app = startSpecApp(authSession);

      expect(app.session.user?.accessTokenFormat).toBe('opaque');
    });

    it('is null without a session', () => {
      app = startSpecApp(authSession);

      expect(app.session.user).toBeNull();
    });
  });

  describe('ending without a logout (the API refused the token)', () => {
    it('forgets the session, revokes its refresh token, shows the notice with this page to come back to, and tells listeners', async () => {
      const token = storeSession({ refreshToken: 'rt-1' });
      app = startSpecApp(authSession, { url: '/profile' });
      const ended = jasmine.createSpy('ended');
      app.core.endings.onSessionEnded(ended);

      app.$rootScope.$apply(() => app.core.endings.endIfRefused(token));
      await app.settle();

      expect(app.revokedTokens()).toEqual(['rt-1']);
      expect(app.session.notice?.code).toBe('token_refused');
      expect(app.session.notice?.message).toBe(SENTENCES.token_refused);
      expect(app.session.notice?.actionLabel).toBe('Log in again');
      expect(app.session.isAuthenticated()).toBeFalse();
      expect(localStorage.getItem(STORAGE_KEYS.session)).toBeNull();
      expect(ended).toHaveBeenCalledTimes(1);
      expect(app.browser.location.assign).not.toHaveBeenCalled();
      expect(app.webAuth.logout).not.toHaveBeenCalled();
      void app.session.notice?.act();
      expect(await app.returnTarget()).toBe('/profile');
    });
  });

  describe('logout()', () => {
    beforeEach(() => {
      storeSession({ refreshToken: 'rt-to-revoke' });
      localStorage.setItem('unrelated', 'kept');
      beginLogin({ returnTo: '/ping', codeVerifier: 'v' });
      app = startSpecApp(authSession);
    });

    afterEach(() => {
      app.$httpBackend.verifyNoOutstandingExpectation();
      app.$httpBackend.verifyNoOutstandingRequest();
      localStorage.removeItem('unrelated');
    });

    it("forgets the session in every tab and this tab's logins at once, and leaves other keys alone", async () => {
      const epoch = localStorage.getItem(STORAGE_KEYS.epoch);

      void app.session.logout();

      expect(localStorage.getItem(STORAGE_KEYS.session)).toBeNull();
      expect(localStorage.getItem(STORAGE_KEYS.epoch)).withContext('a new epoch').not.toBe(epoch);
      expect(localStorage.getItem('unrelated')).toBe('kept');
      expect(loginsUnderWay()).toEqual([]);
      expect(app.session.isAuthenticated()).toBeFalse();
      await app.settle();
    });

    it('revokes the refresh token (a form POST with the client id), then ends the server session with a way back', async () => {
      app.$httpBackend
        .expectPOST(
          revokeUrl,
          `token=rt-to-revoke&client_id=${TEST_APP_CONFIG.clientId}`,
          ((headers: Record<string, string>) =>
            headers['Content-Type'] === 'application/x-www-form-urlencoded' && !('Authorization' in headers)) as never
        )
        .respond(200, '');

      void app.session.logout();
      await app.settleUntil(() => app.webAuth.logout.calls.any());

      expect(app.webAuth.logout).toHaveBeenCalledOnceWith({ returnTo: `${window.location.origin}/` });
      expect(sessionStorage.getItem('authSession.loggedOut')).toBe('1');
    });

    for (const [what, status] of [
      ['refuses', 400],
      ['fails', 500],
    ] as const) {
      it(`logs out all the same when the revocation endpoint ${what}: the server answered`, async () => {
        app.$httpBackend.expectPOST(revokeUrl).respond(status, '');

        void app.session.logout();
        await app.settleUntil(() => app.webAuth.logout.calls.any());

        expect(app.webAuth.logout).toHaveBeenCalledTimes(1);
        expect(app.session.isAuthenticated()).toBeFalse();
      });
    }

    it('says what is done and what is not, with one way to finish, when the server cannot be reached', async () => {
      app.$httpBackend.expectPOST(revokeUrl).respond(-1, '');

      void app.session.logout();
      await app.settle();

      expect(app.webAuth.logout).withContext('not sent to a server that does not answer').not.toHaveBeenCalled();
      expect(app.session.isAuthenticated()).toBeFalse();
      expect(app.session.notice?.code).toBe('logout_incomplete');
      expect(app.session.notice?.message).toBe(SENTENCES.logout_incomplete);
      expect(app.session.notice?.actionLabel).toBe('Finish logging out');

      // The server is back: the one action finishes the logout.
      void app.session.notice?.act();
      await app.settleUntil(() => app.webAuth.logout.calls.any());
      expect(app.webAuth.logout).toHaveBeenCalledTimes(1);
    });

    it('says so too when auth0-js cannot be loaded, and forgets the session all the same', async () => {
      const $q = app.injector.get<angular.IQService>('$q');
      spyOn(app.loader, 'load').and.returnValue($q.reject(new Error('chunk failed')));

      void app.session.logout();
      await app.settle();

      expect(app.session.isAuthenticated()).toBeFalse();
      expect(app.session.loggedOut).toBeTrue();
      expect(app.session.notice?.code).toBe('logout_incomplete');
    });
  });

  describe('logout() with no refresh token to revoke (the implicit flow)', () => {
    it('asks the server whether it answers before it leaves, and stays, with the notice, when it does not', async () => {
      storeSession();
      app = startSpecApp(authSession);
      app.$httpBackend.expectGET(discoveryUrl).respond(-1, '');

      void app.session.logout();
      await app.settle();

      expect(app.webAuth.logout).not.toHaveBeenCalled();
      expect(app.session.notice?.code).toBe('logout_incomplete');
    });

    it('leaves for the server when it answers', async () => {
      storeSession();
      app = startSpecApp(authSession);

      void app.session.logout();
      await app.settleUntil(() => app.webAuth.logout.calls.any());

      expect(app.webAuth.logout).toHaveBeenCalledTimes(1);
    });
  });

  describe('after a logout', () => {
    it('knows the page is where the logout came back to, once', () => {
      sessionStorage.setItem('authSession.loggedOut', '1');
      app = startSpecApp(authSession);

      expect(app.session.loggedOut).toBeTrue();
      expect(sessionStorage.getItem('authSession.loggedOut')).withContext('consumed at start').toBeNull();
    });

    it('does not say so on a first visit', () => {
      app = startSpecApp(authSession);

      expect(app.session.loggedOut).toBeFalse();
    });
  });

  describe('other tabs', () => {
    it('follows a login made in another tab, written in one step: never "no session" in between', () => {
      storeSession({ sessionId: 'first' });
      app = startSpecApp(authSession);
      const ended = jasmine.createSpy('ended');
      app.core.endings.onSessionEnded(ended);

      storeSession({ sessionId: 'second', idToken: fakeIdToken({ sub: 'auth0|2', name: 'Second' }) });
      app.storageChanged();

      expect(app.session.user?.name).toBe('Second');
      expect(ended).not.toHaveBeenCalled();
      expect(app.session.notice).toBeNull();
    });

    it('ignores every key that is not its own', () => {
      storeSession();
      app = startSpecApp(authSession);
      localStorage.removeItem(STORAGE_KEYS.session);

      app.storageChanged('access_token');

      expect(app.session.isAuthenticated()).withContext('not re-read for a key of another script').toBeTrue();
    });

    it('says why the session ended when the user logged out in another tab', () => {
      storeSession();
      app = startSpecApp(authSession, { url: '/ping' });
      const ended = jasmine.createSpy('ended');
      app.core.endings.onSessionEnded(ended);

      localStorage.setItem(STORAGE_KEYS.epoch, 'a-new-epoch');
      localStorage.removeItem(STORAGE_KEYS.session);
      app.storageChanged(STORAGE_KEYS.epoch);

      expect(app.session.isAuthenticated()).toBeFalse();
      expect(app.session.notice?.code).toBe('logged_out_elsewhere');
      expect(app.session.notice?.message).toBe('You logged out in another tab.');
      expect(app.session.notice?.actionLabel).toBe('Log in');
      expect(ended).toHaveBeenCalledTimes(1);
    });

    it('says the session ended in another tab when it ended there without a logout', () => {
      storeSession();
      app = startSpecApp(authSession);

      localStorage.removeItem(STORAGE_KEYS.session);
      app.storageChanged();

      expect(app.session.notice?.code).toBe('ended_elsewhere');
    });
  });

  describe('auth0-js', () => {
    const loaded = () => app.injector.has('angularAuth0');

    it('is loaded while the browser is idle when a login is likely (no session)', () => {
      app = startSpecApp(authSession);

      expect(app.browser.requestIdleCallback).toHaveBeenCalledTimes(1);
      expect(loaded()).toBeFalse();
    });

    it('is not loaded at start-up with a valid session', async () => {
      storeSession();
      app = startSpecApp(authSession);
      await app.settle();

      expect(app.browser.requestIdleCallback).not.toHaveBeenCalled();
      expect(loaded()).toBeFalse();
    });

    it('is fetched at once on the callback page, which needs it to finish the login', async () => {
      const { state } = beginLogin({ returnTo: '/', codeVerifier: 'v' });
      app = startSpecApp(authSession, { url: `/callback?code=c&state=${state}` });
      await app.settle();

      expect(loaded()).toBeTrue();
      expect(app.browser.requestIdleCallback).not.toHaveBeenCalled();
    });

    it('is configured from the session configuration, as angularAuth0Provider.init was in the original', async () => {
      app = startSpecApp(authSession);
      void app.session.login();
      await app.settleUntil(() => loaded());

      expect(app.injector.get('angularAuth0')).toBe(app.webAuth);
    });
  });

  describe('the stored value', () => {
    it('is one JSON value under one key, with the session id and epoch that keep the invariant', async () => {
      const { state } = beginLogin({ returnTo: '/', codeVerifier: 'v' });
      app = startSpecApp(authSession, { url: `/callback?code=c&state=${state}` });
      const token = fakeAccessToken(Date.now() + 60_000);
      app.webAuth.client.oauthToken.and.callFake((_options, callback) =>
        callback(null, { accessToken: token, idToken: fakeIdToken(), expiresIn: 60, refreshToken: 'rt-1' })
      );
      await app.settleUntil(() => storedSession() !== null);

      expect(Object.keys(localStorage).filter((key) => key.startsWith('authSession'))).toEqual(['authSession']);
      expect(storedSession()).toEqual(
        jasmine.objectContaining({ accessToken: token, refreshToken: 'rt-1', epoch: '', id: jasmine.any(String) })
      );
    });
  });
});
