import type { auto, IHttpInterceptor, IHttpResponse, IHttpService, IPromise, IQService, IRequestConfig } from 'angular';
import { sessionBehind } from './public-surface';

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
 * The original tutorial's `tokenGetter`, given to angular-jwt (auth-session.provider.ts): the access token for `$http`
 * requests whose exact origin is the API's, and for no other request. `options` is the outgoing request (null when
 * angular-jwt's authManager asks). An expired token is never sent: while a renewal is under way, or when the tab slept
 * past the planned one, the request waits for it and goes with the fresh token, or with none if the session ended.
 */
export const API_TOKEN_GETTER = [
  'options',
  'authSession',
  (options: IRequestConfig | null, authSession: unknown): IPromise<string | null> | null => {
    const session = sessionBehind(authSession);
    if (!options || !session?.isApiRequest(options.url)) return null;
    return session.freshAccessToken().then((token) => (token === null ? null : session.proveFor(options, token)));
  },
];

/**
 * With DPoP, a 401 that asks for a nonce (`use_dpop_nonce`) gets the request sent once more, with a new proof carrying
 * it. Otherwise, a 401 from the API to a request that carried the current access token means the session no longer
 * works, even
 * if its expiry lies ahead (revoked, signing key rotated, clock trouble): end it, with the note, rather than keep
 * offering a session that fails. Nothing is retried and no login is started, so a 401 can never loop.
 *
 * Left alone: 401s to requests sent without a token (logged out; the page explains), to other origins, for a token
 * already replaced by a renewal, and for a token that is no JWT at all, which a new login would not fix. A 503 means
 * the API could not check the token (its issuer's keys are out of reach): the token was not judged, so the session
 * stays.
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
      if (!config.authSessionRetried && session.tookNonce(rejection)) {
        // Without the token and the proof: the interceptors put both on again, the proof with the nonce.
        const headers = { ...config.headers };
        delete headers.Authorization;
        delete headers.DPoP;
        return $injector.get<IHttpService>('$http')({ ...config, headers, authSessionRetried: true } as IRequestConfig);
      }
      session.endIfRefused(sent.replace(/^(Bearer|DPoP) /, ''));
      return $q.reject(rejection);
    },
  };
}
apiUnauthorizedInterceptor.$inject = ['$q', '$injector'];
