import '../testing/setup';
import { TEST_APP_CONFIG } from '../testing/app-config.testing';
import { answerOAuthToken, tokenResponse } from '../testing/auth0.testing';
import { startSpecApp, type SpecApp } from '../testing/app.testing';
import { clearSession, fakeAccessToken, storeSession } from '../testing/session.testing';
import { isApiOrigin } from './api-token.config';
import { AUTH_MODULE } from './auth.module';

type HeaderCheck = (headers: Record<string, string>) => boolean;

describe('the access token on $http requests', () => {
  let $http: angular.IHttpService;
  let $httpBackend: angular.IHttpBackendService;
  let token: string;
  let app: SpecApp;

  beforeEach(() => {
    clearSession();
    app = startSpecApp(AUTH_MODULE);
    $http = app.injector.get('$http');
    $httpBackend = app.$httpBackend;
    token = storeSession({ refreshToken: 'rt-1' });
  });

  afterEach(() => {
    $httpBackend.verifyNoOutstandingExpectation();
    $httpBackend.verifyNoOutstandingRequest();
    clearSession();
  });

  const carriesToken: HeaderCheck = (headers) => headers.Authorization === `Bearer ${token}`;
  const carriesNoToken: HeaderCheck = (headers) => !('Authorization' in headers);

  /** Sends a GET and answers it, once the token getter (which may wait for a renewal) has let it go. */
  async function get(url: string, headers: HeaderCheck): Promise<void> {
    $httpBackend.expectGET(url, headers as never).respond(200, {});
    void $http.get(url);
    await app.settle();
    $httpBackend.flush();
  }

  it('is sent to the API origin', async () => {
    await get(`${TEST_APP_CONFIG.apiUrl}/api/private`, carriesToken);
    await get(`${TEST_APP_CONFIG.apiUrl}/api/private-scoped?x=1`, carriesToken);
  });

  it('is not sent with templates or other requests to the app itself', async () => {
    await get('ping/ping.html', carriesNoToken);
    await get('/api/private', carriesNoToken);
    await get(`${window.location.origin}/callback`, carriesNoToken);
  });

  it('is not sent to the authorization server, though it is on localhost too', async () => {
    await get('http://localhost:4000/userinfo', carriesNoToken);
  });

  it('is not sent to another port of the API host', async () => {
    await get('http://localhost:3002/api/private', carriesNoToken);
    await get('http://localhost/api/private', carriesNoToken);
  });

  it('is not sent to another host, even on the API port', async () => {
    await get('http://127.0.0.1:3001/api/private', carriesNoToken);
    await get('http://api.example.com:3001/api/private', carriesNoToken);
  });

  it('is not sent over a different scheme', async () => {
    await get('https://localhost:3001/api/private', carriesNoToken);
  });

  it('is not sent once the session has expired and cannot be renewed', async () => {
    storeSession({ expiresAt: Date.now() - 1, refreshToken: 'rt-1' });
    answerOAuthToken(app.webAuth, { statusCode: 400, error: 'invalid_grant' } as never);

    await get(`${TEST_APP_CONFIG.apiUrl}/api/private`, carriesNoToken);
    expect(app.webAuth.client.oauthToken).toHaveBeenCalledTimes(1);
  });

  it('is renewed first when it has expired, and the request goes with the fresh one', async () => {
    storeSession({ expiresAt: Date.now() - 1, refreshToken: 'rt-1' });
    token = fakeAccessToken(Date.now() + 7_200_000);
    answerOAuthToken(app.webAuth, null, tokenResponse(token, { refreshToken: 'rt-2' }));

    await get(`${TEST_APP_CONFIG.apiUrl}/api/private`, carriesToken);
  });

  it('waits for a renewal under way and goes with its token, never the one being replaced', async () => {
    const old = token;
    const fresh = fakeAccessToken(Date.now() + 7_200_000);
    answerOAuthToken(app.webAuth, null, tokenResponse(fresh, { refreshToken: 'rt-2' }));
    void app.authService.renew();
    token = fresh;

    await get(
      `${TEST_APP_CONFIG.apiUrl}/api/private`,
      (headers) => headers.Authorization !== `Bearer ${old}` && carriesToken(headers)
    );
  });

  it('does not trigger a renewal for requests to other origins', async () => {
    storeSession({ expiresAt: Date.now() - 1, refreshToken: 'rt-1' });

    await get('http://localhost:4000/userinfo', carriesNoToken);
    expect(app.webAuth.client.oauthToken).not.toHaveBeenCalled();
  });

  it('is not sent when logged out', async () => {
    clearSession();

    await get(`${TEST_APP_CONFIG.apiUrl}/api/private`, carriesNoToken);
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
