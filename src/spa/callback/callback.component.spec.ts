import '../testing/setup';
import angular from 'angular';
import type { Auth0DecodedHash, Auth0ParseHashError } from 'auth0-js';
import { LOGIN_RESPONSE_TIMEOUT_MS } from '../auth/auth.service';
import { provideAppConfig } from '../testing/app-config.testing';
import { fakeAngularAuth0, type FakeAngularAuth0 } from '../testing/auth0.testing';
import { clearSession } from '../testing/session.testing';
import callbackModule from './callback.module';

describe('the callback page', () => {
  let angularAuth0: FakeAngularAuth0;
  let $compile: angular.ICompileService;
  let $rootScope: angular.IRootScopeService;
  let $location: angular.ILocationService;
  let $timeout: angular.ITimeoutService;

  beforeEach(() => {
    clearSession();
    // Stubbed: the karma page's own address must not change.
    spyOn(window.history, 'replaceState');
    angularAuth0 = fakeAngularAuth0();
    angular.mock.module(provideAppConfig(), callbackModule, { angularAuth0 });
    angular.mock.inject([
      '$compile',
      '$rootScope',
      '$location',
      '$timeout',
      (
        compile: angular.ICompileService,
        rootScope: angular.IRootScopeService,
        location: angular.ILocationService,
        timeout: angular.ITimeoutService
      ) => {
        $compile = compile;
        $rootScope = rootScope;
        $location = location;
        $timeout = timeout;
      },
    ]);
  });

  afterEach(clearSession);

  function render(): HTMLElement {
    const element = $compile('<callback></callback>')($rootScope.$new());
    $rootScope.$digest();
    return element[0];
  }

  function parseHashAnswers(error: Auth0ParseHashError | null, result: Auth0DecodedHash | null = null): void {
    angularAuth0.parseHash.and.callFake((callback) => callback(error, result));
  }

  it('says the login is being completed while auth0-js checks the response', () => {
    // auth0-js fetches the signing keys before it answers: here it never does.
    const page = render();

    expect(page.querySelector('[role="status"]')?.textContent).toContain('Completing your login');
    expect(page.querySelector('[role="alert"]')).toBeNull();
  });

  it('shows a state mismatch in the page, with a way back home', () => {
    parseHashAnswers({ error: 'invalid_token', errorDescription: '`state` does not match.' });

    const page = render();

    expect(page.querySelector('h1')?.textContent).toBe('Login failed');
    expect(page.querySelector('[role="alert"]')?.textContent).toContain('(state mismatch)');
    const back = page.querySelector('a');
    expect(back?.textContent).toBe('Back to the home page');
    expect(back?.getAttribute('ui-sref')).toBe('home');
  });

  it('offers to log in again after a failure', () => {
    parseHashAnswers({ error: 'access_denied', errorDescription: 'The user refused.' });
    const page = render();

    const again = Array.from(page.querySelectorAll('button')).find((b) => b.textContent?.trim() === 'Log in again');
    again?.click();

    expect(angularAuth0.authorize).toHaveBeenCalledTimes(1);
  });

  it('stops waiting, and says so, when auth0-js never answers', () => {
    const page = render();

    $timeout.flush(LOGIN_RESPONSE_TIMEOUT_MS);

    expect(page.querySelector('[role="status"]')).toBeNull();
    expect(page.querySelector('[role="alert"]')?.textContent).toContain('did not answer in time');
  });

  it('says when the authorization server could not be reached to check the response', () => {
    parseHashAnswers({ error: 'invalid_token', errorDescription: 'Failed to fetch' });

    const page = render();

    expect(page.querySelector('[role="alert"]')?.textContent).toContain('could not be reached');
  });

  it("shows the authorization server's error in the page", () => {
    parseHashAnswers({ error: 'login_required', errorDescription: 'Login required' });

    const page = render();

    expect(page.querySelector('[role="alert"]')?.textContent).toBe(
      'The login failed (login_required: Login required). Log in again.'
    );
  });

  it('goes home once the login is complete', () => {
    parseHashAnswers(null, { accessToken: 'at', idToken: 'it', expiresIn: 60, scope: 'openid' });

    const page = render();

    expect($location.path()).toBe('/');
    expect(page.querySelector('[role="alert"]')).toBeNull();
  });
});
