import '../testing/setup';
import type { AuthorizeUrlOptions } from 'auth0-js';
import { button, buttonNames, startSpecApp, type SpecApp } from '../testing/app.testing';
import { TEST_APP_CONFIG } from '../testing/app-config.testing';
import { FAKE_AUTHORIZE_URL } from '../testing/auth0.testing';
import { clearSession, returnToOfLogin, storedAccessToken, storeSession } from '../testing/session.testing';
import appModule from '../app.module';

describe('the navbar', () => {
  let app: SpecApp;
  let page: HTMLElement;

  /** The whole app, so the links resolve against the states the other features register. */
  function render(options: Parameters<typeof startSpecApp>[1] = {}): void {
    app = startSpecApp(appModule, options);
    page = app.render('<navbar></navbar>');
  }

  beforeEach(clearSession);
  afterEach(clearSession);

  const sessionState = () => page.querySelector('.session-state');

  /** Where the login the page started will come back to. */
  async function returnTarget(): Promise<string | undefined> {
    await app.settleUntil(() => app.webAuth.client.buildAuthorizeUrl.calls.any());
    const url = app.webAuth.client.buildAuthorizeUrl.calls.mostRecent()?.args[0] as AuthorizeUrlOptions | undefined;
    expect(app.browser.location.assign).toHaveBeenCalledWith(FAKE_AUTHORIZE_URL);
    return returnToOfLogin(url?.state);
  }

  it('links to Home, Ping and Profile', () => {
    render();
    const links = Array.from(page.querySelectorAll('nav a')).map((a) => [a.textContent, a.getAttribute('href')]);
    expect(links).toEqual([
      ['Home', '/'],
      ['Ping', '/ping'],
      ['Profile', '/profile'],
    ]);
  });

  it('offers Log in when logged out and says so in a live region', () => {
    render();

    expect(buttonNames(page)).toEqual(['Log in']);
    expect(sessionState()?.getAttribute('role')).toBe('status');
    expect(sessionState()?.textContent).toBe('Not logged in');
  });

  it('logs in from the current page and comes back to it, query included', async () => {
    render({ url: '/ping?x=1' });
    expect(app.$location.url()).toBe('/ping?x=1');

    button(page, 'Log in').click();

    expect(await returnTarget()).toBe('/ping?x=1');
  });

  it('offers Log out when logged in, and ends the session', async () => {
    storeSession();
    render();
    expect(buttonNames(page)).toEqual(['Log out']);
    expect(sessionState()?.textContent).toBe('Logged in');

    button(page, 'Log out').click();
    await app.settle();

    expect(app.webAuth.logout).toHaveBeenCalledTimes(1);
    expect(app.session.isAuthenticated()).toBeFalse();
  });

  it('says it is checking the session while an expired one is renewed', () => {
    storeSession({ expiresAt: Date.now() - 1, refreshToken: 'rt-1' });
    render();

    expect(sessionState()?.textContent).toBe('Checking your session…');
    expect(buttonNames(page)).toEqual(['Log in']);
    expect(app.session.renewing).toBeTrue();
  });

  /** The session ends as when the API refuses its token (401), with the page at `url`. */
  function endSessionAt(url: string): void {
    app.$location.url(url);
    app.$rootScope.$apply(() => app.core.endings.endIfRefused(storedAccessToken() ?? ''));
  }

  it('shows the session note with Log in again, back to the page the session ended on, and no Log in of its own', async () => {
    storeSession();
    render();
    endSessionAt('/ping?x=2');

    expect(page.querySelector('.session-notice-region')?.getAttribute('role')).toBe('status');
    expect(page.querySelector('.session-notice')?.textContent).toContain('Your session has ended');
    expect(buttonNames(page)).toEqual(['Log in again', 'Dismiss']);
    button(page, 'Log in again').click();

    expect(await returnTarget()).toBe('/ping?x=2');
  });

  it('lets the note be dismissed, and Log in comes back', () => {
    storeSession();
    render();
    endSessionAt('/');

    button(page, 'Dismiss').click();

    expect(page.querySelector('.session-notice')).toBeNull();
    expect(buttonNames(page)).toEqual(['Log in']);
  });

  it('gives every button and link a name', () => {
    storeSession();
    render();
    endSessionAt('/');
    for (const control of Array.from(page.querySelectorAll('a, button'))) {
      expect(control.textContent?.trim()).withContext(control.outerHTML).toBeTruthy();
    }
  });

  describe('opened at another address than the one the app is registered at', () => {
    it('says why in a notice like the others, and offers opening the same page there instead of a login that cannot work', () => {
      render({ config: { appOrigin: 'http://localhost:3000' }, url: '/ping?x=1' });

      const notice = page.querySelector('.session-notice');
      expect(notice?.closest('[role="status"]')).not.toBeNull();
      expect(notice?.textContent).toContain('This app is registered at http://localhost:3000');
      expect(buttonNames(page)).withContext('no Log in').toEqual([]);
      const open = page.querySelector('nav a.button');
      expect(open?.textContent?.trim()).toBe('Open http://localhost:3000');
      expect(open?.getAttribute('href')).toBe('http://localhost:3000/ping?x=1');
    });

    it('says nothing of the kind at the registered address', () => {
      render({ config: { appOrigin: TEST_APP_CONFIG.appOrigin } });

      expect(page.querySelector('.session-notice')).toBeNull();
      expect(page.querySelector('nav a.button')).toBeNull();
      expect(buttonNames(page)).toEqual(['Log in']);
    });
  });
});
