import type { auto, IHttpInterceptor, IHttpResponse, IQService, IWindowService } from 'angular';
import { isApiOrigin } from './api-token.config';
import type { AuthConfig } from './auth-config';
import type { AuthService } from './auth.service';

/** The note shown when the API refuses the token this app holds. */
export const API_REFUSED_TOKEN =
  'Your session has ended: the API no longer accepts your access token (401). Log in again to continue.';

/**
 * A 401 from the API to a request that carried the current access token means the session no longer works, even
 * if its expiry lies ahead (revoked, signing key rotated, clock trouble): end it, with the note, rather than keep
 * offering a session that fails. Nothing is retried and no login is started, so a 401 can never loop.
 *
 * Left alone: 401s to requests sent without a token (logged out; the page explains), to other origins, for a token
 * already replaced by a renewal, and for a token that is no JWT at all, which a new login would not fix (the ping
 * page names the setting that does). A 503 means the API could not check the token (its issuer's keys are out of
 * reach): the token was not judged, so the session stays.
 */
export function apiUnauthorizedInterceptor(
  $q: IQService,
  $window: IWindowService,
  $injector: auto.IInjectorService,
  authConfig: AuthConfig
): IHttpInterceptor {
  return {
    responseError(rejection: IHttpResponse<unknown>) {
      const config = rejection?.config;
      // Looked up here, not injected: authService uses $http (revocation), and $http builds its interceptors first.
      const authService = $injector.get<AuthService>('authService');
      const sent = config?.headers?.Authorization;
      if (
        rejection?.status === 401 &&
        isApiOrigin(config.url, authConfig.apiUrl, $window.document.baseURI) &&
        typeof sent === 'string' &&
        authService.isCurrentAccessToken(sent.replace(/^Bearer /, '')) &&
        authService.accessTokenKind() === 'jwt'
      ) {
        authService.endSession(API_REFUSED_TOKEN);
      }
      return $q.reject(rejection);
    },
  };
}
apiUnauthorizedInterceptor.$inject = ['$q', '$window', '$injector', 'authConfig'];
