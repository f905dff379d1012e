import '../testing/setup';
import angular from 'angular';
import type { Auth0DecodedHash, Auth0ParseHashError } from 'auth0-js';
import { provideAppConfig } from '../testing/app-config.testing';
import { fakeAngularAuth0, holdCheckSession, renewedTokens, type FakeAngularAuth0 } from '../testing/auth0.testing';
import { clearSession, fakeAccessToken, storeSession } from '../testing/session.testing';
import authModule from './auth.module';
import { LoginError } from './auth-error';
import { LOGIN_RESPONSE_TIMEOUT_MS, type AuthService } from './auth.service';
import { RENEWAL } from './renewal-timing';
import { SESSION_EVENTS } from './session-events';
import type { SessionNotice } from './session-notice.service';

describe('authService', () => {
  let angularAuth0: FakeAngularAuth0;
  let injector: angular.auto.IInjectorService;
  let authService: AuthService;
  let $rootScope: angular.IRootScopeService;

  beforeEach(() => {
    clearSession();
    angularAuth0 = fakeAngularAuth0();
    angular.mock.module(provideAppConfig(), authModule, { angularAuth0 });
    angular.mock.inject([
      '$injector',
      ($injector: angular.auto.IInjectorService) => {
        injector = $injector;
      },
    ]);
    authService = injector.get<AuthService>('authService');
    $rootScope = injector.get('$rootScope');
  });

  afterEach(() => {
    clearSession();
    jasmine.clock().uninstall();
  });

  /** Makes the fake auth0-js answer parseHash as the real one would. */
  function parseHashAnswers(error: Auth0ParseHashError | null, result: Auth0DecodedHash | null = null): void {
    angularAuth0.parseHash.and.callFake((callback) => callback(error, result));
  }

  /** Runs handleAuthentication to the end and returns how it settled. */
  function handle(): { resolved: boolean; error?: LoginError } {
    const outcome: { resolved: boolean; error?: LoginError } = { resolved: false };
    authService.handleAuthentication().then(
      () => (outcome.resolved = true),
      (error: LoginError) => (outcome.error = error)
    );
    $rootScope.$digest();
    return outcome;
  }

  describe('login()', () => {
    it("sends the browser to authorize, with the client's options and home as the page to come back to", () => {
      authService.login();

      expect(angularAuth0.authorize).toHaveBeenCalledOnceWith({ appState: { returnTo: '/' } });
    });

    it('keeps the page to come back to in auth0-js appState', () => {
      authService.login({ returnTo: '/profile?tab=claims' });

      expect(angularAuth0.authorize.calls.mostRecent().args[0]?.appState).toEqual({ returnTo: '/profile?tab=claims' });
    });

    for (const foreign of ['https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)']) {
      it(`never carries a return target outside the app: ${foreign}`, () => {
        authService.login({ returnTo: foreign });

        expect(angularAuth0.authorize.calls.mostRecent().args[0]?.appState).toEqual({ returnTo: '/' });
      });
    }
  });

  describe('handleAuthentication()', () => {
    let $location: angular.ILocationService;
    let $browser: { url: jasmine.Spy };

    beforeEach(() => {
      $location = injector.get('$location');
      $browser = injector.get('$browser');
      $location.url('/callback').hash('access_token=at&id_token=it&expires_in=7200&state=s');
      $rootScope.$digest();
      spyOn($browser, 'url').and.callThrough();
    });

    it('stores the tokens, their expiry and the granted scopes, then goes home', () => {
      jasmine.clock().install();
      jasmine.clock().mockDate(new Date(Date.UTC(2030, 0, 1)));
      parseHashAnswers(null, { accessToken: 'at', idToken: 'it', expiresIn: 7200, scope: 'openid read:messages' });

      expect(handle().resolved).toBeTrue();
      expect(localStorage.getItem('access_token')).toBe('at');
      expect(localStorage.getItem('id_token')).toBe('it');
      expect(JSON.parse(localStorage.getItem('expires_at') as string)).toBe(Date.UTC(2030, 0, 1) + 7_200_000);
      expect(localStorage.getItem('scopes')).toBe('openid read:messages');
      expect(authService.isAuthenticated()).toBeTrue();
      expect(($rootScope as angular.IRootScopeService & { isAuthenticated: boolean }).isAuthenticated).toBeTrue();
    });

    it('replaces the history entry with the home URL, so the tokens leave the address bar and the history', () => {
      parseHashAnswers(null, { accessToken: 'at', idToken: 'it', expiresIn: 7200, scope: 'openid' });

      handle();

      expect($location.url()).toBe('/');
      expect($location.hash()).toBe('');
      const [url, replace] = $browser.url.calls.mostRecent().args;
      expect(url).not.toContain('access_token');
      expect(replace).withContext('history entry replaced').toBeTrue();
    });

    it('records the requested scopes when the response does not list the granted ones', () => {
      parseHashAnswers(null, { accessToken: 'at', idToken: 'it', expiresIn: 60 });

      handle();

      expect(localStorage.getItem('scopes')).toBe('openid profile read:messages');
      expect(authService.grantedScopes()).toEqual(['openid', 'profile', 'read:messages']);
    });

    it('goes back to the page the login started from', () => {
      parseHashAnswers(null, { ...renewedTokens('at'), idToken: 'it', appState: { returnTo: '/profile' } });

      handle();

      expect($location.url()).toBe('/profile');
      expect($browser.url.calls.mostRecent().args[1]).withContext('history entry replaced').toBeTrue();
    });

    for (const appState of [{ returnTo: 'https://evil.example/' }, { returnTo: '//evil.example' }, 'junk', null]) {
      it(`goes home when the return target is not a page of the app: ${JSON.stringify(appState)}`, () => {
        parseHashAnswers(null, { ...renewedTokens('at'), appState });

        handle();

        expect($location.url()).toBe('/');
      });
    }

    it('clears an earlier session note and announces the new session', () => {
      const notice = injector.get<SessionNotice>('sessionNotice');
      notice.show('Your session has ended.');
      const started = jasmine.createSpy('started');
      $rootScope.$on(SESSION_EVENTS.started, started);
      parseHashAnswers(null, renewedTokens('at'));

      handle();

      expect(notice.active).toBeFalse();
      expect(started).toHaveBeenCalledTimes(1);
    });

    describe('when the login failed', () => {
      let replaceState: jasmine.Spy;

      beforeEach(() => {
        // Stubbed: the karma page's own address must not change.
        replaceState = spyOn(window.history, 'replaceState');
      });

      it('rejects with the authorization server error, stores nothing and clears the fragment', () => {
        parseHashAnswers({ error: 'access_denied', errorDescription: 'The user refused.' });

        const outcome = handle();

        expect(outcome.resolved).toBeFalse();
        expect(outcome.error).toEqual(jasmine.any(LoginError));
        expect(outcome.error?.message).toBe('The login failed (access_denied: The user refused). Log in again.');
        expect(localStorage.getItem('access_token')).toBeNull();
        expect(authService.isAuthenticated()).toBeFalse();
        expect(replaceState).toHaveBeenCalledTimes(1);
        expect(replaceState.calls.mostRecent().args[2]).toBe(`${window.location.pathname}${window.location.search}`);
      });

      it('explains a state mismatch (a response this browser did not ask for)', () => {
        parseHashAnswers({ error: 'invalid_token', errorDescription: '`state` does not match.' });

        const { error } = handle();

        expect(error?.message).toContain('does not match a login started in this browser (state mismatch)');
        expect(error?.message).toContain('Log in again');
        expect(localStorage.getItem('access_token')).toBeNull();
      });

      it('passes on why the ID token was refused', () => {
        parseHashAnswers({ error: 'invalid_token', errorDescription: 'Nonce (nonce) claim value mismatch' });

        expect(handle().error?.message).toBe(
          'The login failed (invalid_token: Nonce (nonce) claim value mismatch). Log in again.'
        );
      });

      it('gives up with a message when auth0-js never answers (the signing keys never load)', () => {
        const $timeout = injector.get<angular.ITimeoutService>('$timeout');
        const outcome = handle();
        expect(outcome.error).toBeUndefined();

        $timeout.flush(LOGIN_RESPONSE_TIMEOUT_MS);

        expect(outcome.error?.message).toContain('did not answer in time');
        expect(replaceState).toHaveBeenCalledTimes(1);
      });

      it('says the authorization server could not be reached when the signing keys fail to load', () => {
        parseHashAnswers({ error: 'invalid_token', errorDescription: 'Failed to fetch' });

        expect(handle().error?.message).toContain('could not be reached');
      });

      it('says so when the browser refuses to store the session', () => {
        spyOn(Storage.prototype, 'setItem').and.throwError(new DOMException('denied', 'SecurityError'));
        parseHashAnswers(null, renewedTokens('at'));

        const { error } = handle();

        expect(error?.message).toContain('refused to store your session');
        expect(authService.isAuthenticated()).toBeFalse();
      });

      it('says so when there is no login response at all', () => {
        parseHashAnswers(null, null);

        expect(handle().error?.message).toBe(
          'There is no complete login response here (tokens and their lifetime). Log in again.'
        );
      });

      it('refuses a response without an access token', () => {
        parseHashAnswers(null, { idToken: 'it', expiresIn: 7200 });

        expect(handle().error?.message).toContain('no complete login response');
        expect(localStorage.getItem('id_token')).toBeNull();
      });
    });
  });

  describe('isAuthenticated()', () => {
    it('is true while the access token has not expired', () => {
      storeSession({ expiresAt: Date.now() + 60_000 });

      expect(authService.isAuthenticated()).toBeTrue();
      expect(authService.getAccessToken()).toBe(localStorage.getItem('access_token'));
    });

    it('counts an expired token as logged out', () => {
      storeSession({ expiresAt: Date.now() - 1 });

      expect(authService.isAuthenticated()).toBeFalse();
      expect(authService.getAccessToken()).toBeNull();
      expect(authService.grantedScopes()).toEqual([]);
    });

    it('turns false at the moment of expiry', () => {
      jasmine.clock().install();
      jasmine.clock().mockDate(new Date(Date.UTC(2030, 0, 1)));
      storeSession({ expiresAt: Date.now() + 1000 });
      expect(authService.isAuthenticated()).toBeTrue();

      jasmine.clock().tick(1000);

      expect(authService.isAuthenticated()).toBeFalse();
    });

    it('is false with no token, even with a future expiry', () => {
      localStorage.setItem('expires_at', JSON.stringify(Date.now() + 60_000));

      expect(authService.isAuthenticated()).toBeFalse();
    });

    for (const junk of ['not json', '"1893456000000"', '{}', 'null', 'NaN', '[1]', '']) {
      it(`is false, without throwing, when expires_at holds ${JSON.stringify(junk)}`, () => {
        storeSession();
        localStorage.setItem('expires_at', junk);

        expect(() => authService.isAuthenticated()).not.toThrow();
        expect(authService.isAuthenticated()).toBeFalse();
        expect(authService.expiresAt()).toBeNull();
      });
    }

    it('is false, without throwing, when storage cannot be read', () => {
      storeSession();
      spyOn(Storage.prototype, 'getItem').and.throwError(new DOMException('denied', 'SecurityError'));

      expect(authService.isAuthenticated()).toBeFalse();
      expect(authService.getAccessToken()).toBeNull();
    });
  });

  describe('storedSession()', () => {
    it('tells no session, a valid one, an expired one and values this app did not write apart', () => {
      expect(authService.storedSession()).toBe('none');
      storeSession();
      expect(authService.storedSession()).toBe('valid');
      storeSession({ expiresAt: Date.now() - 1 });
      expect(authService.storedSession()).toBe('expired');
      localStorage.setItem('expires_at', '{oops');
      expect(authService.storedSession()).toBe('corrupt');
    });
  });

  describe('accessTokenIsVerifiable()', () => {
    it('is true for a JWT, false for an opaque token, null without a session', () => {
      expect(authService.accessTokenIsVerifiable()).toBeNull();
      storeSession();
      expect(authService.accessTokenIsVerifiable()).toBeTrue();
      storeSession({ accessToken: 'Dq0Xk2opaque-token' });
      expect(authService.accessTokenIsVerifiable()).toBeFalse();
    });
  });

  describe('renewTokens()', () => {
    function renew(): { resolved: boolean; error?: LoginError } {
      const outcome: { resolved: boolean; error?: LoginError } = { resolved: false };
      authService.renewTokens().then(
        () => (outcome.resolved = true),
        (error: LoginError) => (outcome.error = error)
      );
      $rootScope.$digest();
      return outcome;
    }

    it('asks auth0-js checkSession, with a timeout, and replaces the stored tokens with the fresh ones', () => {
      storeSession({ expiresAt: Date.now() - 1, scopes: 'openid' });
      const fresh = fakeAccessToken(Date.now() + 7_200_000);
      angularAuth0.checkSession.and.callFake((_options, callback) => callback(null, renewedTokens(fresh, 7200)));

      expect(renew().resolved).toBeTrue();

      expect(angularAuth0.checkSession).toHaveBeenCalledOnceWith({ timeout: RENEWAL.timeoutMs }, jasmine.any(Function));
      expect(authService.getAccessToken()).toBe(fresh);
      expect(authService.grantedScopes()).toContain('read:messages');
      expect(authService.expiresAt()).toBeGreaterThan(Date.now() + 7_100_000);
    });

    it('rejects with login_required explained when the server session is gone, and changes nothing itself', () => {
      const token = storeSession();
      const held = holdCheckSession(angularAuth0);
      const outcome = renew();

      $rootScope.$apply(() =>
        held.answer({ error: 'login_required', error_description: 'Login required' }, null as never)
      );

      expect(outcome.error?.message).toContain('could not be renewed (login_required');
      expect(outcome.error?.message).toContain('Log in again');
      expect(outcome.error?.code).toBe('login_required');
      expect(localStorage.getItem('access_token')).toBe(token);
    });

    it('rejects with a timeout explained', () => {
      angularAuth0.checkSession.and.callFake((_options, callback) =>
        callback(
          { error: 'timeout', error_description: 'Timeout during executing web_message communication' },
          null as never
        )
      );

      expect(renew().error?.message).toBe(
        'Your session could not be renewed (timeout: Timeout during executing web_message communication). ' +
          'Log in again to continue.'
      );
    });

    it('refuses an answer without an access token', () => {
      angularAuth0.checkSession.and.callFake((_options, callback) => callback(null, { idToken: 'x' }));

      expect(renew().error?.message).toContain('could not be renewed (invalid_response');
    });
  });

  describe('endSession()', () => {
    it('forgets the session, shows the note with the current page to come back to, and tells the router', () => {
      storeSession();
      injector.get<angular.ILocationService>('$location').url('/profile');
      const ended = jasmine.createSpy('ended');
      $rootScope.$on(SESSION_EVENTS.ended, ended);

      authService.endSession('Your session has ended.');

      const notice = injector.get<SessionNotice>('sessionNotice');
      expect(notice.message).toBe('Your session has ended.');
      expect(notice.returnTo).toBe('/profile');
      expect(authService.isAuthenticated()).toBeFalse();
      expect(localStorage.getItem('access_token')).toBeNull();
      expect(ended).toHaveBeenCalledTimes(1);
      expect(angularAuth0.authorize).not.toHaveBeenCalled();
      expect(angularAuth0.logout).not.toHaveBeenCalled();
    });
  });

  describe('logout()', () => {
    beforeEach(() => {
      storeSession();
      localStorage.setItem('unrelated', 'kept');
    });

    afterEach(() => localStorage.removeItem('unrelated'));

    it('clears every stored token, marks the app logged out and ends the server session with a way back', () => {
      injector.get<{ authenticate(): void }>('authManager').authenticate();

      authService.logout();

      for (const key of ['access_token', 'id_token', 'expires_at', 'scopes']) {
        expect(localStorage.getItem(key)).withContext(key).toBeNull();
      }
      expect(localStorage.getItem('unrelated')).toBe('kept');
      expect(authService.isAuthenticated()).toBeFalse();
      expect(($rootScope as angular.IRootScopeService & { isAuthenticated: boolean }).isAuthenticated).toBeFalse();
      expect(angularAuth0.logout).toHaveBeenCalledOnceWith({ returnTo: `${window.location.origin}/` });
    });
  });
});
