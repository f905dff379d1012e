import '../testing/setup';
import { TEST_APP_CONFIG } from '../testing/app-config.testing';
import { startSpecApp } from '../testing/app.testing';
import { clearSession, storeSession } from '../testing/session.testing';
import { API_REFUSED_TOKEN } from './api-unauthorized.interceptor';
import { AUTH_MODULE } from './auth.module';
import type { AuthService } from './auth.service';
import type { SessionNotice } from './session-notice.service';

describe('a 401 from the API', () => {
  let $http: angular.IHttpService;
  let $httpBackend: angular.IHttpBackendService;
  let authService: AuthService;
  let notice: SessionNotice;
  const privateUrl = `${TEST_APP_CONFIG.apiUrl}/api/private`;

  beforeEach(() => {
    clearSession();
    const app = startSpecApp(AUTH_MODULE);
    $http = app.injector.get('$http');
    $httpBackend = app.$httpBackend;
    authService = app.authService;
    notice = app.notice;
  });

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

  it('to a request that carried the current token ends the session, with the note', () => {
    storeSession();

    expect(call(privateUrl, 401).rejected).withContext('the caller still sees the 401').toBeTrue();

    expect(authService.isAuthenticated()).toBeFalse();
    expect(notice.message).toBe(API_REFUSED_TOKEN);
  });

  it('to a request sent without a token changes nothing: the visitor was not logged in', () => {
    call(privateUrl, 401);

    expect(notice.active).toBeFalse();
  });

  it('for a token that is not a JWT keeps the session: a new login would get the same token', () => {
    storeSession({ accessToken: 'opaque-token-without-audience' });

    call(privateUrl, 401);

    expect(authService.isAuthenticated()).toBeTrue();
    expect(notice.active).toBeFalse();
  });

  it('for a token already replaced by a renewal keeps the new session', () => {
    storeSession();

    call(privateUrl, 401, { Authorization: 'Bearer an.older.token' });

    expect(authService.isAuthenticated()).toBeTrue();
  });

  it('saying the API cannot check tokens right now (503) keeps the session: the token was not judged', () => {
    const token = storeSession();

    expect(call(privateUrl, 503, { Authorization: `Bearer ${token}` }).rejected).toBeTrue();

    expect(authService.isAuthenticated()).toBeTrue();
    expect(notice.active).toBeFalse();
  });

  it('from another origin, or any other status, changes nothing', () => {
    const token = storeSession();

    call('http://localhost:4000/userinfo', 401, { Authorization: `Bearer ${token}` });
    call(`${TEST_APP_CONFIG.apiUrl}/api/private-scoped`, 403);
    call(`${TEST_APP_CONFIG.apiUrl}/api/private`, 500);

    expect(authService.isAuthenticated()).toBeTrue();
  });
});
