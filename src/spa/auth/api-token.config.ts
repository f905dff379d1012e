import type { IHttpProvider, IPromise, IRequestConfig, IWindowService } from 'angular';
import type { JwtOptionsProvider } from 'angular-jwt';
import type { AuthConfig } from './auth-config';
import type { AuthService } from './auth.service';

/**
 * Whether `url`, resolved against `baseUrl` as the browser would resolve it, has exactly the API's origin: same
 * scheme, host and port. Anything that does not parse is not the API.
 */
export function isApiOrigin(url: string, apiUrl: string, baseUrl: string): boolean {
  try {
    return new URL(url, baseUrl).origin === new URL(apiUrl).origin;
  } catch {
    return false;
  }
}

/**
 * The original tutorial's `tokenGetter`: the access token for `$http` requests whose exact origin is the API's, and
 * for no other request. `options` is the outgoing request. An expired token is never sent: while a renewal is under
 * way, or when the tab slept past the planned one, the request waits for it and goes with the fresh token, or with
 * none if the session ended.
 */
export function accessTokenFor(
  options: IRequestConfig,
  $window: IWindowService,
  authService: AuthService,
  authConfig: AuthConfig
): IPromise<string | null> | null {
  if (!isApiOrigin(options.url, authConfig.apiUrl, $window.document.baseURI)) return null;
  return authService.freshAccessToken();
}

/**
 * The original tutorial's angular-jwt set-up: `jwtOptionsProvider.config({ tokenGetter, whiteListedDomains })` and
 * `jwtInterceptor` on `$http`, so every `$http` call to the API carries `Authorization: Bearer <access token>`.
 * angular-jwt's whitelist compares host names only: on its own it would hand the token to every port of the API's host
 * (the authorization server on localhost included) and to same-origin template requests. So it is given the API's
 * host, and the token getter then refuses every request whose full origin is not the API's. The API's 401 answers
 * go through apiUnauthorizedInterceptor.
 */
export function apiTokenConfig(
  jwtOptionsProvider: JwtOptionsProvider,
  $httpProvider: IHttpProvider,
  authConfig: AuthConfig
): void {
  jwtOptionsProvider.config({
    tokenGetter: ['options', '$window', 'authService', 'authConfig', accessTokenFor],
    whiteListedDomains: [new URL(authConfig.apiUrl).hostname],
  });
  $httpProvider.interceptors.push('jwtInterceptor', 'apiUnauthorizedInterceptor');
}
apiTokenConfig.$inject = ['jwtOptionsProvider', '$httpProvider', 'authConfig'];
