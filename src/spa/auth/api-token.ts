import type { auto, IHttpInterceptor, IHttpResponse, IHttpService, IPromise, IQService, IRequestConfig } from 'angular';
import { sessionBehind } from './public-surface';

/** Whether `url`, resolved as the browser would, has exactly the API's origin (scheme, host, port); junk has not. */
export function isApiOrigin(url: string, apiUrl: string, baseUrl: string): boolean {
  try {
    return new URL(url, baseUrl).origin === new URL(apiUrl).origin;
  } catch {
    return false;
  }
}

/**
 * The original tutorial's `tokenGetter`, given to angular-jwt: the access token for `$http` requests to the API's
 * exact origin, and no other (`options` is the request; null when angular-jwt's authManager asks). An expired token
 * is never sent: the request waits for the renewal due, and goes with the fresh token, or none if the session ended.
 */
export const API_TOKEN_GETTER = [
  'options',
  'authSession',
  (options: IRequestConfig | null, authSession: unknown): IPromise<string | null> | null => {
    const session = sessionBehind(authSession);
    if (!options || !session?.isApiRequest(options.url)) return null;
    return session
      .freshAccessToken()
      .then((token) => (token && session.dpop ? session.dpop.proveFor(session, options, token) : token));
  },
];

/**
 * A 401 from the API to a request that carried the current access token means the session no longer works, whatever
 * its expiry says (revoked, key rotated, clock trouble): it ends, with the notice. No login is started and nothing is
 * retried (except once with DPoP, when the 401 asks for a nonce), so a 401 can never loop. Left alone: 401s without a
 * token, to other origins, for a token a renewal replaced, or for one that is no JWT (a new login would not fix it);
 * and 503s, when the API could not check the token at all.
 */
export function apiUnauthorizedInterceptor($q: IQService, $injector: auto.IInjectorService): IHttpInterceptor {
  return {
    responseError(rejection: IHttpResponse<unknown>) {
      // Looked up here, not injected: the session uses $http (revocation), and $http builds its interceptors first.
      const session = sessionBehind($injector.get('authSession'));
      const config = rejection?.config as (IRequestConfig & { authSessionRetried?: boolean }) | undefined;
      const sent = config?.headers?.Authorization;
      if (rejection?.status !== 401 || !config || !session?.isApiRequest(config.url) || typeof sent !== 'string') {
        return $q.reject(rejection);
      }
      if (!config.authSessionRetried && session.dpop?.tookNonce(rejection)) {
        // Without the token and the proof: the interceptors put both on again, the proof with the nonce.
        const headers = { ...config.headers };
        delete headers.Authorization;
        delete headers.DPoP;
        return $injector.get<IHttpService>('$http')({ ...config, headers, authSessionRetried: true } as IRequestConfig);
      }
      session.endings.endIfRefused(sent.replace(/^(Bearer|DPoP) /, ''));
      return $q.reject(rejection);
    },
  };
}
apiUnauthorizedInterceptor.$inject = ['$q', '$injector'];
