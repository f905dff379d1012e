import type { IPromise, IRequestConfig, IWindowService } from 'angular';
import type { AppConfig } from '../config/app-config';
import { isApiOrigin } from './api-origin';
import type { AuthService } from './auth.service';

/**
 * The original tutorial's `tokenGetter` for angular-jwt: the access token for `$http` requests whose exact origin is
 * the API's, and for no other request. `options` is the outgoing request.
 *
 * An expired token is never sent: while a renewal is under way, or when the tab slept past the planned one, the
 * request waits for it (authService.freshAccessToken) and goes with the fresh token, or with none if the session
 * ended.
 */
export function accessTokenFor(
  options: IRequestConfig,
  $window: IWindowService,
  authService: AuthService,
  appConfig: AppConfig
): IPromise<string | null> | null {
  if (!isApiOrigin(options.url, appConfig.apiUrl, $window.document.baseURI)) return null;
  return authService.freshAccessToken();
}

/** angular-jwt invokes the getter through `$injector`, with the request as the local `options`. */
export const tokenGetter = ['options', '$window', 'authService', 'appConfig', accessTokenFor] as const;
