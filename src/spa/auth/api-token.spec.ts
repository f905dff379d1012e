import '../testing/setup';
import { TEST_APP_CONFIG } from '../testing/app-config.testing';
import { answerOAuthToken, tokenResponse } from '../testing/auth0.testing';
import { startSpecApp, type SpecApp } from '../testing/app.testing';
import { clearSession, fakeAccessToken, storeSession } from '../testing/session.testing';
import { isApiOrigin } from './api-token';
import authSession from './index';

type HeaderCheck = (headers: Record<string, string>) => boolean;

describe('the access token on $http requests', () => {
  let $http: angular.IHttpService;
  let $httpBackend: angular.IHttpBackendService;
  let token: string;
  let app: SpecApp;

  function start(stored: Parameters<typeof storeSession>[0] = { refreshToken: 'rt-1' }): void {
    token = storeSession(stored);
    app = startSpecApp(authSession);
    $http = app.injector.get('$http');
    $httpBackend = app.$httpBackend;
  }

  beforeEach(clearSession);

  afterEach(() => {
    $httpBackend.verifyNoOutstandingExpectation();
    $httpBackend.verifyNoOutstandingRequest();
    clearSession();
  });

  const carriesToken: HeaderCheck = (headers) => headers.Authorization === `Bearer ${token}`;
  const carriesNoToken: HeaderCheck = (headers) => !('Authorization' in headers);

  /** Sends a GET, and lets it be answered once the token getter (which may wait for a renewal) has let it go. */
  async function get(url: string, headers: HeaderCheck): Promise<void> {
    $httpBackend.expectGET(url, headers as never).respond(200, {});
    void $http.get(url);
    await app.settle();
  }

  it('is sent to the API origin', async () => {
    start();
    await get(`${TEST_APP_CONFIG.apiUrl}/api/private`, carriesToken);
    await get(`${TEST_APP_CONFIG.apiUrl}/api/private-scoped?x=1`, carriesToken);
  });

  it('is not sent with templates or other requests to the app itself', async () => {
    start();
    await get('ping/ping.html', carriesNoToken);
    await get('/api/private', carriesNoToken);
    await get(`${window.location.origin}/callback`, carriesNoToken);
  });

  it('is not sent to the authorization server, though it is on localhost too', async () => {
    start();
    await get('http://localhost:4000/userinfo', carriesNoToken);
  });

  it('is not sent to another port of the API host', async () => {
    start();
    await get('http://localhost:3002/api/private', carriesNoToken);
    await get('http://localhost/api/private', carriesNoToken);
  });

  it('is not sent to another host, even on the API port', async () => {
    start();
    await get('http://127.0.0.1:3001/api/private', carriesNoToken);
    await get('http://api.example.com:3001/api/private', carriesNoToken);
  });

  it('is not sent over a different scheme', async () => {
    start();
    await get('https://localhost:3001/api/private', carriesNoToken);
  });

  it('is not sent once the session has expired and cannot be renewed', async () => {
    start({ expiresAt: Date.now() - 1, refreshToken: 'rt-1' });
    answerOAuthToken(app.webAuth, { statusCode: 400, error: 'invalid_grant' } as never);

    await get(`${TEST_APP_CONFIG.apiUrl}/api/private`, carriesNoToken);
    expect(app.webAuth.client.oauthToken).toHaveBeenCalledTimes(1);
  });

  it('is renewed first when it has expired, and the request goes with the fresh one', async () => {
    start({ expiresAt: Date.now() - 1, refreshToken: 'rt-1' });
    token = fakeAccessToken(Date.now() + 7_200_000);
    answerOAuthToken(app.webAuth, null, tokenResponse(token, { refreshToken: 'rt-2' }));

    await get(`${TEST_APP_CONFIG.apiUrl}/api/private`, carriesToken);
  });

  it('waits for a renewal under way and goes with its token, never the one being replaced', async () => {
    start();
    const old = token;
    const fresh = fakeAccessToken(Date.now() + 7_200_000);
    answerOAuthToken(app.webAuth, null, tokenResponse(fresh, { refreshToken: 'rt-2' }));
    void app.core.renewal.renew();
    token = fresh;

    await get(
      `${TEST_APP_CONFIG.apiUrl}/api/private`,
      (headers) => headers.Authorization !== `Bearer ${old}` && carriesToken(headers)
    );
  });

  it('does not trigger a renewal for requests to other origins', async () => {
    start({ expiresAt: Date.now() + 60_000, refreshToken: 'rt-1' });
    // The tab slept past the planned renewal: the token has expired, and nothing has renewed it yet.
    spyOn(Date, 'now').and.returnValue(Date.now() + 120_000);

    await get('http://localhost:4000/userinfo', carriesNoToken);
    expect(app.webAuth.client.oauthToken).not.toHaveBeenCalled();
  });

  it('is not sent when logged out', async () => {
    clearSession();
    app = startSpecApp(authSession);
    $http = app.injector.get('$http');
    $httpBackend = app.$httpBackend;

    await get(`${TEST_APP_CONFIG.apiUrl}/api/private`, carriesNoToken);
  });
});

