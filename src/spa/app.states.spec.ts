import './testing/setup';
import angular from 'angular';
import type { StateService } from '@uirouter/angularjs';
import { authModule } from './auth/auth.module';
import type { AuthService } from './auth/auth.service';
import appModule from './app.module';
import { authConfigFrom } from './config/app-config';
import { provideAppConfig, TEST_APP_CONFIG } from './testing/app-config.testing';
import { fakeWebAuth, provideAuth0 } from './testing/auth0.testing';
import { fakeBrowser } from './testing/browser.testing';
import { clearSession, storeSession, unreadableJwt } from './testing/session.testing';

describe('routing', () => {
  let $location: angular.ILocationService;
  let $rootScope: angular.IRootScopeService;
  let $state: StateService;
  let $compile: angular.ICompileService;

  function setUp(replaceAuthService: boolean): void {
    const overrides: Record<string, unknown> = {};
    if (replaceAuthService) {
      overrides.authService = {
        isAuthenticated: () => false,
        renewing: false,
        loggedOut: false,
        user: null,
        completion: { state: 'completing', message: '' },
        accessTokenKind: () => null,
        start: () => undefined,
        onSessionEnded: () => () => true,
      } as unknown as Partial<AuthService>;
    }
    authModule(authConfigFrom(TEST_APP_CONFIG));
    angular.mock.module(fakeBrowser().module, provideAppConfig(), appModule, provideAuth0(fakeWebAuth()), overrides);
    angular.mock.inject([
      '$location',
      '$rootScope',
      '$state',
      '$compile',
      (
        location: angular.ILocationService,
        rootScope: angular.IRootScopeService,
        state: StateService,
        compile: angular.ICompileService
      ) => {
        $location = location;
        $rootScope = rootScope;
        $state = state;
        $compile = compile;
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

    it('shows the callback page at /callback, which says how the login being completed is going', () => {
      const view = $compile('<div><ui-view></ui-view></div>')($rootScope);
      visit('/callback');

      expect($state.current.name).toBe('callback');
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
