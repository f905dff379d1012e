import type { IHttpProvider } from 'angular';
import type { JwtOptionsProvider } from 'angular-jwt';
import type { AppConfig } from '../config/app-config';
import { apiHostname } from './api-origin';
import { tokenGetter } from './token-getter';

/**
 * The original tutorial's angular-jwt set-up: `jwtOptionsProvider.config({ tokenGetter, whiteListedDomains })` and
 * `jwtInterceptor` on `$http`. Its whitelist checks host names only, so it is given the API's host to stop it
 * skipping API calls, and the token getter then refuses every request whose full origin is not the API's. The
 * API's 401 answers go through apiUnauthorizedInterceptor.
 */
export function tokenInterceptorConfig(
  jwtOptionsProvider: JwtOptionsProvider,
  $httpProvider: IHttpProvider,
  appConfig: AppConfig
): void {
  jwtOptionsProvider.config({
    tokenGetter: [...tokenGetter],
    whiteListedDomains: [apiHostname(appConfig.apiUrl)],
  });
  $httpProvider.interceptors.push('jwtInterceptor', 'apiUnauthorizedInterceptor');
}
tokenInterceptorConfig.$inject = ['jwtOptionsProvider', '$httpProvider', 'appConfig'];
