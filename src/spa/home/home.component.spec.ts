import '../testing/setup';
import { startSpecApp, type SpecApp } from '../testing/app.testing';
import { holdOAuthToken } from '../testing/auth0.testing';
import { clearSession, fakeIdToken, storeSession } from '../testing/session.testing';
import homeModule from './home.module';

describe('the home page', () => {
  let app: SpecApp;
  let page: HTMLElement;

  function render(): void {
    app = startSpecApp(homeModule);
    page = app.render('<home></home>');
  }

  beforeEach(clearSession);
  afterEach(clearSession);

  const lead = () => page.querySelector('.lead')?.textContent?.replace(/\s+/g, ' ').trim();

  it('says who is logged in, from the ID token, and when the token expires', () => {
    storeSession({ idToken: fakeIdToken({ sub: 'auth0|1', name: 'Demo User' }) });
    render();

    expect(lead()).toBe('You are logged in as Demo User.');
    expect(page.querySelector('time')?.textContent).toBeTruthy();
  });

  it('says you are logged in without a name when the ID token names nobody', () => {
    storeSession({ idToken: 'junk' });
    render();

    expect(lead()).toBe('You are logged in.');
  });

  it('says you are not logged in without a session', () => {
    render();

    expect(lead()).toBe('You are not logged in.');
  });

  it('says you have logged out when the logout came back here, and only then', () => {
    sessionStorage.setItem('authSession.loggedOut', '1');
    render();

    expect(lead()).toBe('You have logged out.');
    expect(page.textContent).not.toContain('You are not logged in.');
  });

  it('says it is checking, not that you are logged out, while expired tokens are being renewed', async () => {
    storeSession({ expiresAt: Date.now() - 1, refreshToken: 'rt-1' });
    render();
    const held = holdOAuthToken(app.webAuth);
    await app.settle();

    expect(lead()).toBe('Checking your session…');
    expect(page.textContent).not.toContain('You are not logged in.');

    held[0]({ statusCode: 400, error: 'invalid_grant' } as never, null as never);
    await app.settle();

    expect(lead()).toBe('You are not logged in.');
  });
});
