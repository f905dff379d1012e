import type { AuthOptions } from 'auth0-js';

/**
 * The one value an app hands this module (`authModule(config)` in auth.module.ts): where users log in, which API the
 * access token is for, and how. Nothing else in the module reads settings, globals or the build.
 */
export interface AuthConfig {
  /** What auth0-js is given as `domain`: your tenant (`dev-abc.us.auth0.com`), or a URL (`http://localhost:4000`). */
  domain: string;
  /** The Client ID of your Single Page Application in the Auth0 dashboard. */
  clientId: string;
  /** Your API's Identifier in the dashboard, asked for as the access token's audience. */
  audience: string;
  /** Your API's base URL: the access token is sent to this exact origin (scheme, host and port) and no other. */
  apiUrl: string;
  /** The scopes every login asks for, e.g. `openid profile read:messages`. */
  scope: string;
  /**
   * `code`: Authorization Code with PKCE, renewed with rotating refresh tokens (use this). `implicit`: the original
   * tutorial's flow, tokens in the URL fragment, renewed with `checkSession` in a hidden iframe.
   */
  flow: 'code' | 'implicit';
  /**
   * The path of this app the authorization server sends the browser back to (listed in Allowed Callback URLs): the
   * module completes the login when the page is opened there with a login response. `/callback` with html5 URLs; the
   * app's own page (such as `/`) with AngularJS's default `#!/` URLs.
   */
  callbackPath: string;
  /** The ID tokens' issuer when it is not the `https://<domain>/` auth0-js assumes (a local server, a custom domain). */
  tokenIssuer?: string;
}

/** Checks the value an app handed over, so a mistake is one sentence at start-up rather than a failed login later. */
export function checkAuthConfig(config: AuthConfig): AuthConfig {
  const problems: string[] = [];
  for (const key of ['domain', 'clientId', 'audience', 'apiUrl', 'scope', 'callbackPath'] as const) {
    if (typeof config?.[key] !== 'string' || config[key].trim() === '') problems.push(`${key} is required`);
  }
  if (config && config.flow !== 'code' && config.flow !== 'implicit') problems.push("flow is 'code' or 'implicit'");
  if (typeof config?.apiUrl === 'string' && !URL.canParse(config.apiUrl)) problems.push('apiUrl is not a URL');
  if (typeof config?.callbackPath === 'string' && !config.callbackPath.startsWith('/')) {
    problems.push('callbackPath starts with /');
  }
  if (problems.length > 0) throw new Error(`authModule(config): ${problems.join('; ')}.`);
  return Object.freeze({ ...config });
}

/** The scopes asked for: the code flow adds `offline_access`, without which Auth0 issues no refresh token. */
export function requestedScope(config: AuthConfig): string {
  return config.flow === 'code' ? `${config.scope} offline_access` : config.scope;
}

/** The issuer the ID tokens (and the authorization response's `iss`) must name. */
export function expectedIssuer(config: AuthConfig): string {
  return config.tokenIssuer ?? `https://${config.domain}/`;
}

/** auth0-js's rule for `domain`: one with a scheme is used as it is (a local server), a bare one is https. */
export function authorizationServer(config: AuthConfig): string {
  return /^https?:\/\//.test(config.domain) ? config.domain.replace(/\/+$/, '') : `https://${config.domain}`;
}

/** The auth0-js options: the original tutorial's `angularAuth0Provider.init({...})`, for an app served at `origin`. */
export function auth0Options(config: AuthConfig, origin: string): AuthOptions {
  return {
    domain: config.domain,
    clientID: config.clientId,
    redirectUri: `${origin}${config.callbackPath}`,
    responseType: config.flow === 'code' ? 'code' : 'token id_token',
    audience: config.audience,
    scope: requestedScope(config),
    // auth0-js expects ID tokens from `https://<domain>/`; any other issuer (the local server) must be named.
    ...(config.tokenIssuer ? { overrides: { __token_issuer: config.tokenIssuer } } : {}),
  };
}
