import '../testing/setup';
import { USERINFO_TIMEOUT_MS } from '../auth/userinfo';
import { startSpecApp, type SpecApp } from '../testing/app.testing';
import { holdUserInfo, type FakeWebAuth } from '../testing/auth0.testing';
import { clearSession, storeSession } from '../testing/session.testing';
import profileModule from './profile.module';

describe('the profile page', () => {
  let angularAuth0: FakeWebAuth;
  let $rootScope: angular.IRootScopeService;
  let $timeout: angular.ITimeoutService;
  let injector: angular.auto.IInjectorService;
  let app: SpecApp;
  let page: HTMLElement;
  let token: string;

  beforeEach(() => {
    clearSession();
    token = storeSession();
    app = startSpecApp(profileModule);
    angularAuth0 = app.webAuth;
    injector = app.injector;
    $rootScope = app.$rootScope;
    $timeout = app.$timeout;
  });

  afterEach(clearSession);

  function render(): HTMLElement {
    page = injector.get<angular.ICompileService>('$compile')('<profile></profile>')($rootScope.$new())[0];
    $rootScope.$digest();
    return page;
  }

  const text = (selector: string) => page.querySelector(selector)?.textContent?.trim();

  it('asks /userinfo with the access token and says it is loading meanwhile', () => {
    holdUserInfo(angularAuth0);
    render();

    expect(angularAuth0.client.userInfo).toHaveBeenCalledOnceWith(token, jasmine.any(Function));
    expect(text('[role="status"]')).toBe('Loading your profile…');
  });

  it('shows the claims even though auth0-js answers outside any digest', () => {
    const held = holdUserInfo(angularAuth0);
    render();

    // As auth0-js does: a plain callback from an XHR handler, with no $apply around it.
    held.answer(null, { sub: 'demo-user', name: 'Demo User', email: 'demo@example.com' } as never);
    expect($rootScope.$$phase).toBeNull();
    $timeout.flush();

    const rows = Array.from(page.querySelectorAll('tbody tr')).map((row) =>
      row.textContent?.replace(/\s+/g, ' ').trim()
    );
    expect(rows).toEqual(['sub demo-user', 'name Demo User', 'email demo@example.com']);
    expect(page.querySelector('[role="status"]')).toBeNull();
  });

  it('shows a claim that is not a string as JSON', () => {
    const held = holdUserInfo(angularAuth0);
    render();

    held.answer(null, { sub: 's', email: 'e@example.com', email_verified: true, address: { country: 'NZ' } } as never);
    $timeout.flush();

    const values = Array.from(page.querySelectorAll('tbody td')).map((cell) => cell.textContent);
    expect(values).toEqual(['s', 'e@example.com', 'true', '{"country":"NZ"}']);
  });

  it('says in the page why the profile did not load, with a way to try again', () => {
    const held = holdUserInfo(angularAuth0);
    render();

    held.answer({ error: 'server_error', code: 'server_error', description: 'boom', statusCode: 500 }, null as never);
    $rootScope.$digest();

    expect(text('[role="alert"]')).toBe('Your profile could not be loaded (server_error: boom).');
    const again = Array.from(page.querySelectorAll('button')).find((b) => b.textContent?.trim() === 'Try again');
    again?.click();
    expect(angularAuth0.client.userInfo).toHaveBeenCalledTimes(2);
    expect(text('[role="status"]')).toBe('Loading your profile…');
  });

  it('says the server could not be reached when no answer came at all', () => {
    const held = holdUserInfo(angularAuth0);
    render();

    held.answer({ error: 'Request has been terminated', original: {} }, null as never);
    $timeout.flush();

    expect(text('[role="alert"]')).toContain('could not be reached');
  });

  it('does not spin for ever when /userinfo never answers', () => {
    holdUserInfo(angularAuth0);
    render();

    $timeout.flush(USERINFO_TIMEOUT_MS);

    expect(text('[role="alert"]')).toContain('did not answer in time');
    expect(page.querySelector('[role="status"]')).toBeNull();
  });

  it('ends the session, with the note, when /userinfo refuses the token', () => {
    const held = holdUserInfo(angularAuth0);
    render();

    held.answer({ error: 'invalid_token', code: 'invalid_token', statusCode: 401 }, null as never);
    $timeout.flush();

    expect(app.session.isAuthenticated()).toBeFalse();
    expect(app.session.notice?.code).toBe('token_refused');
    expect(app.session.notice?.message).toContain('Your session has ended');
  });
});
