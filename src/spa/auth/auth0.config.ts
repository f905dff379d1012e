import type { IWindowService } from 'angular';
import type { AngularAuth0Provider } from 'angular-auth0';
import type { AuthOptions } from 'auth0-js';
import type { AppConfig } from '../config/app-config';
import { REQUESTED_SCOPES, RESPONSE_TYPE } from './auth.service';

/** The auth0-js options for this app, served from `origin`. */
export function auth0Options(appConfig: AppConfig, origin: string): AuthOptions {
  return {
    domain: appConfig.domain,
    clientID: appConfig.clientId,
    redirectUri: `${origin}/callback`,
    responseType: RESPONSE_TYPE,
    audience: appConfig.audience,
    scope: REQUESTED_SCOPES,
    // auth0-js expects ID tokens from `https://<domain>/`; any other issuer (the local server) must be named.
    ...(appConfig.tokenIssuer ? { overrides: { __token_issuer: appConfig.tokenIssuer } } : {}),
  };
}

/** Configures the auth0-js client that angular-auth0 builds on first use. */
export function auth0Config(
  angularAuth0Provider: AngularAuth0Provider,
  $windowProvider: { $get(): IWindowService },
  appConfig: AppConfig
): void {
  angularAuth0Provider.init(auth0Options(appConfig, $windowProvider.$get().location.origin));
}
auth0Config.$inject = ['angularAuth0Provider', '$windowProvider', 'appConfig'];
