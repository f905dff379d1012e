import '../testing/setup';
import type { LoginTransaction } from '../auth/login-transaction';
import { startSpecApp, type SpecApp } from '../testing/app.testing';
import { answerOAuthToken, tokenResponse } from '../testing/auth0.testing';
import {
  beginLogin,
  clearSession,
  fakeAccessToken,
  interruptedLogin,
  SENTENCES,
  storeSession,
  takeLogin,
} from '../testing/session.testing';
import appModule from '../app.module';

describe('the callback page', () => {
  let app: SpecApp;
  let login: LoginTransaction;

  beforeEach(clearSession);
  afterEach(clearSession);

  /** Opens `url` in the whole app (navbar included) after this tab started a login that returns to /ping. */
  function openAt(url: (login: LoginTransaction) => string, before: (app: SpecApp) => void = () => {}): HTMLElement {
    login = beginLogin({ returnTo: '/ping', codeVerifier: 'v' });
    app = startSpecApp(appModule, { url: url(login) });
    before(app);
    return app.render('<div><navbar></navbar><ui-view></ui-view></div>');
  }

  const open = (query: (login: LoginTransaction) => string, before?: (app: SpecApp) => void) =>
    openAt((started) => `/callback?${query(started)}`, before);

  const alert = (page: HTMLElement) => page.querySelector('.page [role="alert"]')?.textContent?.trim();
  const heading = (page: HTMLElement) => page.querySelector('.page h1')?.textContent?.trim();
  const actions = (page: HTMLElement) =>
    Array.from(page.querySelectorAll('.page a, .page button, .navbar-inner button, .session-notice button')).map(
      (control) => control.textContent?.trim()
    );

  it('says the login is being completed while the code is exchanged, and the navbar offers no second login', () => {
    const page = open(({ state }) => `code=c&state=${state}`);

    expect(page.querySelector('.page [role="status"]')?.textContent).toContain('Completing your login');
    expect(page.querySelector('.session-state')?.textContent).toBe('Completing your login…');
    expect(actions(page)).toEqual([]);
    expect(alert(page)).toBeUndefined();
  });

  it('goes to the page the login started from once the login is complete', async () => {
    const page = open(
      ({ state }) => `code=c&state=${state}`,
      ({ webAuth }) => answerOAuthToken(webAuth, null, tokenResponse(fakeAccessToken(Date.now() + 60_000)))
    );
    await app.settle();

    expect(app.$location.path()).toBe('/ping');
    expect(alert(page)).toBeUndefined();
  });

  it("shows a response this tab did not ask for in the app's own words, with the navbar's Log in as the one action", async () => {
    const page = open(() => 'error=access_denied&error_description=Re-verify%20at%20http%3A%2F%2Fevil.example&state=x');
    await app.settle();

    expect(heading(page)).toBe('Login failed');
    expect(alert(page)).toBe(SENTENCES.unrecognised_response);
    expect(page.textContent).not.toContain('evil.example');
    expect(actions(page)).toEqual(['Log in']);
  });

  it('refuses a response that names another issuer (RFC 9207) before any exchange, naming both issuers', async () => {
    const page = open(({ state }) => `code=c&state=${state}&iss=${encodeURIComponent('https://evil.example/')}`);
    await app.settle();

    expect(alert(page)).toBe(
      'The login response came from the issuer "https://evil.example/", but this app expects ' +
        '"http://localhost:4000/" (check domain and tokenIssuer), so it was not used.'
    );
    expect(app.session.completion.code).toBe('issuer_mismatch');
    expect(app.webAuth.client.oauthToken).not.toHaveBeenCalled();
  });

  it("refuses a response without its issuer when the server's discovery says it always names it (RFC 9207)", async () => {
    const page = open(({ state }) => `code=c&state=${state}`);
    app.discovery.authorization_response_iss_parameter_supported = true;
    await app.settle();

    expect(alert(page)).toBe(SENTENCES.issuer_missing);
    expect(app.webAuth.client.oauthToken).not.toHaveBeenCalled();
  });

  it('accepts a response that names the issuer this app trusts', async () => {
    open(
      ({ state }) => `code=c&state=${state}&iss=${encodeURIComponent('http://localhost:4000/')}`,
      ({ webAuth }) => answerOAuthToken(webAuth, null, tokenResponse(fakeAccessToken(Date.now() + 60_000)))
    );
    await app.settle();

    expect(app.$location.path()).toBe('/ping');
  });

  it("shows the server's error for this tab's login", async () => {
    const page = open(({ state }) => `error=login_required&error_description=Login%20required&state=${state}`);
    await app.settle();

    expect(alert(page)).toBe('The login failed (login_required: Login required).');
  });

  it('says you are still logged in, beside "Logged in", with one way on, when a stale callback fails', async () => {
    storeSession();
    const page = open(() => 'code=old&state=used-up');
    await app.settle();

    expect(heading(page)).toBe('You are still logged in');
    expect(alert(page)).toBe(SENTENCES.unrecognised_response);
    expect(page.textContent).not.toContain('Login failed');
    expect(page.querySelector('.session-state')?.textContent).toBe('Logged in');
    const links = Array.from(page.querySelectorAll('.page a')).map((a) => [a.textContent, a.getAttribute('href')]);
    expect(links).toEqual([['Continue to the home page', '/']]);
    expect(page.querySelectorAll('.page button').length).toBe(0);
  });

  describe('reloaded while a login was completing (its response already out of the address bar)', () => {
    /** The earlier page load took the response and began the exchange, then the page reloaded. */
    const interruptedLogin = (started: LoginTransaction) => {
      takeLogin(started.state);
      return '/callback';
    };

    it('says the login was interrupted, in true words, with Log in as the one action', async () => {
      const page = openAt(interruptedLogin);
      await app.settle();

      expect(alert(page)).toBe(SENTENCES.interrupted);
      expect(page.textContent).not.toContain('did not ask for');
      expect(actions(page)).toEqual(['Log in']);
    });

    it('carries on to where the login was going when a session is stored by then', async () => {
      storeSession();
      openAt(interruptedLogin);
      await app.settle();

      expect(app.$location.path()).toBe('/ping');
    });

    it('carries on too when the stored session has expired and is being renewed: never "interrupted" beside "still logged in"', async () => {
      storeSession({ expiresAt: Date.now() - 1, refreshToken: 'rt-1' });
      const page = openAt(interruptedLogin);
      await app.settle();

      expect(app.$location.path()).toBe('/ping');
      expect(page.textContent).not.toContain('interrupted');
    });

    it('logs in again, from the navbar, back to the page the interrupted login was going to', async () => {
      const page = openAt(interruptedLogin);
      await app.settle();

      page.querySelector<HTMLButtonElement>('.navbar-inner button')?.click();

      expect(await app.returnTarget()).toBe('/ping');
    });
  });

  it('does not call a login that failed "interrupted" when the callback page is opened again', async () => {
    open(({ state }) => `error=access_denied&error_description=No&state=${state}`);
    await app.settle();
    expect(app.session.completion.state).toBe('failed');

    expect(interruptedLogin()).withContext('that login came to an end').toBeNull();
  });

  it('says there is no login to complete when opened without one', async () => {
    const page = openAt(() => '/callback');
    await app.settle();

    expect(heading(page)).toBe('No login to complete');
    expect(actions(page)).toEqual(['Log in']);
  });
});
