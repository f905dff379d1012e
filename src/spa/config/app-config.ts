import type { AuthSessionConfig } from '../auth';

/**
 * What the SPA needs to know about its surroundings. It is built from the environment when webpack runs (see
 * webpack.config.js) and injected as the `appConfig` constant, so no component holds a tenant, URL or port.
 */
export interface AppConfig {
  /** What auth0-js is given as `domain`: a tenant host such as `dev-abc.us.auth0.com`, or `http://localhost:4000`. */
  domain: string;
  clientId: string;
  /** The API identifier requested as the access token's audience. */
  audience: string;
  /** The API's base URL without a trailing slash; the access token is sent to this exact origin only. */
  apiUrl: string;
  /**
   * The origin the app is registered at (APP_ORIGIN): the callback and logout URLs the authorization server allows,
   * and the only origin the API answers.
   */
  appOrigin: string;
  /** How the app logs in (AUTH0_FLOW): Authorization Code with PKCE (default), or the original's implicit flow. */
  flow: 'code' | 'implicit';
  /** Whether the tokens are bound to the browser's key with DPoP (AUTH0_DPOP, code flow only). */
  dpop: boolean;
  /** The tokens' issuer, when it is not the one `domain` implies (AUTH0_ISSUER_BASE_URL: a custom domain). */
  tokenIssuer?: string;
}

/** Asked on every login: the API's `read:messages` is what the scoped ping needs. */
export const REQUESTED_SCOPE = 'openid profile read:messages';

/** The session module's configuration (src/spa/auth), from the build's: logins come back to `/callback`. */
export function authConfigFrom(config: AppConfig): AuthSessionConfig {
  return {
    domain: config.domain,
    clientId: config.clientId,
    audience: config.audience,
    apiUrl: config.apiUrl,
    scope: REQUESTED_SCOPE,
    flow: config.flow,
    dpop: config.dpop,
    callbackPath: '/callback',
    ...(config.tokenIssuer ? { tokenIssuer: config.tokenIssuer } : {}),
  };
}
