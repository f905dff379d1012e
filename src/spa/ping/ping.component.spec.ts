import '../testing/setup';
import type { AppConfig } from '../config/app-config';
import { TEST_APP_CONFIG } from '../testing/app-config.testing';
import { startSpecApp, type SpecApp } from '../testing/app.testing';
import { answerOAuthToken } from '../testing/auth0.testing';
import {
  clearSession,
  fakeAccessToken,
  storedAccessToken,
  storeSession,
  storedAccessTokenIfValid,
} from '../testing/session.testing';
import pingModule from './ping.module';

describe('the ping page', () => {
  let app: SpecApp;
  let $httpBackend: angular.IHttpBackendService;
  let page: HTMLElement;

  /** Opens /ping as the router does. */
  function render(config: AppConfig = TEST_APP_CONFIG): HTMLElement {
    app = startSpecApp(pingModule, { url: '/ping', config });
    $httpBackend = app.$httpBackend;
    page = app.render('<div><ui-view></ui-view></div>');
    return page;
  }

  beforeEach(clearSession);

  afterEach(() => {
    $httpBackend.verifyNoOutstandingExpectation();
    $httpBackend.verifyNoOutstandingRequest();
    clearSession();
  });

  function buttonNames(): string[] {
    return Array.from(page.querySelectorAll('button')).map((b) => b.textContent?.trim() ?? '');
  }

  function button(name: string): HTMLButtonElement {
    const found = Array.from(page.querySelectorAll('button')).find((b) => b.textContent?.trim() === name);
    if (!found) throw new Error(`no button named ${name}`);
    return found;
  }

  function text(role: 'status' | 'alert'): string | undefined {
    return page.querySelector(`[role="${role}"]`)?.textContent?.trim();
  }

  /** What an HTTP/1.1 server sends after the status. */
  const REASON_PHRASES: Record<number, string> = {
    401: 'Unauthorized',
    403: 'Forbidden',
    500: 'Internal Server Error',
    503: 'Service Unavailable',
  };

  /** Clicks a button whose call the API answers with `status` and `body`. */
  function answer(
    name: string,
    path: string,
    status: number,
    body: string | object = {},
    headers: Record<string, string> = {}
  ): void {
    $httpBackend.expectGET(api(path)).respond(status, body, headers, REASON_PHRASES[status] ?? '');
    button(name).click();
    $httpBackend.flush();
  }

  const api = (path: string) => `${TEST_APP_CONFIG.apiUrl}${path}`;

  it('offers the public and the secured call while logged out, and says the secured ones need a login', () => {
    render();

    expect(buttonNames()).toEqual(['Public ping', 'Secured ping']);
    expect(page.textContent).toContain('Log in to call the secured endpoints.');
  });

  it("shows the API's message on a 200", () => {
    render();

    answer('Public ping', '/api/public', 200, { message: 'Hello from a public endpoint!' });

    expect(text('status')).toBe('Hello from a public endpoint!');
    expect(text('alert')).toBeUndefined();
  });

  it('sends the access token with the secured call when logged in', () => {
    const token = storeSession();
    render();
    expect(page.textContent).not.toContain('Log in to call the secured endpoints.');
    $httpBackend
      .expectGET(
        api('/api/private'),
        ((headers: Record<string, string>) => headers.Authorization === `Bearer ${token}`) as never
      )
      .respond(200, { message: 'Hello from a private endpoint!' });

    button('Secured ping').click();
    $httpBackend.flush();

    expect(text('status')).toBe('Hello from a private endpoint!');
  });

  it('explains a 401 to a logged-out visitor, with what the API said', () => {
    render();

    answer('Secured ping', '/api/private', 401, { error: 'invalid_token', error_description: 'no token' });

    expect(text('alert')).toBe(
      '401 Unauthorized: no access token was sent, as you are not logged in. Log in and try again. ' +
        'The API said: no token'
    );
    expect(text('status')).toBeUndefined();
  });

  it('turns a 401 to the token it sent into the session-ended state, and hides the scoped call', () => {
    storeSession();
    render();
    expect(buttonNames()).toContain('Scoped ping');

    answer('Secured ping', '/api/private', 401, { error: 'invalid_token' });

    expect(text('alert')).toBe(
      '401 Unauthorized: the API refused your access token, so your session has ended. Log in again.'
    );
    expect(storedAccessToken()).toBeNull();
    expect(page.textContent).toContain('Log in to call the secured endpoints.');
    expect(buttonNames()).toEqual(['Public ping', 'Secured ping']);
  });

  it('sends no expired token when it could not be renewed before the call, and says none was sent', async () => {
    storeSession({ expiresAt: Date.now() - 1, refreshToken: 'rt-1' });
    render();
    answerOAuthToken(app.webAuth, { statusCode: 400, error: 'invalid_grant' } as never);
    await app.settle();

    $httpBackend
      .expectGET(api('/api/private'), (headers: Record<string, unknown>) => !('Authorization' in headers))
      .respond(401, { error: 'invalid_token' }, {}, 'Unauthorized');
    button('Secured ping').click();
    await app.settle();

    expect(text('alert')).toBe(
      '401 Unauthorized: no access token was sent, as you are not logged in. Log in and try again.'
    );
  });

  describe('when the API cannot check tokens right now (503)', () => {
    it('keeps the session and says when to try again, from Retry-After', () => {
      const token = storeSession();
      render();

      answer('Secured ping', '/api/private', 503, { error: 'temporarily_unavailable' }, { 'Retry-After': '30' });

      expect(text('alert')).toBe(
        '503 Service Unavailable: the API cannot check tokens right now (its authorization server is out of ' +
          'reach). You are still logged in: try again in 30 seconds.'
      );
      expect(storedAccessTokenIfValid()).toBe(token);
      expect(app.session.notice).toBeNull();
      expect(buttonNames()).toContain('Scoped ping');
    });

    it('says "in a moment" when Retry-After cannot be read', () => {
      storeSession();
      render();

      answer('Secured ping', '/api/private', 503, {});

      expect(text('alert')).toContain('You are still logged in: try again in a moment.');
    });
  });

  it('brings the answer into view once it is drawn (on a small screen it is below the buttons)', () => {
    render();
    const scrolled = spyOn(Element.prototype, 'scrollIntoView');

    answer('Public ping', '/api/public', 200, { message: 'Hello' });
    expect(scrolled).withContext('not before the answer is drawn').not.toHaveBeenCalled();
    app.$timeout.flush();

    expect(scrolled).toHaveBeenCalledTimes(1);
    expect(scrolled.calls.mostRecent().object as unknown).toBe(page.querySelector('.result'));
    expect(page.querySelector('.result')?.textContent).toContain('Hello');
  });

  it('is one page: no child state, the secured call beside the public one', () => {
    storeSession();
    render();

    expect(app.injector.get<{ current: { name: string } }>('$state').current.name).toBe('ping');
    expect(buttonNames()).toEqual(['Public ping', 'Secured ping', 'Scoped ping']);
  });

  it('keeps the session when a call fails for another reason', () => {
    storeSession();
    render();

    answer('Secured ping', '/api/private', -1, '');

    expect(storedAccessToken()).not.toBeNull();
  });

  describe('scope-aware', () => {
    it('offers the scoped call when the authorization server granted read:messages', () => {
      storeSession({ scopes: 'openid profile read:messages' });
      render();

      answer('Scoped ping', '/api/private-scoped', 200, { message: 'scoped answer' });

      expect(text('status')).toBe('scoped answer');
    });

    it('does not offer it, and says why, when read:messages was not granted', () => {
      storeSession({ scopes: 'openid profile' });
      render();

      expect(buttonNames()).not.toContain('Scoped ping');
      expect(page.textContent?.replace(/\s+/g, ' ')).toContain(
        'Your session was not granted read:messages, which the scoped ping needs.'
      );
    });

    it('goes by the granted scopes as reported, never by what the token says', () => {
      // This token's payload claims read:messages; the stored response did not grant it.
      const payload = btoa(JSON.stringify({ scope: 'read:messages' })).replace(/=+$/, '');
      storeSession({ scopes: 'openid', accessToken: `eyJhbGciOiJSUzI1NiJ9.${payload}.c2ln` });
      render();

      expect(buttonNames()).not.toContain('Scoped ping');
    });

    it('does not offer it while logged out, nor say the scope is missing', () => {
      render();

      expect(buttonNames()).not.toContain('Scoped ping');
      expect(page.textContent).not.toContain('was not granted');
    });

    it('explains a 403 in words', () => {
      storeSession();
      render();

      answer('Scoped ping', '/api/private-scoped', 403, { error: 'insufficient_scope' });

      expect(text('alert')).toContain('403 Forbidden: your access token lacks the read:messages scope.');
      expect(text('alert')).toContain('read:messages');
    });
  });

  describe('when the access token cannot be used by the API', () => {
    it('says so, and how to fix it, when the token is not a JWT (no audience was requested)', () => {
      storeSession({ accessToken: 'Dx8aKq0opaque-access-token' });
      render();

      expect(page.textContent).toContain('The API can verify only access tokens issued for it');
      expect(page.textContent).toContain("set AUTH0_AUDIENCE to your API's Identifier");
    });

    it('explains the 401 it causes instead of showing a bare one, and keeps the session', () => {
      storeSession({ accessToken: 'Dx8aKq0opaque-access-token' });
      render();

      answer('Secured ping', '/api/private', 401, { error: 'invalid_token', error_description: 'jwt malformed' });

      expect(text('alert')).toContain('401 Unauthorized: your access token is not a JWT.');
      expect(text('alert')).toContain("set AUTH0_AUDIENCE to your API's Identifier");
      expect(storedAccessToken()).not.toBeNull();
    });

    it('says nothing of the kind for a JWT from a correctly configured app', () => {
      storeSession();
      render();

      expect(page.textContent).not.toContain('AUTH0_AUDIENCE');
    });
  });

  it('says when the API cannot be reached', () => {
    render();

    answer('Public ping', '/api/public', -1, '');

    expect(text('alert')).toContain(`The API at ${TEST_APP_CONFIG.apiUrl} could not be reached.`);
  });

  it('blames the address, not the API, when a page opened at another origin gets no answer (CORS refused it)', () => {
    render({ ...TEST_APP_CONFIG, appOrigin: 'http://localhost:3000' });

    answer('Public ping', '/api/public', -1, '');

    expect(text('alert')).toBe(
      `The API at ${TEST_APP_CONFIG.apiUrl} answers pages of http://localhost:3000 only, so it refused this one: ` +
        'open the app there.'
    );
  });

  describe('what was sent', () => {
    const claimNames = () => Array.from(page.querySelectorAll('.claims th')).map((cell) => cell.textContent?.trim());

    it('shows the header, shortened, and the claims the API checked, for the secured call', () => {
      const token = storeSession({
        accessToken: fakeAccessToken(Date.now() + 3_600_000, {
          iss: 'https://issuer/',
          aud: 'urn:api',
          scope: 'read:messages',
        }),
      });
      render();

      answer('Secured ping', '/api/private', 200, { message: 'ok' });

      expect(page.querySelector('.sent pre')?.textContent).toContain(`Authorization: Bearer ${token.slice(0, 10)}…`);
      expect(page.querySelector('.sent pre')?.textContent).not.toContain(token);
      expect(claimNames()).toEqual(['iss', 'aud', 'scope', 'exp']);
      expect(page.querySelector('.token-ignored')).toBeNull();
    });

    it('shows no claims for the public call, which checks none, and says the token went along unread', () => {
      storeSession();
      render();

      answer('Public ping', '/api/public', 200, { message: 'ok' });

      expect(page.querySelector('.sent pre')?.textContent).toContain('Authorization: Bearer ');
      expect(claimNames()).toEqual([]);
      expect(page.querySelector('.token-ignored')?.textContent?.replace(/\s+/g, ' ').trim()).toBe(
        'Your access token went along (the interceptor adds it to every call to the API), but /api/public does not look at it.'
      );
    });
  });

  it('names the status of any other failure', () => {
    render();

    answer('Public ping', '/api/public', 500, 'oops');

    expect(text('alert')).toBe('500 Internal Server Error: the API could not answer this request.');
  });

  it('names the status alone when the answer has no reason phrase (HTTP/2)', () => {
    render();

    $httpBackend.expectGET(api('/api/public')).respond(502, 'bad gateway', {}, '');
    button('Public ping').click();
    $httpBackend.flush();

    expect(text('alert')).toBe('502: the API could not answer this request.');
  });

  it('shows only the answer to the latest click', () => {
    render();
    $httpBackend.expectGET(api('/api/private')).respond(401, {});
    $httpBackend.expectGET(api('/api/public')).respond(200, { message: 'public answer' });

    button('Secured ping').click();
    button('Public ping').click();
    $httpBackend.flush();

    expect(text('status')).toBe('public answer');
    expect(text('alert')).toBeUndefined();
  });
});
