import '../testing/setup';
import angular from 'angular';
import type { StateService } from '@uirouter/angularjs';
import appModule from '../app.module';
import type { AuthService } from '../auth/auth.service';
import type { SessionNotice } from '../auth/session-notice.service';
import { provideAppConfig } from '../testing/app-config.testing';
import { fakeAngularAuth0, renewedTokens, type FakeAngularAuth0 } from '../testing/auth0.testing';
import { clearSession, fakeAccessToken, storeSession } from '../testing/session.testing';

describe('pages that need a login (data.requiresAuth)', () => {
  let angularAuth0: FakeAngularAuth0;
  let $location: angular.ILocationService;
  let $rootScope: angular.IRootScopeService;
  let $state: StateService;
  let authService: AuthService;
  let notice: SessionNotice;

  function startApp(): void {
    angularAuth0 = fakeAngularAuth0();
    angular.mock.module(provideAppConfig(), appModule, { angularAuth0 });
    angular.mock.inject([
      '$injector',
      ($injector: angular.auto.IInjectorService) => {
        $location = $injector.get('$location');
        $rootScope = $injector.get('$rootScope');
        $state = $injector.get('$state');
        authService = $injector.get('authService');
        notice = $injector.get('sessionNotice');
      },
    ]);
  }

  function visit(url: string): void {
    $location.url(url);
    $rootScope.$digest();
  }

  const returnTarget = () => angularAuth0.authorize.calls.mostRecent()?.args[0]?.appState?.returnTo;

  beforeEach(clearSession);
  afterEach(clearSession);

  it('opens /profile with a session', () => {
    storeSession();
    startApp();

    visit('/profile');

    expect($state.current.name).toBe('profile');
    expect(angularAuth0.authorize).not.toHaveBeenCalled();
  });

  it('sends a logged-out visitor of a deep link to log in, to come back to that page', () => {
    startApp();

    visit('/profile?tab=claims');

    expect($state.current.name).not.toBe('profile');
    expect(angularAuth0.authorize).toHaveBeenCalledTimes(1);
    expect(returnTarget()).toBe('/profile');
  });

  it("guards the ping page's secured part the same way, and only that part", () => {
    startApp();
    visit('/ping');
    expect($state.current.name).toBe('ping');
    expect(angularAuth0.authorize).not.toHaveBeenCalled();

    $state.go('ping.secured');
    $rootScope.$digest();

    expect($state.current.name).toBe('ping');
    expect(returnTarget()).toBe('/ping');
  });

  it('never asks for a login on the open pages', () => {
    startApp();

    for (const url of ['/', '/ping', '/callback', '/nowhere']) visit(url);

    expect(angularAuth0.authorize).not.toHaveBeenCalled();
  });

  it('renews an expired session silently before deciding, so a returning user is not bounced', () => {
    storeSession({ expiresAt: Date.now() - 1 });
    startApp();
    const startup = angularAuth0.checkSession.calls.mostRecent().args[1];

    visit('/profile');
    expect($state.current.name).withContext('waits for the renewal').not.toBe('profile');

    $rootScope.$apply(() => startup(null, renewedTokens(fakeAccessToken(Date.now() + 3_600_000))));

    expect($state.current.name).toBe('profile');
    expect(angularAuth0.checkSession).toHaveBeenCalledTimes(1);
    expect(angularAuth0.authorize).not.toHaveBeenCalled();
  });

  it('goes home with the note, not to the login page, when that renewal fails; Log in again leads back', () => {
    storeSession({ expiresAt: Date.now() - 1 });
    startApp();
    const startup = angularAuth0.checkSession.calls.mostRecent().args[1];

    visit('/profile');
    $rootScope.$apply(() => startup({ error: 'login_required' }, null as never));

    expect($state.current.name).toBe('home');
    expect(notice.message).toContain('login_required');
    expect(notice.returnTo).toBe('/profile');
    expect(angularAuth0.authorize).not.toHaveBeenCalled();
  });

  describe('when the session ends while such a page is open', () => {
    it('leaves /profile for home', () => {
      storeSession();
      startApp();
      visit('/profile');

      $rootScope.$apply(() => authService.endSession('Your session has ended.'));

      expect($state.current.name).toBe('home');
      expect(notice.returnTo).toBe('/profile');
      expect(angularAuth0.authorize).withContext('no automatic login, so no loop').not.toHaveBeenCalled();
    });

    it("leaves the ping page's secured part for the ping page itself", () => {
      storeSession();
      startApp();
      visit('/ping');
      expect($state.current.name).toBe('ping.secured');

      $rootScope.$apply(() => authService.endSession('Your session has ended.'));

      expect($state.current.name).toBe('ping');
      expect($location.path()).toBe('/ping');
    });

    it('stays on an open page', () => {
      storeSession();
      startApp();
      visit('/');

      $rootScope.$apply(() => authService.endSession('Your session has ended.'));

      expect($state.current.name).toBe('home');
    });
  });
});