describe('a 401 from the API', () => {
  let $http: angular.IHttpService;
  let $httpBackend: angular.IHttpBackendService;
  let app: SpecApp;
  const privateUrl = `${TEST_APP_CONFIG.apiUrl}/api/private`;

  function start(): void {
    app = startSpecApp(authSession);
    $http = app.injector.get('$http');
    $httpBackend = app.$httpBackend;
  }

  beforeEach(clearSession);

  afterEach(() => {
    $httpBackend.verifyNoOutstandingExpectation();
    $httpBackend.verifyNoOutstandingRequest();
    clearSession();
  });

  /** Sends a GET that the API answers with `status`, and reports whether the caller saw the failure. */
  function call(url: string, status: number, headers: Record<string, string> = {}): { rejected: boolean } {
    const outcome = { rejected: false };
    $httpBackend.expectGET(url).respond(status, { error: 'invalid_token' });
    $http.get(url, { headers }).catch(() => (outcome.rejected = true));
    $httpBackend.flush();
    return outcome;
  }

  it('to a request that carried the current token ends the session, with the notice', () => {
    storeSession();
    start();

    expect(call(privateUrl, 401).rejected).withContext('the caller still sees the 401').toBeTrue();

    expect(app.session.isAuthenticated()).toBeFalse();
    expect(app.session.notice?.code).toBe('token_refused');
  });

  it('to a request sent without a token changes nothing: the visitor was not logged in', () => {
    start();
    call(privateUrl, 401);

    expect(app.session.notice).toBeNull();
  });

  it('for a token that is not a JWT keeps the session: a new login would get the same token', () => {
    storeSession({ accessToken: 'opaque-token-without-audience' });
    start();

    call(privateUrl, 401);

    expect(app.session.isAuthenticated()).toBeTrue();
    expect(app.session.notice).toBeNull();
  });

  it('for a token already replaced by a renewal keeps the new session', () => {
    storeSession();
    start();

    call(privateUrl, 401, { Authorization: 'Bearer an.older.token' });

    expect(app.session.isAuthenticated()).toBeTrue();
  });

  it('saying the API cannot check tokens right now (503) keeps the session: the token was not judged', () => {
    const token = storeSession();
    start();

    expect(call(privateUrl, 503, { Authorization: `Bearer ${token}` }).rejected).toBeTrue();

    expect(app.session.isAuthenticated()).toBeTrue();
    expect(app.session.notice).toBeNull();
  });

  it('from another origin, or any other status, changes nothing', () => {
    const token = storeSession();
    start();

    call('http://localhost:4000/userinfo', 401, { Authorization: `Bearer ${token}` });
    call(`${TEST_APP_CONFIG.apiUrl}/api/private-scoped`, 403);
    call(`${TEST_APP_CONFIG.apiUrl}/api/private`, 500);

    expect(app.session.isAuthenticated()).toBeTrue();
  });
});

describe('isApiOrigin()', () => {
  const base = 'http://localhost:3000/ping';

  it('compares scheme, host and port exactly', () => {
    expect(isApiOrigin('http://localhost:3001/api/public', 'http://localhost:3001', base)).toBeTrue();
    expect(isApiOrigin('HTTP://LOCALHOST:3001/api', 'http://localhost:3001', base)).toBeTrue();
    expect(isApiOrigin('https://api.example.com/api', 'https://api.example.com:443', base)).toBeTrue();
    expect(isApiOrigin('http://localhost:3001.evil.example/api', 'http://localhost:3001', base)).toBeFalse();
    expect(isApiOrigin('http://localhost:3001@evil.example/api', 'http://localhost:3001', base)).toBeFalse();
    expect(isApiOrigin('//localhost:3001/api', 'http://localhost:3001', base)).toBeTrue();
  });

  it('resolves relative URLs against the page, as the browser does', () => {
    expect(isApiOrigin('/api/private', 'http://localhost:3001', base)).toBeFalse();
    expect(isApiOrigin('/api/private', 'http://localhost:3000', base)).toBeTrue();
  });

  it('is false for anything that does not parse', () => {
    expect(isApiOrigin('http://[broken/api', 'http://localhost:3001', base)).toBeFalse();
  });
});
