import type { IPromise, IRequestConfig, IWindowService } from 'angular';
import type { AppConfig } from '../config/app-config';
import type { AuthService } from './auth.service';
import type { SessionRenewal } from './session-renewal.service';
import { isApiOrigin } from './api-origin';

/**
 * The token for angular-jwt: the stored access token, only while the session lasts, and only for requests whose
 * exact origin is the API's. `options` is the outgoing `$http` request, or null when angular-jwt's authManager asks
 * on its own behalf (on every state change, to restore `$rootScope.isAuthenticated` after a reload).
 *
 * An expired token is never sent. When the API is called with one in store (the tab slept past the planned
 * renewal), or while a renewal is under way, the request waits for it (sessionRenewal.settle) and goes with the
 * fresh token, or with none if the session ended.
 */
export function accessTokenFor(
  options: IRequestConfig | null,
  $window: IWindowService,
  authService: AuthService,
  sessionRenewal: SessionRenewal,
  appConfig: AppConfig
): string | null | IPromise<string | null> {
  if (options && !isApiOrigin(options.url, appConfig.apiUrl, $window.document.baseURI)) return null;
  if (options) return sessionRenewal.settle().then(() => authService.getAccessToken());
  // authManager decodes the token to read its expiry and throws on anything that is not a JWT, which would abort
  // every state change; a value it cannot read counts as no session.
  return authService.accessTokenIsVerifiable() ? authService.getAccessToken() : null;
}

/**
 * angular-jwt invokes an annotated array with `options` injected as a local, and calls a bare function with no
 * arguments at all (authManager), so the getter is registered in array form.
 */
export const tokenGetter = [
  'options',
  '$window',
  'authService',
  'sessionRenewal',
  'appConfig',
  accessTokenFor,
] as const;
