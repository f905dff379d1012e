import '../testing/setup';
import type { StateService } from '@uirouter/angularjs';
import type { AuthorizeUrlOptions } from 'auth0-js';
import appModule from '../app.module';
import { startSpecApp, type SpecApp } from '../testing/app.testing';
import { holdOAuthToken, tokenResponse } from '../testing/auth0.testing';
import {
  clearSession,
  fakeAccessToken,
  storeSession,
  unreadableJwt,
  returnToOfLogin,
} from '../testing/session.testing';

describe('pages that need a login (data.requiresAuth)', () => {
  let app: SpecApp;
  let $state: StateService;

  function startApp(): void {
    app = startSpecApp(appModule);
    $state = app.injector.get('$state');
  }

  function visit(url: string): void {
    app.$location.url(url);
    app.$rootScope.$digest();
  }

  /** Where the login this page started comes back to; undefined when none was started. */
  async function returnTarget(): Promise<string | undefined> {
    await app.settleUntil(() => app.webAuth.client.buildAuthorizeUrl.calls.any());
    const url = app.webAuth.client.buildAuthorizeUrl.calls.mostRecent()?.args[0] as AuthorizeUrlOptions | undefined;
    return url && returnToOfLogin(url.state);
  }

  beforeEach(clearSession);
  afterEach(clearSession);

  it('opens /profile with a session', async () => {
    storeSession();
    startApp();

    visit('/profile');

    expect($state.current.name).toBe('profile');
    expect(await returnTarget()).toBeUndefined();
  });

  it('sends a logged-out visitor of a deep link home, saying the page needs a login, with Log in coming back to it', async () => {
    startApp();

    visit('/profile?tab=claims');

    expect($state.current.name).toBe('home');
    expect(app.notice.message).toBe('The page you asked for (/profile) needs a login.');
    expect(app.notice.action).toBe('Log in');
    expect(app.notice.returnTo).toBe('/profile');
    expect(app.browser.location.assign).withContext('nothing happens without a word').not.toHaveBeenCalled();
    expect(await returnTarget()).toBeUndefined();
  });

  it('never asks for a login on the open pages', async () => {
    startApp();

    for (const url of ['/', '/ping', '/callback', '/nowhere']) visit(url);

    expect(await returnTarget()).toBeUndefined();
    expect(app.browser.location.assign).not.toHaveBeenCalled();
  });

  it('renews an expired session before deciding, so a returning user is not bounced', async () => {
    storeSession({ expiresAt: Date.now() - 1, refreshToken: 'rt-1' });
    startApp();
    const held = holdOAuthToken(app.webAuth);

    visit('/profile');
    await app.settle();
    expect($state.current.name).withContext('waits for the renewal').not.toBe('profile');

    held[0](null, tokenResponse(fakeAccessToken(Date.now() + 3_600_000), { refreshToken: 'rt-2' }));
    await app.settle();

    expect($state.current.name).toBe('profile');
    expect(app.webAuth.client.oauthToken).toHaveBeenCalledTimes(1);
    expect(app.browser.location.assign).not.toHaveBeenCalled();
  });

  it('goes home with the note, not to the login page, when that renewal fails; Log in again leads back', async () => {
    storeSession({ expiresAt: Date.now() - 1, refreshToken: 'rt-1' });
    startApp();
    const held = holdOAuthToken(app.webAuth);

    visit('/profile');
    await app.settle();
    held[0]({ statusCode: 400, error: 'invalid_grant' } as never, null as never);
    await app.settle();

    expect($state.current.name).toBe('home');
    expect(app.notice.message).toContain('invalid_grant');
    expect(app.notice.returnTo).toBe('/profile');
    expect(app.browser.location.assign).not.toHaveBeenCalled();
  });

  it('keeps the pages and navigation working with a stored token the app cannot read', async () => {
    storeSession({ accessToken: unreadableJwt(), expiresAt: Date.now() + 3_600_000 });
    startApp();

    for (const [url, state] of [
      ['/', 'home'],
      ['/ping', 'ping'],
      ['/', 'home'],
    ]) {
      visit(url);
      expect($state.current.name).withContext(url).toBe(state);
    }
    expect(app.authService.isAuthenticated()).toBeFalse();
    visit('/profile');
    expect(app.notice.returnTo).withContext('no session: a login is offered').toBe('/profile');
  });

  describe('when the session ends while such a page is open', () => {
    it('leaves /profile for home', () => {
      storeSession();
      startApp();
      visit('/profile');

      app.$rootScope.$apply(() => app.authService.endSession('Your session has ended.'));

      expect($state.current.name).toBe('home');
      expect(app.notice.returnTo).toBe('/profile');
      expect(app.browser.location.assign).withContext('no automatic login, so no loop').not.toHaveBeenCalled();
    });

    it('stays on an open page', () => {
      storeSession();
      startApp();
      visit('/ping');

      app.$rootScope.$apply(() => app.authService.endSession('Your session has ended.'));

      expect($state.current.name).toBe('ping');
      expect(app.$location.path()).toBe('/ping');
    });
  });
});
