import '../testing/setup';
import { UNRECOGNISED_RESPONSE } from '../auth/auth-error';
import { LoginTransactions, type LoginTransaction } from '../auth/login-transaction';
import { startSpecApp, type SpecApp } from '../testing/app.testing';
import { answerOAuthToken, tokenResponse } from '../testing/auth0.testing';
import { clearSession, fakeAccessToken, storeSession } from '../testing/session.testing';
import appModule from '../app.module';

describe('the callback page', () => {
  let app: SpecApp;
  let login: LoginTransaction;

  beforeEach(clearSession);
  afterEach(clearSession);

  /** Opens /callback with `query` after this tab started a login, in the whole app (navbar included). */
  function open(query: (login: LoginTransaction) => string, before: (app: SpecApp) => void = () => {}): HTMLElement {
    login = new LoginTransactions(() => window.sessionStorage).begin({ returnTo: '/ping', codeVerifier: 'v' });
    app = startSpecApp(appModule, { url: `/callback?${query(login)}` });
    before(app);
    return app.render('<div><navbar></navbar><ui-view></ui-view></div>');
  }

  const alert = (page: HTMLElement) => page.querySelector('.page [role="alert"]')?.textContent?.trim();
  const heading = (page: HTMLElement) => page.querySelector('.page h1')?.textContent?.trim();
  const actions = (page: HTMLElement) =>
    Array.from(page.querySelectorAll('.page a, .page button, .navbar-inner button, .session-notice button')).map(
      (control) => control.textContent?.trim()
    );

  it('says the login is being completed while the code is exchanged', () => {
    const page = open(({ state }) => `code=c&state=${state}`);

    expect(page.querySelector('.page [role="status"]')?.textContent).toContain('Completing your login');
    expect(alert(page)).toBeUndefined();
  });

  it('goes to the page the login started from once the login is complete', () => {
    const page = open(
      ({ state }) => `code=c&state=${state}`,
      ({ webAuth }) => answerOAuthToken(webAuth, null, tokenResponse(fakeAccessToken(Date.now() + 60_000)))
    );

    expect(app.$location.path()).toBe('/ping');
    expect(alert(page)).toBeUndefined();
  });

  it("shows a response this tab did not ask for in the app's own words, with the navbar's Log in as the one action", () => {
    const page = open(() => 'error=access_denied&error_description=Re-verify%20at%20http%3A%2F%2Fevil.example&state=x');

    expect(heading(page)).toBe('Login failed');
    expect(alert(page)).toBe(UNRECOGNISED_RESPONSE);
    expect(page.textContent).not.toContain('evil.example');
    expect(actions(page)).toEqual(['Log in']);
  });

  it("shows the server's error for this tab's login", () => {
    const page = open(({ state }) => `error=login_required&error_description=Login%20required&state=${state}`);

    expect(alert(page)).toBe('The login failed (login_required: Login required).');
  });

  it('says you are still logged in, beside "Logged in", with one way on, when a stale callback fails', () => {
    storeSession();
    const page = open(() => 'code=old&state=used-up');

    expect(heading(page)).toBe('You are still logged in');
    expect(alert(page)).toBe(UNRECOGNISED_RESPONSE);
    expect(page.textContent).not.toContain('Login failed');
    expect(page.querySelector('.session-state')?.textContent).toBe('Logged in');
    const links = Array.from(page.querySelectorAll('.page a')).map((a) => [a.textContent, a.getAttribute('href')]);
    expect(links).toEqual([['Continue to the home page', '/']]);
    expect(page.querySelectorAll('.page button').length).toBe(0);
  });
});
