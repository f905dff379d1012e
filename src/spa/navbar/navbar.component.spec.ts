import '../testing/setup';
import angular from 'angular';
import type { AuthService } from '../auth/auth.service';
import type { SessionNotice } from '../auth/session-notice.service';
import type { SessionRenewal } from '../auth/session-renewal.service';
import { provideAppConfig } from '../testing/app-config.testing';
import { fakeAngularAuth0, type FakeAngularAuth0 } from '../testing/auth0.testing';
import { clearSession, storeSession } from '../testing/session.testing';
import appModule from '../app.module';

describe('the navbar', () => {
  let angularAuth0: FakeAngularAuth0;
  let page: HTMLElement;
  let $rootScope: angular.IRootScopeService;
  let authService: AuthService;
  let notice: SessionNotice;
  let sessionRenewal: SessionRenewal;

  function render(): void {
    angularAuth0 = fakeAngularAuth0();
    // The whole app, so the links resolve against the states the other features register.
    angular.mock.module(provideAppConfig(), appModule, { angularAuth0 });
    angular.mock.inject([
      '$injector',
      ($injector: angular.auto.IInjectorService) => {
        $rootScope = $injector.get('$rootScope');
        authService = $injector.get('authService');
        notice = $injector.get('sessionNotice');
        sessionRenewal = $injector.get('sessionRenewal');
        page = $injector.get<angular.ICompileService>('$compile')('<navbar></navbar>')($rootScope.$new())[0];
        $rootScope.$digest();
      },
    ]);
  }

  beforeEach(clearSession);
  afterEach(clearSession);

  const buttons = () => Array.from(page.querySelectorAll('button')).map((b) => b.textContent?.trim());
  const sessionState = () => page.querySelector('.session-state');

  it('links to Home, Ping and Profile', () => {
    render();
    const links = Array.from(page.querySelectorAll('a')).map((a) => [a.textContent, a.getAttribute('href')]);
    expect(links).toEqual([
      ['Home', '/'],
      ['Ping', '/ping'],
      ['Profile', '/profile'],
    ]);
  });

  it('offers Log in when logged out, says so in a live region, and starts a login that comes back home', () => {
    render();
    expect(buttons()).toEqual(['Log in']);
    expect(sessionState()?.getAttribute('role')).toBe('status');
    expect(sessionState()?.textContent).toBe('Not logged in');

    page.querySelector('button')?.click();

    expect(angularAuth0.authorize).toHaveBeenCalledTimes(1);
    expect(angularAuth0.authorize.calls.mostRecent().args[0]?.appState).toEqual({ returnTo: '/' });
  });

  it('offers Log out when logged in, and ends the session', () => {
    storeSession();
    render();
    expect(buttons()).toEqual(['Log out']);
    expect(sessionState()?.textContent).toBe('Logged in');

    page.querySelector('button')?.click();

    expect(angularAuth0.logout).toHaveBeenCalledTimes(1);
    expect(authService.isAuthenticated()).toBeFalse();
  });

  it('counts an expired token as logged out', () => {
    storeSession({ expiresAt: Date.now() - 1 });
    render();
    // The start-up renewal is under way.
    expect(sessionState()?.textContent).toBe('Checking your session…');
    expect(buttons()).toEqual(['Log in']);
    expect(sessionRenewal.renewing).toBeTrue();
  });

  it('shows the session note with Log in again, back to the page the session ended on', () => {
    render();
    $rootScope.$apply(() =>
      notice.show('Your session has ended: the API no longer accepts your access token.', '/ping')
    );

    expect(page.querySelector('.session-notice-region')?.getAttribute('role')).toBe('status');
    expect(page.querySelector('.session-notice')?.textContent).toContain('Your session has ended');
    const again = Array.from(page.querySelectorAll('button')).find((b) => b.textContent?.trim() === 'Log in again');
    again?.click();

    expect(angularAuth0.authorize.calls.mostRecent().args[0]?.appState).toEqual({ returnTo: '/ping' });
  });

  it('lets the note be dismissed', () => {
    render();
    $rootScope.$apply(() => notice.show('Your session has ended.'));
    const dismiss = Array.from(page.querySelectorAll('button')).find((b) => b.textContent?.trim() === 'Dismiss');

    dismiss?.click();

    expect(page.querySelector('.session-notice')).toBeNull();
  });

  it('gives every button and link a name', () => {
    storeSession();
    render();
    $rootScope.$apply(() => notice.show('Your session has ended.'));
    for (const control of Array.from(page.querySelectorAll('a, button'))) {
      expect(control.textContent?.trim()).withContext(control.outerHTML).toBeTruthy();
    }
  });
});
