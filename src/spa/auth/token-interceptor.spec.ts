import '../testing/setup';
import angular from 'angular';
import { provideAppConfig, TEST_APP_CONFIG } from '../testing/app-config.testing';
import { fakeAngularAuth0, renewedTokens, type FakeAngularAuth0 } from '../testing/auth0.testing';
import { clearSession, fakeAccessToken, storeSession } from '../testing/session.testing';
import { isApiOrigin } from './api-origin';
import authModule from './auth.module';

type HeaderCheck = (headers: Record<string, string>) => boolean;

describe('the access token on $http requests', () => {
  let $http: angular.IHttpService;
  let $httpBackend: angular.IHttpBackendService;
  let token: string;
  let angularAuth0: FakeAngularAuth0;

  beforeEach(() => {
    clearSession();
    angularAuth0 = fakeAngularAuth0();
    angular.mock.module(provideAppConfig(), authModule, { angularAuth0 });
    angular.mock.inject([
      '$http',
      '$httpBackend',
      (http: angular.IHttpService, backend: angular.IHttpBackendService) => {
        $http = http;
        $httpBackend = backend;
      },
    ]);
    token = storeSession();
  });

  afterEach(() => {
    $httpBackend.verifyNoOutstandingExpectation();
    $httpBackend.verifyNoOutstandingRequest();
    clearSession();
  });

  const carriesToken: HeaderCheck = (headers) => headers.Authorization === `Bearer ${token}`;
  const carriesNoToken: HeaderCheck = (headers) => !('Authorization' in headers);

  function get(url: string, headers: HeaderCheck): void {
    $httpBackend.expectGET(url, headers as never).respond(200, {});
    $http.get(url);
    $httpBackend.flush();
  }

  it('is sent to the API origin', () => {
    get(`${TEST_APP_CONFIG.apiUrl}/api/private`, carriesToken);
    get(`${TEST_APP_CONFIG.apiUrl}/api/private-scoped?x=1`, carriesToken);
  });

  it('is not sent with templates or other requests to the app itself', () => {
    get('ping/ping.html', carriesNoToken);
    get('/api/private', carriesNoToken);
    get(`${window.location.origin}/callback`, carriesNoToken);
  });

  it('is not sent to the authorization server, though it is on localhost too', () => {
    get('http://localhost:4000/userinfo', carriesNoToken);
  });

  it('is not sent to another port of the API host', () => {
    get('http://localhost:3002/api/private', carriesNoToken);
    get('http://localhost/api/private', carriesNoToken);
  });

  it('is not sent to another host, even on the API port', () => {
    get('http://127.0.0.1:3001/api/private', carriesNoToken);
    get('http://api.example.com:3001/api/private', carriesNoToken);
  });

  it('is not sent over a different scheme', () => {
    get('https://localhost:3001/api/private', carriesNoToken);
  });

  it('is not sent once the session has expired and cannot be renewed', () => {
    storeSession({ expiresAt: Date.now() - 1 });
    angularAuth0.checkSession.and.callFake((_options, callback) =>
      callback({ error: 'login_required' }, null as never)
    );

    get(`${TEST_APP_CONFIG.apiUrl}/api/private`, carriesNoToken);
    expect(angularAuth0.checkSession).toHaveBeenCalledTimes(1);
  });

  it('is renewed first when it has expired, and the request goes with the fresh one', () => {
    storeSession({ expiresAt: Date.now() - 1 });
    token = fakeAccessToken(Date.now() + 7_200_000);
    angularAuth0.checkSession.and.callFake((_options, callback) => callback(null, renewedTokens(token)));

    get(`${TEST_APP_CONFIG.apiUrl}/api/private`, carriesToken);
  });

  it('does not trigger a renewal for requests to other origins', () => {
    storeSession({ expiresAt: Date.now() - 1 });

    get('http://localhost:4000/userinfo', carriesNoToken);
    expect(angularAuth0.checkSession).not.toHaveBeenCalled();
  });

  it('is not sent when logged out', () => {
    clearSession();

    get(`${TEST_APP_CONFIG.apiUrl}/api/private`, carriesNoToken);
  });
});

describe("angular-jwt's authManager on a page change", () => {
  afterEach(clearSession);

  function isAuthenticatedAfterPageChange(): unknown {
    angular.mock.module(provideAppConfig(), authModule, { angularAuth0: fakeAngularAuth0() });
    let flag: unknown;
    angular.mock.inject([
      '$rootScope',
      ($rootScope: angular.IRootScopeService & { isAuthenticated?: boolean }) => {
        $rootScope.$broadcast('$locationChangeStart');
        flag = $rootScope.isAuthenticated;
      },
    ]);
    return flag;
  }

  it('marks the app logged in with a stored JWT', () => {
    storeSession();

    expect(isAuthenticatedAfterPageChange()).toBeTrue();
  });

  it('counts a token that is no JWT as no session instead of throwing on every page change', () => {
    storeSession({ accessToken: 'Dx8aKq0opaque-access-token' });

    expect(isAuthenticatedAfterPageChange()).toBeFalsy();
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
