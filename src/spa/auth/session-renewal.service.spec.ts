import '../testing/setup';
import angular from 'angular';
import { provideAppConfig } from '../testing/app-config.testing';
import { fakeAngularAuth0, renewedTokens, type FakeAngularAuth0 } from '../testing/auth0.testing';
import { clearSession, fakeAccessToken, storeSession } from '../testing/session.testing';
import authModule from './auth.module';
import type { AuthService } from './auth.service';
import type { SessionNotice } from './session-notice.service';
import type { SessionRenewal } from './session-renewal.service';

describe('sessionRenewal', () => {
  let angularAuth0: FakeAngularAuth0;
  let $timeout: angular.ITimeoutService;
  let $rootScope: angular.IRootScopeService;
  let authService: AuthService;
  let sessionRenewal: SessionRenewal;
  let notice: SessionNotice;

  /** Starts the app's auth module the way a page load does, after `before` has prepared storage. */
  function startApp(options: { path?: string } = {}): void {
    angularAuth0 = fakeAngularAuth0();
    const modules: unknown[] = [provideAppConfig()];
    if (options.path) {
      // Runs before the auth module's run block, as the browser's address would be there from the start.
      const name = `spec.path${Math.random()}`;
      angular
        .module(name, [])
        .run(['$location', ($location: angular.ILocationService) => $location.url(options.path as string)]);
      modules.push(name);
    }
    angular.mock.module(...(modules as string[]), authModule, { angularAuth0 });
    angular.mock.inject([
      '$injector',
      ($injector: angular.auto.IInjectorService) => {
        $timeout = $injector.get('$timeout');
        $rootScope = $injector.get('$rootScope');
        authService = $injector.get('authService');
        sessionRenewal = $injector.get('sessionRenewal');
        notice = $injector.get('sessionNotice');
      },
    ]);
  }

  function answerWith(accessToken: string, expiresIn = 7200): void {
    angularAuth0.checkSession.and.callFake((_options, callback) =>
      callback(null, renewedTokens(accessToken, expiresIn))
    );
  }

  beforeEach(clearSession);
  afterEach(clearSession);

  it('does nothing without a stored session', () => {
    startApp();

    expect(angularAuth0.checkSession).not.toHaveBeenCalled();
    $timeout.verifyNoPendingTasks();
  });

  it('renews a valid session a margin before it expires, not at start-up', () => {
    storeSession({ expiresAt: Date.now() + 20_000 });
    startApp();
    expect(angularAuth0.checkSession).not.toHaveBeenCalled();

    $timeout.flush(14_000);
    expect(angularAuth0.checkSession).not.toHaveBeenCalled();

    answerWith(fakeAccessToken(Date.now() + 20_000), 20);
    $timeout.flush(1_100);
    expect(angularAuth0.checkSession).toHaveBeenCalledTimes(1);
  });

  it('renews once at start-up when the stored tokens have expired, replacing them', () => {
    storeSession({ expiresAt: Date.now() - 60_000 });
    const fresh = fakeAccessToken(Date.now() + 7_200_000);

    startApp();
    expect(angularAuth0.checkSession).toHaveBeenCalledTimes(1);
    expect(sessionRenewal.renewing).toBeTrue();
    const answer = angularAuth0.checkSession.calls.mostRecent().args[1];
    $rootScope.$apply(() => answer(null, renewedTokens(fresh)));

    expect(sessionRenewal.renewing).toBeFalse();
    expect(authService.getAccessToken()).toBe(fresh);
    expect(notice.active).toBeFalse();
  });

  it('plans the next renewal from the fresh expiry', () => {
    storeSession({ expiresAt: Date.now() - 1 });
    startApp();
    const answer = angularAuth0.checkSession.calls.mostRecent().args[1];
    $rootScope.$apply(() => answer(null, renewedTokens('fresh', 7200)));
    angularAuth0.checkSession.calls.reset();

    $timeout.flush(7200_000 - 300_000 - 1_000);
    expect(angularAuth0.checkSession).not.toHaveBeenCalled();
    $timeout.flush(2_000);
    expect(angularAuth0.checkSession).toHaveBeenCalledTimes(1);
  });

  it('logs out cleanly on login_required: the note shows, nothing is retried and nothing keeps spinning', () => {
    storeSession({ expiresAt: Date.now() - 1 });
    startApp();
    const call = angularAuth0.checkSession.calls.mostRecent();

    $rootScope.$apply(() =>
      call.args[1]({ error: 'login_required', error_description: 'Login required' }, null as never)
    );

    expect(authService.storedSession()).toBe('none');
    expect(notice.message).toContain('login_required');
    expect(sessionRenewal.renewing).toBeFalse();
    $timeout.verifyNoPendingTasks();
    expect(angularAuth0.checkSession).toHaveBeenCalledTimes(1);
    expect(angularAuth0.authorize).not.toHaveBeenCalled();
  });

  it('logs out cleanly when the renewal times out', () => {
    storeSession({ expiresAt: Date.now() + 20_000 });
    startApp();
    angularAuth0.checkSession.and.callFake((_options, callback) => callback({ error: 'timeout' }, null as never));

    $timeout.flush(15_000);

    expect(authService.isAuthenticated()).toBeFalse();
    expect(notice.message).toContain('could not be renewed (timeout)');
    $timeout.verifyNoPendingTasks();
  });

  it('joins a renewal already under way instead of starting another', () => {
    storeSession({ expiresAt: Date.now() - 1 });
    startApp();
    const first = angularAuth0.checkSession.calls.count();

    const a = sessionRenewal.renew();
    const b = sessionRenewal.renew();

    expect(a).toBe(b);
    expect(angularAuth0.checkSession.calls.count()).toBe(first);
  });

  it('lets deciders wait for a renewal under way, and says how it went', () => {
    storeSession({ expiresAt: Date.now() - 1 });
    startApp();
    const answer = angularAuth0.checkSession.calls.mostRecent().args[1];
    const outcome = jasmine.createSpy('outcome');

    sessionRenewal.settle().then(outcome);
    $rootScope.$digest();
    expect(outcome).not.toHaveBeenCalled();

    $rootScope.$apply(() => answer({ error: 'login_required' }, null as never));
    expect(outcome).toHaveBeenCalledOnceWith('ended');
    expect(angularAuth0.checkSession).toHaveBeenCalledTimes(1);
  });

  it('renews an expired session for deciders even when no renewal was under way (a tab that slept)', () => {
    storeSession();
    startApp();
    storeSession({ expiresAt: Date.now() - 1 });
    answerWith(fakeAccessToken(Date.now() + 60_000), 60);
    const outcome = jasmine.createSpy('outcome');

    sessionRenewal.settle().then(outcome);
    $rootScope.$digest();

    expect(outcome).toHaveBeenCalledOnceWith('renewed');
    expect(authService.isAuthenticated()).toBeTrue();
  });

  it('tells deciders at once when there is nothing to renew', () => {
    storeSession();
    startApp();
    const outcome = jasmine.createSpy('outcome');

    sessionRenewal.settle().then(outcome);
    $rootScope.$digest();

    expect(outcome).toHaveBeenCalledOnceWith('unchanged');
    expect(angularAuth0.checkSession).not.toHaveBeenCalled();
  });

  it('drops values it did not write (a token without a readable expiry) without a renewal or a note', () => {
    storeSession();
    localStorage.setItem('expires_at', 'garbage');
    startApp();

    expect(localStorage.getItem('access_token')).toBeNull();
    expect(angularAuth0.checkSession).not.toHaveBeenCalled();
    expect(notice.active).toBeFalse();
  });

  it('leaves the callback page alone: the login it completes replaces whatever is stored', () => {
    storeSession({ expiresAt: Date.now() - 1 });
    startApp({ path: '/callback' });

    expect(angularAuth0.checkSession).not.toHaveBeenCalled();
  });

  it('does not end a session that another tab stored while the renewal was under way', () => {
    storeSession({ expiresAt: Date.now() - 1 });
    startApp();
    const answer = angularAuth0.checkSession.calls.mostRecent().args[1];

    const newer = storeSession({ expiresAt: Date.now() + 3_600_000 });
    $rootScope.$apply(() => answer({ error: 'login_required' }, null as never));

    expect(localStorage.getItem('access_token')).toBe(newer);
    expect(notice.active).toBeFalse();
  });

  it('follows logins, renewals and logouts made in another tab', () => {
    storeSession({ expiresAt: Date.now() + 20_000 });
    startApp();
    const schedule = spyOn(sessionRenewal, 'schedule').and.callThrough();

    window.dispatchEvent(new StorageEvent('storage', { key: 'access_token' }));
    $timeout.flush(0);

    expect(schedule).toHaveBeenCalled();
  });

  it('tells the router when another tab logged out, so a page that needs a login is left', () => {
    storeSession();
    startApp();
    const ended = jasmine.createSpy('ended');
    $rootScope.$on('session:ended', ended);

    clearSession();
    window.dispatchEvent(new StorageEvent('storage', { key: 'access_token' }));
    $timeout.flush(0);

    expect(ended).toHaveBeenCalledTimes(1);
    expect(notice.active).withContext('the user chose it: no note').toBeFalse();
  });
});
