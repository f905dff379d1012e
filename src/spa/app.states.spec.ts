import './testing/setup';
import type { StateService } from '@uirouter/angularjs';
import appModule from './app.module';
import { startSpecApp, type SpecApp } from './testing/app.testing';
import { holdOAuthToken } from './testing/auth0.testing';
import { beginLogin, clearSession, storeSession, unreadableJwt } from './testing/session.testing';

describe('routing', () => {
  let app: SpecApp;
  let $state: StateService;

  function setUp(url?: string): void {
    app = startSpecApp(appModule, { url });
    $state = app.injector.get<StateService>('$state');
  }

  function visit(url: string): void {
    app.$location.url(url);
    app.$rootScope.$digest();
  }

  const render = () => app.render('<div><ui-view></ui-view></div>');

  beforeEach(clearSession);
  afterEach(clearSession);

  describe('states', () => {
    it('shows home at /', () => {
      setUp();
      visit('/');
      expect($state.current.name).toBe('home');
    });

    it('shows the ping page at /ping', () => {
      setUp();
      visit('/ping');
      expect($state.current.name).toBe('ping');
    });

    it('shows the callback page at /callback, which says how the login being completed is going', async () => {
      const { state } = beginLogin({ returnTo: '/', codeVerifier: 'v' });
      setUp(`/callback?code=c&state=${state}`);
      holdOAuthToken(app.webAuth);
      const view = render();
      await app.settle();

      expect($state.current.name).toBe('callback');
      expect(view.textContent).toContain('Completing your login');
    });

    it('sends unknown paths home', () => {
      setUp();
      visit('/no/such/page');
      expect($state.current.name).toBe('home');
      expect(app.$location.path()).toBe('/');
    });

    it('uses real paths, not #! URLs', () => {
      setUp();
      visit('/ping');
      expect($state.href('ping', {})).toBe('/ping');
      expect(app.$location.absUrl()).not.toContain('#');
    });

    it('renders the page of the state into ui-view', () => {
      setUp();
      const view = render();
      visit('/');
      expect(view.textContent).toContain('You are not logged in.');
    });
  });

  describe('the session after a reload', () => {
    it('shows the stored, unexpired session on the ping page', () => {
      storeSession({ scopes: 'openid read:messages' });
      setUp();

      const view = render();
      visit('/ping');

      expect($state.current.name).toBe('ping');
      expect(view.textContent).toContain('Scoped ping');
    });

    it('keeps working when the stored token is junk', () => {
      storeSession({ accessToken: 'not-a-jwt' });
      setUp();

      visit('/ping');

      expect($state.current.name).toBe('ping');
    });

    it('keeps working when the stored token is a JWT the app cannot read', () => {
      storeSession({ accessToken: unreadableJwt() });
      setUp();

      const view = render();
      visit('/ping');
      visit('/');

      expect($state.current.name).toBe('home');
      expect(view.textContent).toContain('You are not logged in.');
    });

    it('keeps working when localStorage holds junk, or values of another app, which it leaves alone', () => {
      localStorage.setItem('authSession', '{"oops"');
      localStorage.setItem('access_token', 'x');
      localStorage.setItem('com.other.app', '<script>');
      setUp();

      visit('/ping');

      expect($state.current.name).toBe('ping');
      expect(localStorage.getItem('authSession')).withContext('junk of ours: cleared').toBeNull();
      expect(localStorage.getItem('access_token')).withContext('not ours: left alone').toBe('x');
      expect(localStorage.getItem('com.other.app')).withContext('not ours: left alone').toBe('<script>');
      localStorage.removeItem('access_token');
      localStorage.removeItem('com.other.app');
    });
  });
});
