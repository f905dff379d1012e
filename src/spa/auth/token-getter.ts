import type { IRequestConfig, IWindowService } from 'angular';
import type { JwtHelper } from 'angular-jwt';
import type { AppConfig } from '../config/app-config';
import type { AuthService } from './auth.service';
import { isApiOrigin } from './api-origin';

/**
 * The token for angular-jwt: the stored access token, only while the session lasts, and only for requests whose
 * exact origin is the API's. `options` is the outgoing `$http` request, or null when angular-jwt's authManager asks
 * on its own behalf (on every state change, to restore `$rootScope.isAuthenticated` after a reload).
 */
export function accessTokenFor(
  options: IRequestConfig | null,
  $window: IWindowService,
  authService: AuthService,
  appConfig: AppConfig,
  jwtHelper: JwtHelper
): string | null {
  if (options && !isApiOrigin(options.url, appConfig.apiUrl, $window.document.baseURI)) return null;
  const token = authService.getAccessToken();
  if (options || token === null) return token;
  // authManager decodes the token to read its expiry and throws on anything that is not a JWT, which would abort
  // every state change; a value it cannot read counts as no session.
  try {
    jwtHelper.decodeToken(token);
    return token;
  } catch {
    return null;
  }
}

/**
 * angular-jwt invokes an annotated array with `options` injected as a local, and calls a bare function with no
 * arguments at all (authManager), so the getter is registered in array form.
 */
export const tokenGetter = ['options', '$window', 'authService', 'appConfig', 'jwtHelper', accessTokenFor] as const;
