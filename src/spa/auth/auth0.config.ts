import type { IWindowService } from 'angular';
import type { AngularAuth0Provider } from 'angular-auth0';
import type { AuthOptions } from 'auth0-js';
import type { AppConfig } from '../config/app-config';

/** Asked on every login: the API's `read:messages` is what the scoped ping needs. */
export const REQUESTED_SCOPES = 'openid profile read:messages';

/** The code flow also asks for a refresh token, which Auth0 issues only for `offline_access`. */
export function requestedScopes(appConfig: Pick<AppConfig, 'flow'>): string {
  return appConfig.flow === 'code' ? `${REQUESTED_SCOPES} offline_access` : REQUESTED_SCOPES;
}

/** The auth0-js options for this app, served from `origin`. */
export function auth0Options(appConfig: AppConfig, origin: string): AuthOptions {
  return {
    domain: appConfig.domain,
    clientID: appConfig.clientId,
    redirectUri: `${origin}/callback`,
    responseType: appConfig.flow === 'code' ? 'code' : 'token id_token',
    audience: appConfig.audience,
    scope: requestedScopes(appConfig),
    // auth0-js expects ID tokens from `https://<domain>/`; any other issuer (the local server) must be named.
    ...(appConfig.tokenIssuer ? { overrides: { __token_issuer: appConfig.tokenIssuer } } : {}),
  };
}

/**
 * The original tutorial's `angularAuth0Provider.init(...)`: configures the auth0-js client that angular-auth0 builds
 * on first use. It runs when auth0-js is loaded (auth0.module.ts), not at start-up.
 */
export function auth0Config(
  angularAuth0Provider: AngularAuth0Provider,
  $windowProvider: { $get(): IWindowService },
  appConfig: AppConfig
): void {
  angularAuth0Provider.init(auth0Options(appConfig, $windowProvider.$get().location.origin));
}
auth0Config.$inject = ['angularAuth0Provider', '$windowProvider', 'appConfig'];
