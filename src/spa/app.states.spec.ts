import './testing/setup';
import angular from 'angular';
import type { StateService } from '@uirouter/angularjs';
import type { AuthService } from './auth/auth.service';
import appModule from './app.module';
import { provideAppConfig } from './testing/app-config.testing';
import { fakeWebAuth, provideAuth0 } from './testing/auth0.testing';
import { fakeBrowser } from './testing/browser.testing';
import { clearSession, storeSession, unreadableJwt } from './testing/session.testing';

describe('routing', () => {
  let $location: angular.ILocationService;
  let $rootScope: angular.IRootScopeService;
  let $state: StateService;
  let $compile: angular.ICompileService;
  let fakeHandleAuthentication: jasmine.Spy;

  function setUp(replaceAuthService: boolean): void {
    const overrides: Record<string, unknown> = {};
    if (replaceAuthService) {
      fakeHandleAuthentication = jasmine.createSpy('handleCallback');
      overrides.authService = {
        isAuthenticated: () => false,
        renewing: false,
        loggedOut: false,
        session: { expiresAt: () => null, scopes: () => [], userName: () => null, accessToken: () => null },
        accessTokenKind: () => null,
        start: () => undefined,
        onSessionEnded: () => () => true,
        handleCallback: fakeHandleAuthentication,
      } as unknown as Partial<AuthService>;
    }
    angular.mock.module(fakeBrowser().module, provideAppConfig(), appModule, provideAuth0(fakeWebAuth()), overrides);
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

    it('handles the login response at /callback, keeping the query and the fragment for the flows', () => {
      const view = $compile('<div><ui-view></ui-view></div>')($rootScope);
      visit('/callback?code=c&state=s#access_token=at&state=s');

      expect($state.current.name).toBe('callback');
      expect($location.search()).toEqual({ code: 'c', state: 's' });
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

    it('shows the stored, unexpired session on the ping page', () => {
      storeSession({ scopes: 'openid read:messages' });

      const view = $compile('<div><ui-view></ui-view></div>')($rootScope);
      visit('/ping');

      expect($state.current.name).toBe('ping');
      expect(view.text()).toContain('Scoped ping');
    });

    it('keeps working when the stored token is junk', () => {
      storeSession({ accessToken: 'not-a-jwt' });

      visit('/ping');

      expect($state.current.name).toBe('ping');
    });

    it('keeps working when the stored token is a JWT the app cannot read', () => {
      storeSession({ accessToken: unreadableJwt() });

      const view = $compile('<div><ui-view></ui-view></div>')($rootScope);
      visit('/ping');
      visit('/');

      expect($state.current.name).toBe('home');
      expect(view.text()).toContain('You are not logged in.');
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
  });
});
