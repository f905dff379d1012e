import '../testing/setup';
import angular from 'angular';
import { provideAppConfig, TEST_APP_CONFIG } from '../testing/app-config.testing';
import { clearSession, storeSession } from '../testing/session.testing';
import pingModule from './ping.module';

describe('the ping page', () => {
  let $compile: angular.ICompileService;
  let $rootScope: angular.IRootScopeService;
  let $httpBackend: angular.IHttpBackendService;

  beforeEach(() => {
    clearSession();
    angular.mock.module(provideAppConfig(), pingModule);
    angular.mock.inject([
      '$compile',
      '$rootScope',
      '$httpBackend',
      (
        compile: angular.ICompileService,
        rootScope: angular.IRootScopeService,
        backend: angular.IHttpBackendService
      ) => {
        $compile = compile;
        $rootScope = rootScope;
        $httpBackend = backend;
      },
    ]);
  });

  afterEach(() => {
    $httpBackend.verifyNoOutstandingExpectation();
    $httpBackend.verifyNoOutstandingRequest();
    clearSession();
  });

  function render(): HTMLElement {
    const element = $compile('<ping></ping>')($rootScope.$new());
    $rootScope.$digest();
    return element[0];
  }

  function button(page: HTMLElement, name: string): HTMLButtonElement {
    const found = Array.from(page.querySelectorAll('button')).find((b) => b.textContent?.trim() === name);
    if (!found) throw new Error(`no button named ${name}`);
    return found;
  }

  function text(page: HTMLElement, role: 'status' | 'alert'): string | undefined {
    return page.querySelector(`[role="${role}"]`)?.textContent?.trim();
  }

  const api = (path: string) => `${TEST_APP_CONFIG.apiUrl}${path}`;

  it('offers the three calls, all usable while logged out, and says the secured ones need a login', () => {
    const page = render();

    for (const name of ['Public ping', 'Secured ping', 'Scoped ping']) {
      expect(button(page, name).disabled).withContext(name).toBeFalse();
    }
    expect(page.textContent).toContain('Log in to call the secured endpoints.');
  });

  it("shows the API's message on a 200", () => {
    const page = render();
    $httpBackend.expectGET(api('/api/public')).respond(200, { message: 'Hello from a public endpoint!' });

    button(page, 'Public ping').click();
    $httpBackend.flush();

    expect(text(page, 'status')).toBe('Hello from a public endpoint!');
    expect(text(page, 'alert')).toBeUndefined();
  });

  it('sends the access token with the secured call when logged in', () => {
    const token = storeSession();
    const page = render();
    expect(page.textContent).not.toContain('Log in to call the secured endpoints.');
    $httpBackend
      .expectGET(
        api('/api/private'),
        ((headers: Record<string, string>) => headers.Authorization === `Bearer ${token}`) as never
      )
      .respond(200, { message: 'Hello from a private endpoint!' });

    button(page, 'Secured ping').click();
    $httpBackend.flush();

    expect(text(page, 'status')).toBe('Hello from a private endpoint!');
  });

  it('explains a 401, with what the API said', () => {
    const page = render();
    $httpBackend
      .expectGET(api('/api/private'))
      .respond(401, { error: 'invalid_token', error_description: 'jwt expired' }, {}, 'Unauthorized');

    button(page, 'Secured ping').click();
    $httpBackend.flush();

    expect(text(page, 'alert')).toBe(
      '401 Unauthorized: you are not logged in or your session has ended. Log in and try again. ' +
        'The API said: jwt expired'
    );
    expect(text(page, 'status')).toBeUndefined();
  });

  it('forgets a session whose token the API refuses, so the page asks for a login again', () => {
    storeSession();
    const page = render();
    $httpBackend.expectGET(api('/api/private')).respond(401, { error: 'invalid_token' });

    button(page, 'Secured ping').click();
    $httpBackend.flush();

    expect(text(page, 'alert')).toContain('401 Unauthorized');
    expect(localStorage.getItem('access_token')).toBeNull();
    expect(page.textContent).toContain('Log in to call the secured endpoints.');
  });

  it('keeps the session when a call fails for another reason', () => {
    storeSession();
    const page = render();
    $httpBackend.expectGET(api('/api/private')).respond(-1, '');

    button(page, 'Secured ping').click();
    $httpBackend.flush();

    expect(localStorage.getItem('access_token')).not.toBeNull();
  });

  it('explains a 403 as the missing read:messages scope', () => {
    storeSession({ scopes: 'openid profile' });
    const page = render();
    expect(page.textContent).toContain('was not granted read:messages');
    $httpBackend.expectGET(api('/api/private-scoped')).respond(403, { error: 'insufficient_scope' });

    button(page, 'Scoped ping').click();
    $httpBackend.flush();

    expect(text(page, 'alert')).toBe('403 Forbidden: your access token lacks the read:messages scope.');
  });

  it('says when the API cannot be reached', () => {
    const page = render();
    $httpBackend.expectGET(api('/api/public')).respond(-1, '');

    button(page, 'Public ping').click();
    $httpBackend.flush();

    expect(text(page, 'alert')).toContain(`The API at ${TEST_APP_CONFIG.apiUrl} could not be reached.`);
  });

  it('names the status of any other failure', () => {
    const page = render();
    $httpBackend.expectGET(api('/api/public')).respond(500, 'oops');

    button(page, 'Public ping').click();
    $httpBackend.flush();

    expect(text(page, 'alert')).toBe('500 Internal Server Error: the API could not answer this request.');
  });

  it('shows only the answer to the latest click', () => {
    const page = render();
    $httpBackend.expectGET(api('/api/private')).respond(401, {});
    $httpBackend.expectGET(api('/api/public')).respond(200, { message: 'public answer' });

    button(page, 'Secured ping').click();
    button(page, 'Public ping').click();
    $httpBackend.flush();

    expect(text(page, 'status')).toBe('public answer');
    expect(text(page, 'alert')).toBeUndefined();
  });
});
