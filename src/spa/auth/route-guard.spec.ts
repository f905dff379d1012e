import '../testing/setup';
import angular from 'angular';
import uiRouter, { type StateProvider, type StateService, type UrlRouterProvider } from '@uirouter/angularjs';
import { startSpecApp, type SpecApp } from '../testing/app.testing';
import { holdOAuthToken, tokenResponse } from '../testing/auth0.testing';
import {
  clearSession,
  fakeAccessToken,
  storedAccessToken,
  storeSession,
  unreadableJwt,
} from '../testing/session.testing';
import authSession, { type AuthSessionConfig } from './index';

/**
 * A host app of its own, not this quickstart: ui-router with html5 URLs, a start page at /start (its `homePath`), an
 * open page, and a page whose state asks for a login with `data: { requiresAuth: true }`.
 */
const HOST = 'routeGuardHost';
angular.module(HOST, [uiRouter, authSession]).config([
  '$stateProvider',
  '$urlRouterProvider',
  '$locationProvider',
  (
    $stateProvider: StateProvider,
    $urlRouterProvider: UrlRouterProvider,
    $locationProvider: angular.ILocationProvider
  ) => {
    $locationProvider.html5Mode(true);
    $stateProvider.state({ name: 'start', url: '/start', template: '<p>start</p>' });
    $stateProvider.state({ name: 'open', url: '/open', template: '<p>open</p>' });
    $stateProvider.state({
      name: 'account',
      url: '/account',
      template: '<ui-view></ui-view>',
      data: { requiresAuth: true },
    });
    $stateProvider.state({ name: 'account.settings', url: '/settings?tab', template: '<p>settings</p>' });
    $urlRouterProvider.otherwise('/start');
  },
]);

describe('the route guard: ui-router states with data.requiresAuth', () => {
  let app: SpecApp;
  let $state: StateService;
  const session: Partial<AuthSessionConfig> = { homePath: '/start' };

  function startApp(): void {
    app = startSpecApp(HOST, { session });
    $state = app.injector.get('$state');
  }

  function visit(url: string): void {
    app.$location.url(url);
    app.$rootScope.$digest();
  }

  /** Where the notice's action would log in and come back to. */
  async function noticeLeadsTo(): Promise<string | undefined> {
    void app.session.notice?.act();
    return app.returnTarget();
  }

  const noLoginStarted = () => expect(app.webAuth.client.buildAuthorizeUrl).not.toHaveBeenCalled();

  beforeEach(clearSession);
  afterEach(clearSession);

  it('opens a guarded page (and its children) with a session', () => {
    storeSession();
    startApp();

    visit('/account/settings?tab=2');

    expect($state.current.name).toBe('account.settings');
    noLoginStarted();
  });

  it('sends a logged-out visitor of a deep link to homePath, saying the page needs a login, with Log in coming back to it', async () => {
    startApp();

    visit('/account/settings?tab=2');

    expect($state.current.name).toBe('start');
    expect(app.session.notice?.code).toBe('login_required');
    expect(app.session.notice?.message).toBe('The page you asked for (/account/settings?tab=2) needs a login.');
    expect(app.session.notice?.actionLabel).toBe('Log in');
    expect(app.browser.location.assign).withContext('nothing happens without a word').not.toHaveBeenCalled();
    expect(await noticeLeadsTo()).toBe('/account/settings?tab=2');
  });

  it('never asks for a login on the open pages', () => {
    startApp();

    for (const url of ['/start', '/open', '/callback', '/nowhere']) visit(url);

    expect(app.session.notice).toBeNull();
    noLoginStarted();
  });

  it('renews an expired session before deciding, so a returning user is not bounced', async () => {
    storeSession({ expiresAt: Date.now() - 1, refreshToken: 'rt-1' });
    startApp();
    const held = holdOAuthToken(app.webAuth);

    visit('/account/settings');
    await app.settle();
    expect($state.current.name).withContext('waits for the renewal').not.toBe('account.settings');

    held[0](null, tokenResponse(fakeAccessToken(Date.now() + 3_600_000), { refreshToken: 'rt-2' }));
    await app.settle();

    expect($state.current.name).toBe('account.settings');
    expect(app.webAuth.client.oauthToken).toHaveBeenCalledTimes(1);
    noLoginStarted();
  });

  it('goes to homePath with the reason, not to the login page, when that renewal fails; its action leads back', async () => {
    storeSession({ expiresAt: Date.now() - 1, refreshToken: 'rt-1' });
    startApp();
    const held = holdOAuthToken(app.webAuth);

    visit('/account/settings');
    await app.settle();
    held[0]({ statusCode: 400, error: 'invalid_grant' } as never, null as never);
    await app.settle();

    expect($state.current.name).toBe('start');
    expect(app.session.notice?.code).toBe('renewal_failed');
    expect(app.session.notice?.message).toContain('invalid_grant');
    expect(await noticeLeadsTo()).toBe('/account/settings');
  });

  it('keeps the pages and navigation working with a stored token the app cannot read', async () => {
    storeSession({ accessToken: unreadableJwt(), expiresAt: Date.now() + 3_600_000 });
    startApp();

    for (const [url, state] of [
      ['/start', 'start'],
      ['/open', 'open'],
      ['/start', 'start'],
    ]) {
      visit(url);
      expect($state.current.name).withContext(url).toBe(state);
    }
    expect(app.session.isAuthenticated()).toBeFalse();
    visit('/account');
    expect(await noticeLeadsTo())
      .withContext('no session: a login is offered')
      .toBe('/account');
  });

  describe('when the session ends while such a page is open', () => {
    it('leaves it for homePath', async () => {
      storeSession();
      startApp();
      visit('/account/settings');

      app.$rootScope.$apply(() => app.core.endings.endIfRefused(storedAccessToken() ?? ''));

      expect($state.current.name).toBe('start');
      expect(app.browser.location.assign).withContext('no automatic login, so no loop').not.toHaveBeenCalled();
      expect(await noticeLeadsTo()).toBe('/account/settings');
    });

    it('stays on an open page', () => {
      storeSession();
      startApp();
      visit('/open');

      app.$rootScope.$apply(() => app.core.endings.endIfRefused(storedAccessToken() ?? ''));

      expect($state.current.name).toBe('open');
      expect(app.$location.path()).toBe('/open');
    });
  });
});
