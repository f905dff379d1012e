/**
 * Settings of the local authorization server, taken from the shared quickstart environment so the SPA, the API and
 * this server always agree on issuer, client, audience and scopes.
 */
import { resolve } from 'node:path';
import type { DemoUser, Flow, QuickstartEnvironment } from '../config/environment';

export interface AuthServerConfig {
  /** The token issuer with its trailing slash, e.g. `http://localhost:4000/`; it is also the server's base URL. */
  issuer: string;
  port: number;
  /** The one registered client: the SPA. */
  clientId: string;
  /** The API's identifier; auth0-js sends it as `audience`, it becomes the access token's `aud`. */
  audience: string;
  /** The SPA's origin, where the server's pages link back to. */
  appOrigin: string;
  /** Allowed Callback URLs: the redirect URIs, matched exactly (ALLOWED_CALLBACK_URLS). */
  allowedCallbackUrls: string[];
  /** Allowed Logout URLs: where /v2/logout may return to, matched exactly (ALLOWED_LOGOUT_URLS). */
  allowedLogoutUrls: string[];
  /** Allowed Web Origins: CORS at the token, revocation and userinfo endpoints, and web_message (ALLOWED_WEB_ORIGINS). */
  allowedWebOrigins: string[];
  /** Shown on the login page, so users can tell which application they are logging in to. */
  appName: string;
  demoUser: DemoUser;
  /** Lifetime of access and ID tokens, in seconds. */
  accessTokenLifetime: number;
  /** Where the signing key (and cookie keys) are kept between starts. */
  keyFile: string;
  /** The API's permissions, granted to the demo user when the SPA asks for them. */
  scopes: string[];
  /** The app's login flow (AUTH0_FLOW): the server grants that flow's response types and no other. */
  flow: Flow;
  /**
   * Auth0's "Refresh Token Revocation Deletes Grant" (REFRESH_TOKEN_REVOCATION_DELETES_GRANT): whether revoking one
   * refresh token ends every refresh token of the user for the application, rather than that login's family only.
   */
  refreshTokenRevocationDeletesGrant: boolean;
  /** Whether DPoP proofs must carry a nonce this server handed out (DPOP_REQUIRE_NONCE). */
  dpopRequireNonce: boolean;
}

export const API_SCOPES = ['read:messages', 'write:messages'];
export const APP_NAME = 'AngularJS Quickstart';
export const DEFAULT_KEY_FILE = '.data/auth-server/signing-key.json';

/** Builds the server's settings from the environment; `overrides` lets tests and tools change single values. */
export function authServerConfigFrom(
  env: QuickstartEnvironment,
  overrides: Partial<AuthServerConfig> = {}
): AuthServerConfig {
  return {
    issuer: env.issuer,
    port: env.authPort,
    clientId: env.clientId,
    audience: env.audience,
    appOrigin: env.appOrigin,
    allowedCallbackUrls: [...env.allowedCallbackUrls],
    allowedLogoutUrls: [...env.allowedLogoutUrls],
    allowedWebOrigins: [...env.allowedWebOrigins],
    appName: APP_NAME,
    demoUser: { ...env.demoUser },
    accessTokenLifetime: env.accessTokenLifetime,
    keyFile: resolve(process.cwd(), DEFAULT_KEY_FILE),
    scopes: [...API_SCOPES],
    flow: env.flow,
    refreshTokenRevocationDeletesGrant: env.refreshTokenRevocationDeletesGrant,
    dpopRequireNonce: env.dpopRequireNonce,
    ...overrides,
  };
}
