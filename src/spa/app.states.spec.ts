import './testing/setup';
import angular from 'angular';
import type { StateService } from '@uirouter/angularjs';
import type { AuthService } from './auth/auth.service';
import appModule from './app.module';
import { provideAppConfig } from './testing/app-config.testing';
import { fakeAngularAuth0 } from './testing/auth0.testing';
import { clearSession, storeSession } from './testing/session.testing';

describe('routing', () => {
  let $location: angular.ILocationService;
  let $rootScope: angular.IRootScopeService & { isAuthenticated?: boolean };
  let $state: StateService;
  let $compile: angular.ICompileService;
  let fakeHandleAuthentication: jasmine.Spy;

  function setUp(replaceAuthService: boolean): void {
    const overrides: Record<string, unknown> = { angularAuth0: fakeAngularAuth0() };
    if (replaceAuthService) {
      fakeHandleAuthentication = jasmine.createSpy('handleAuthentication');
      overrides.authService = {
        isAuthenticated: () => false,
        storedSession: () => 'none',
        getAccessToken: () => null,
        accessTokenIsVerifiable: () => null,
        expiresAt: () => null,
        grantedScopes: () => [],
        handleAuthentication: fakeHandleAuthentication,
      } satisfies Partial<AuthService>;
    }
    angular.mock.module(provideAppConfig(), appModule, overrides);
    angular.mock.inject([
      '$location',
      '$rootScope',
      '$state',
      '$compile',
      '$q',
      (
        location: angular.ILocationService,
        rootScope: angular.IRootScopeService,
        state: StateService,
        compile: angular.ICompileService,
        $q: angular.IQService
      ) => {
        $location = location;
        $rootScope = rootScope;
        $state = state;
        $compile = compile;
        fakeHandleAuthentication?.and.returnValue($q.defer().promise);
      },
    ]);
  }

  function visit(url: string): void {
    $location.url(url);
    $rootScope.$digest();
  }

  beforeEach(clearSession);
  afterEach(clearSession);

  describe('states', () => {
    beforeEach(() => setUp(true));

    it('shows home at /', () => {
      visit('/');
      expect($state.current.name).toBe('home');
    });

    it('shows the ping page at /ping', () => {
      visit('/ping');
      expect($state.current.name).toBe('ping');
    });

    it('handles the login response at /callback, keeping the fragment for auth0-js', () => {
      const view = $compile('<div><ui-view></ui-view></div>')($rootScope);
      visit('/callback#access_token=at&state=s');

      expect($state.current.name).toBe('callback');
      expect($location.hash()).toBe('access_token=at&state=s');
      expect(fakeHandleAuthentication).toHaveBeenCalledTimes(1);
      expect(view.text()).toContain('Completing your login');
    });

    it('sends unknown paths home', () => {
      visit('/no/such/page');
      expect($state.current.name).toBe('home');
      expect($location.path()).toBe('/');
    });

    it('uses real paths, not #! URLs', () => {
      visit('/ping');
      expect($state.href('ping', {})).toBe('/ping');
      expect($location.absUrl()).not.toContain('#');
    });

    it('renders the page of the state into ui-view', () => {
      const view = $compile('<div><ui-view></ui-view></div>')($rootScope);
      visit('/');
      expect(view.text()).toContain('You are not logged in.');
    });
  });

  describe('the session after a reload', () => {
    beforeEach(() => setUp(false));

    it("restores angular-jwt's isAuthenticated from a stored, unexpired token, and the ping page's secured part", () => {
      storeSession();
      expect($rootScope.isAuthenticated).toBeFalse();

      visit('/ping');

      expect($state.current.name).toBe('ping.secured');
      expect($location.path()).toBe('/ping');
      expect($rootScope.isAuthenticated).toBeTrue();
    });

    it('keeps working when the stored token is junk', () => {
      storeSession({ accessToken: 'not-a-jwt' });

      visit('/ping');

      expect($state.current.name).toMatch(/^ping/);
      expect($rootScope.isAuthenticated).toBeFalse();
    });

    it('keeps working when localStorage holds junk or values of another app', () => {
      localStorage.setItem('access_token', 'x');
      localStorage.setItem('expires_at', '{"oops"');
      localStorage.setItem('scopes', '\u0000');
      localStorage.setItem('com.other.app', '<script>');

      visit('/ping');

      expect($state.current.name).toBe('ping');
      expect(localStorage.getItem('com.other.app')).withContext('not ours: left alone').toBe('<script>');
      localStorage.removeItem('com.other.app');
    });

    it('does not restore an expired session', () => {
      storeSession({ expiresAt: Date.now() - 1000 });

      visit('/');

      expect($rootScope.isAuthenticated).toBeFalse();
    });
  });
});
