import '../testing/setup';
import { startSpecApp, type SpecApp } from '../testing/app.testing';
import { TEST_APP_CONFIG } from '../testing/app-config.testing';
import { clearSession, loginsUnderWay, storeSession } from '../testing/session.testing';
import authModule from './auth.module';
import { LoginError } from './auth-error';
import { LoginTransactions } from './login-transaction';
import { STORAGE_KEYS } from './session-store';

describe('authService', () => {
  let app: SpecApp;

  beforeEach(clearSession);
  afterEach(clearSession);

  describe('isAuthenticated()', () => {
    beforeEach(() => {
      app = startSpecApp(authModule);
    });

    afterEach(() => jasmine.clock().uninstall());

    it('is true while the access token has not expired', () => {
      storeSession({ expiresAt: Date.now() + 60_000 });

      expect(app.authService.isAuthenticated()).toBeTrue();
      expect(app.authService.session.accessToken()).toBe(localStorage.getItem(STORAGE_KEYS.accessToken));
    });

    it('counts an expired token as logged out', () => {
      storeSession({ expiresAt: Date.now() - 1 });

      expect(app.authService.isAuthenticated()).toBeFalse();
      expect(app.authService.session.accessToken()).toBeNull();
      expect(app.authService.session.scopes()).toEqual([]);
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
        expect(app.authService.session.expiresAt()).toBeNull();
        expect(app.authService.session.state()).toBe('corrupt');
      });
    }

    it('is false, without throwing, when storage cannot be read', () => {
      storeSession();
      spyOn(Storage.prototype, 'getItem').and.throwError(new DOMException('denied', 'SecurityError'));

      expect(app.authService.isAuthenticated()).toBeFalse();
      expect(app.authService.session.accessToken()).toBeNull();
    });
  });

  describe('the stored session', () => {
    it('tells no session, a valid one, an expired one and values this app did not write apart', () => {
      app = startSpecApp(authModule);

      expect(app.authService.session.state()).toBe('none');
      storeSession();
      expect(app.authService.session.state()).toBe('valid');
      storeSession({ expiresAt: Date.now() - 1 });
      expect(app.authService.session.state()).toBe('expired');
      localStorage.setItem(STORAGE_KEYS.expiresAt, '{oops');
      expect(app.authService.session.state()).toBe('corrupt');
    });
  });

  describe('accessTokenKind()', () => {
    it('is jwt for a JWT, opaque for an opaque token, null without a session', () => {
      app = startSpecApp(authModule);

      expect(app.authService.accessTokenKind()).toBeNull();
      storeSession();
      expect(app.authService.accessTokenKind()).toBe('jwt');
      storeSession({ accessToken: 'Dq0Xk2opaque-token' });
      expect(app.authService.accessTokenKind()).toBe('opaque');
    });
  });

  describe('endSession()', () => {
    it('forgets the session, shows the note with the current page to come back to, and tells listeners', () => {
      storeSession({ refreshToken: 'rt-1' });
      app = startSpecApp(authModule, { url: '/profile' });
      const ended = jasmine.createSpy('ended');
      app.authService.onSessionEnded(ended);

      app.authService.endSession('Your session has ended.');

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
    const revokeUrl = `${TEST_APP_CONFIG.domain}/oauth/revoke`;

    beforeEach(() => {
      storeSession({ refreshToken: 'rt-to-revoke' });
      localStorage.setItem('unrelated', 'kept');
      new LoginTransactions(() => window.sessionStorage).begin({ returnTo: '/ping', codeVerifier: 'v' });
      app = startSpecApp(authModule);
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

    it('revokes the refresh token (a form POST with the client id), then ends the server session with a way back', () => {
      app.$httpBackend
        .expectPOST(
          revokeUrl,
          `token=rt-to-revoke&client_id=${TEST_APP_CONFIG.clientId}`,
          ((headers: Record<string, string>) =>
            headers['Content-Type'] === 'application/x-www-form-urlencoded' && !('Authorization' in headers)) as never
        )
        .respond(200, '');

      void app.authService.logout();
      app.$rootScope.$digest();
      expect(app.webAuth.logout).withContext('not before the revocation answered').not.toHaveBeenCalled();
      app.$httpBackend.flush();

      expect(app.webAuth.logout).toHaveBeenCalledOnceWith({ returnTo: `${window.location.origin}/` });
      expect(sessionStorage.getItem('logged_out')).toBe('1');
    });

    for (const [what, status] of [
      ['refuses', 400],
      ['fails', 500],
      ['cannot be reached', -1],
    ] as const) {
      it(`logs out all the same when the revocation endpoint ${what}`, () => {
        app.$httpBackend.expectPOST(revokeUrl).respond(status, '');

        void app.authService.logout();
        app.$httpBackend.flush();

        expect(app.webAuth.logout).toHaveBeenCalledTimes(1);
        expect(app.authService.isAuthenticated()).toBeFalse();
      });
    }

    it('revokes nothing when no refresh token was issued', () => {
      localStorage.removeItem(STORAGE_KEYS.refreshToken);

      void app.authService.logout();
      app.$rootScope.$digest();

      expect(app.webAuth.logout).toHaveBeenCalledTimes(1);
    });

    it('still forgets the session, and says you logged out, when auth0-js cannot be loaded', () => {
      const $q = app.injector.get<angular.IQService>('$q');
      app.injector
        .get<{ load: jasmine.Spy }>('auth0Loader')
        .load.and.callFake(() => $q.reject(new LoginError('The login library could not be loaded.')));

      void app.authService.logout();
      app.$rootScope.$digest();

      expect(app.authService.isAuthenticated()).toBeFalse();
      expect(app.authService.loggedOut).toBeTrue();
    });
  });

  describe('after a logout', () => {
    it('knows the page is where the logout came back to, once', () => {
      sessionStorage.setItem('logged_out', '1');
      app = startSpecApp(authModule);

      expect(app.authService.loggedOut).toBeTrue();
      expect(sessionStorage.getItem('logged_out')).withContext('consumed at start').toBeNull();
    });

    it('does not say so on a first visit', () => {
      app = startSpecApp(authModule);

      expect(app.authService.loggedOut).toBeFalse();
    });
  });

  describe('auth0-js', () => {
    const loader = () => app.injector.get<{ load: jasmine.Spy; loadWhenIdle: jasmine.Spy }>('auth0Loader');

    it('is loaded while the browser is idle when a login is likely (no session)', () => {
      app = startSpecApp(authModule);

      expect(loader().loadWhenIdle).toHaveBeenCalledTimes(1);
    });

    it('is not loaded at start-up with a valid session', () => {
      storeSession();
      app = startSpecApp(authModule);

      expect(loader().loadWhenIdle).not.toHaveBeenCalled();
      expect(loader().load).not.toHaveBeenCalled();
    });

    it('is fetched at once on the callback page, which needs it to finish the login', () => {
      app = startSpecApp(authModule, { url: '/callback?code=c&state=s' });

      expect(loader().load).toHaveBeenCalledTimes(1);
      expect(loader().loadWhenIdle).not.toHaveBeenCalled();
    });
  });
});
