import '../testing/setup';
import { startSpecApp, type SpecApp } from '../testing/app.testing';
import { TEST_APP_CONFIG } from '../testing/app-config.testing';
import { clearSession, loginsUnderWay, storeSession } from '../testing/session.testing';
import { AUTH_MODULE } from './auth.module';
import { LoginError } from './auth-error';
import { LoginTransactions } from './login-transaction';
import { SessionStore, STORAGE_KEYS } from './session-store';

describe('authService', () => {
  let app: SpecApp;
  const store = new SessionStore(() => window.localStorage);
  const revokeUrl = `${TEST_APP_CONFIG.domain}/oauth/revoke`;

  beforeEach(clearSession);
  afterEach(clearSession);

  describe('isAuthenticated()', () => {
    beforeEach(() => {
      app = startSpecApp(AUTH_MODULE);
    });

    afterEach(() => jasmine.clock().uninstall());

    it('is true while the access token has not expired', () => {
      storeSession({ expiresAt: Date.now() + 60_000 });

      expect(app.authService.isAuthenticated()).toBeTrue();
      expect(store.accessToken()).toBe(localStorage.getItem(STORAGE_KEYS.accessToken));
    });

    it('counts an expired token as logged out', () => {
      storeSession({ expiresAt: Date.now() - 1 });

      expect(app.authService.isAuthenticated()).toBeFalse();
      expect(store.accessToken()).toBeNull();
      expect(store.scopes()).toEqual([]);
    });

    it('turns false at the moment of expiry', () => {
      jasmine.clock().install();
      jasmine.clock().mockDate(new Date(Date.UTC(2030, 0, 1)));
      storeSession({ expiresAt: Date.now() + 1000 });
      expect(app.authService.isAuthenticated()).toBeTrue();

      jasmine.clock().tick(1000);

      expect(app.authService.isAuthenticated()).toBeFalse();
    });

    it('is false with no token, even with a future expiry', () => {
      localStorage.setItem(STORAGE_KEYS.expiresAt, String(Date.now() + 60_000));

      expect(app.authService.isAuthenticated()).toBeFalse();
    });

    for (const junk of ['not json', '"1893456000000"', '{}', 'null', 'NaN', '[1]', 'Infinity']) {
      it(`is false, without throwing, when expires_at holds ${JSON.stringify(junk)}`, () => {
        storeSession();
        localStorage.setItem(STORAGE_KEYS.expiresAt, junk);

        expect(() => app.authService.isAuthenticated()).not.toThrow();
        expect(app.authService.isAuthenticated()).toBeFalse();
        expect(store.expiresAt()).toBeNull();
        expect(store.state()).toBe('corrupt');
      });
    }

    it('is false, without throwing, when storage cannot be read', () => {
      storeSession();
      spyOn(Storage.prototype, 'getItem').and.throwError(new DOMException('denied', 'SecurityError'));

      expect(app.authService.isAuthenticated()).toBeFalse();
      expect(store.accessToken()).toBeNull();
    });
  });

  describe('the stored session', () => {
    it('tells no session, a valid one, an expired one and values this app did not write apart', () => {
      expect(store.state()).toBe('none');
      storeSession();
      expect(store.state()).toBe('valid');
      storeSession({ expiresAt: Date.now() - 1 });
      expect(store.state()).toBe('expired');
      localStorage.setItem(STORAGE_KEYS.expiresAt, '{oops');
      expect(store.state()).toBe('corrupt');
      storeSession();
      localStorage.removeItem(STORAGE_KEYS.sessionId);
      expect(store.state()).withContext('tokens of no session').toBe('corrupt');
    });
  });

  describe('accessTokenKind()', () => {
    it('is jwt for a JWT, opaque for an opaque token, null without a session', () => {
      app = startSpecApp(AUTH_MODULE);

      expect(app.authService.accessTokenKind()).toBeNull();
      storeSession();
      expect(app.authService.accessTokenKind()).toBe('jwt');
      storeSession({ accessToken: 'Dq0Xk2opaque-token' });
      expect(app.authService.accessTokenKind()).toBe('opaque');
    });
  });

  describe('endSession()', () => {
    it('forgets the session, revokes its refresh token, shows the note with this page to come back to, and tells listeners', async () => {
      storeSession({ refreshToken: 'rt-1' });
      app = startSpecApp(AUTH_MODULE, { url: '/profile' });
      const ended = jasmine.createSpy('ended');
      app.authService.onSessionEnded(ended);
      app.$httpBackend.expectPOST(revokeUrl, `token=rt-1&client_id=${TEST_APP_CONFIG.clientId}`).respond(200, '');

      app.authService.endSession('Your session has ended.');
      app.$httpBackend.flush();
      await app.settle();
      app.$httpBackend.verifyNoOutstandingExpectation();

      expect(app.notice.message).toBe('Your session has ended.');
      expect(app.notice.returnTo).toBe('/profile');
      expect(app.authService.isAuthenticated()).toBeFalse();
      for (const key of Object.values(STORAGE_KEYS)) expect(localStorage.getItem(key)).withContext(key).toBeNull();
      expect(ended).toHaveBeenCalledTimes(1);
      expect(app.browser.location.assign).not.toHaveBeenCalled();
      expect(app.webAuth.logout).not.toHaveBeenCalled();
    });
  });

  describe('logout()', () => {
    beforeEach(() => {
      storeSession({ refreshToken: 'rt-to-revoke' });
      localStorage.setItem('unrelated', 'kept');
      new LoginTransactions(() => window.sessionStorage).begin({ returnTo: '/ping', codeVerifier: 'v' });
      app = startSpecApp(AUTH_MODULE);
    });

    afterEach(() => {
      app.$httpBackend.verifyNoOutstandingExpectation();
      app.$httpBackend.verifyNoOutstandingRequest();
      localStorage.removeItem('unrelated');
    });

    it("forgets every stored token and this tab's logins at once", () => {
      app.$httpBackend.whenPOST(revokeUrl).respond(200, '');

      void app.authService.logout();

      for (const key of Object.values(STORAGE_KEYS)) expect(localStorage.getItem(key)).withContext(key).toBeNull();
      expect(localStorage.getItem('unrelated')).toBe('kept');
      expect(loginsUnderWay()).toEqual([]);
      expect(app.authService.isAuthenticated()).toBeFalse();
      app.$httpBackend.flush();
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

      void app.authService.logout();
      await app.settle();
      expect(app.webAuth.logout).withContext('not before the revocation answered').not.toHaveBeenCalled();
      app.$httpBackend.flush();
      await app.settle();

      expect(app.webAuth.logout).toHaveBeenCalledOnceWith({ returnTo: `${window.location.origin}/` });
      expect(sessionStorage.getItem('logged_out')).toBe('1');
    });

    for (const [what, status] of [
      ['refuses', 400],
      ['fails', 500],
      ['cannot be reached', -1],
    ] as const) {
      it(`logs out all the same when the revocation endpoint ${what}`, async () => {
        app.$httpBackend.expectPOST(revokeUrl).respond(status, '');

        void app.authService.logout();
        app.$httpBackend.flush();
        await app.settle();

        expect(app.webAuth.logout).toHaveBeenCalledTimes(1);
        expect(app.authService.isAuthenticated()).toBeFalse();
      });
    }

    it('revokes nothing when no refresh token was issued', async () => {
      localStorage.removeItem(STORAGE_KEYS.refreshToken);

      void app.authService.logout();
      await app.settle();

      expect(app.webAuth.logout).toHaveBeenCalledTimes(1);
    });

    it('still forgets the session, and says you logged out, when auth0-js cannot be loaded', async () => {
      app.$httpBackend.whenPOST(revokeUrl).respond(200, '');
      const $q = app.injector.get<angular.IQService>('$q');
      app.injector
        .get<{ load: jasmine.Spy }>('auth0Loader')
        .load.and.callFake(() => $q.reject(new LoginError('The login library could not be loaded.')));

      void app.authService.logout();
      app.$httpBackend.flush();
      await app.settle();

      expect(app.authService.isAuthenticated()).toBeFalse();
      expect(app.authService.loggedOut).toBeTrue();
    });
  });

  describe('after a logout', () => {
    it('knows the page is where the logout came back to, once', () => {
      sessionStorage.setItem('logged_out', '1');
      app = startSpecApp(AUTH_MODULE);

      expect(app.authService.loggedOut).toBeTrue();
      expect(sessionStorage.getItem('logged_out')).withContext('consumed at start').toBeNull();
    });

    it('does not say so on a first visit', () => {
      app = startSpecApp(AUTH_MODULE);

      expect(app.authService.loggedOut).toBeFalse();
    });
  });

  describe('auth0-js', () => {
    const loader = () => app.injector.get<{ load: jasmine.Spy; loadWhenIdle: jasmine.Spy }>('auth0Loader');

    it('is loaded while the browser is idle when a login is likely (no session)', () => {
      app = startSpecApp(AUTH_MODULE);

      expect(loader().loadWhenIdle).toHaveBeenCalledTimes(1);
    });

    it('is not loaded at start-up with a valid session', () => {
      storeSession();
      app = startSpecApp(AUTH_MODULE);

      expect(loader().loadWhenIdle).not.toHaveBeenCalled();
      expect(loader().load).not.toHaveBeenCalled();
    });

    it('is fetched at once on the callback page, which needs it to finish the login', () => {
      const { state } = new LoginTransactions(() => window.sessionStorage).begin({ returnTo: '/', codeVerifier: 'v' });
      app = startSpecApp(AUTH_MODULE, { url: `/callback?code=c&state=${state}` });

      expect(loader().load).toHaveBeenCalledTimes(1);
      expect(loader().loadWhenIdle).not.toHaveBeenCalled();
    });
  });
});
