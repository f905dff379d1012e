import type { IHttpResponse, IPromise, IRequestConfig } from 'angular';
import type { Auth0Error, Auth0UserProfile } from 'auth0-js';
import { auth0Call, type Auth0CallServices } from './auth0-call';
import type { Auth0Loader } from './auth0-loader';
import type { Dpop } from './dpop';
import { withReason } from './session-errors';

/** How long /userinfo may take before the profile says so. */
export const USERINFO_TIMEOUT_MS = 15_000;

/**
 * The logged-in user's claims from the authorization server's /userinfo, called with the access token through
 * auth0-js (`client.userInfo`), or with DPoP (`proved`) as auth0-js cannot: `Authorization: DPoP` and a proof. A 401
 * means the token no longer works: `refused()` ends the session, as for the API. Rejects with an Error whose message
 * is for the user.
 */
export function loadUserInfo(
  calls: Auth0CallServices,
  auth0: Auth0Loader,
  token: string | null,
  refused: () => void,
  proved: { dpop: Dpop; keyId: string; url: string } | null = null
): IPromise<Record<string, unknown>> {
  if (token === null) return calls.$q.reject(new Error('Log in to see your profile.'));
  const claims = proved
    ? proved.dpop.send<Auth0UserProfile>(proved.keyId, proof(proved.url, token), token).then(
        (response) => response.data,
        (response: IHttpResponse<{ error?: string; error_description?: string }>) =>
          calls.$q.reject({ statusCode: response.status > 0 ? response.status : undefined, ...response.data })
      )
    : auth0
        .load()
        .then((webAuth) =>
          auth0Call<Auth0UserProfile>(calls, USERINFO_TIMEOUT_MS, (done) => webAuth.client.userInfo(token, done))
        );
  return claims.then(
    (claims) => claims as unknown as Record<string, unknown>,
    (error: Auth0Error & { error?: string }) => {
      if (error.statusCode === 401) refused();
      return calls.$q.reject(new Error(error instanceof Error ? error.message : describeFailure(error)));
    }
  );
}

/** The /userinfo request with a DPoP-bound token. */
function proof(url: string, token: string): IRequestConfig {
  return { method: 'GET', url, headers: { Authorization: `DPoP ${token}` }, timeout: USERINFO_TIMEOUT_MS };
}

/** Why the profile could not be loaded, in words for the page. */
function describeFailure(error: Auth0Error & { error?: string }): string {
  if (error.error === 'timeout') return 'The authorization server did not answer in time. Try again.';
  if (!error.statusCode) return 'The authorization server could not be reached. Check your connection and try again.';
  const code = error.code || error.error || `HTTP ${error.statusCode}`;
  return withReason('Your profile could not be loaded', code, error.description || error.error_description);
}
