import type { AuthOptions } from 'auth0-js';
import type { AuthSessionConfig } from './index';

/** The configuration with every default filled in and every derived value worked out once, at start-up. */
export interface SessionConfig extends Required<Omit<AuthSessionConfig, 'tokenIssuer'>> {
  /** The issuer the ID tokens (and the login response's `iss`) must name. */
  issuer: string;
  /** The authorization server's base URL, without a trailing slash: where /oauth/token and /oauth/revoke live. */
  authorizationServer: string;
}

/** auth0-js's names for what this module calls otherwise: a host moving from `angularAuth0Provider.init` writes them. */
const AUTH0_JS_NAMES: Record<string, string> = {
  clientID: 'clientId',
  redirectUri: 'callbackPath (a path: the origin is the page’s own)',
  responseType: "flow ('code' or 'implicit')",
  returnTo: 'logoutReturnTo',
};
const OPTIONS = new Set([
  'domain',
  'clientId',
  'audience',
  'apiUrl',
  'scope',
  'flow',
  'callbackPath',
  'homePath',
  'logoutReturnTo',
  'tokenIssuer',
  'dpop',
]);

/**
 * Checks the value a host handed over and works out the rest, so a mistake is one sentence at start-up rather than a
 * failed login later. `baseUrl` is the page's base URL (document.baseURI), the default place a logout returns to.
 */
export function resolveConfig(config: AuthSessionConfig, baseUrl: string): SessionConfig {
  const problems: string[] = [];
  const given = (config ?? {}) as unknown as Record<string, unknown>;
  for (const key of Object.keys(given).filter((name) => !OPTIONS.has(name))) {
    problems.push(
      AUTH0_JS_NAMES[key] ? `${key} is auth0-js's name: write ${AUTH0_JS_NAMES[key]}` : `${key} is no option`
    );
  }
  const text = (key: keyof AuthSessionConfig, fallback?: string): string => {
    const value = given[key] ?? fallback;
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
    problems.push(`${key} is required`);
    return '';
  };
  const path = (key: 'callbackPath' | 'homePath', fallback: string): string => {
    const value = text(key, fallback);
    if (value && !value.startsWith('/')) problems.push(`${key} starts with /`);
    return value;
  };
  const url = (key: 'apiUrl' | 'logoutReturnTo' | 'tokenIssuer', value: string): string => {
    if (value && !/^https?:\/\//.test(value)) problems.push(`${key} is not an http(s) URL`);
    return value;
  };
  const domain = text('domain');
  const flow = given.flow ?? 'code';
  if (flow !== 'code' && flow !== 'implicit') problems.push("flow is 'code' or 'implicit'");
  const resolved: SessionConfig = {
    domain,
    clientId: text('clientId'),
    audience: text('audience'),
    apiUrl: url('apiUrl', text('apiUrl')),
    scope: text('scope'),
    flow: flow === 'implicit' ? 'implicit' : 'code',
    callbackPath: path('callbackPath', '/callback'),
    homePath: path('homePath', '/'),
    logoutReturnTo: url('logoutReturnTo', text('logoutReturnTo', new URL('./', baseUrl).href)),
    issuer: url('tokenIssuer', given.tokenIssuer === undefined ? issuerOf(domain) : text('tokenIssuer')),
    authorizationServer: hasScheme(domain) ? domain.replace(/\/+$/, '') : `https://${domain}`,
    dpop: given.dpop === true,
  };
  if (given.dpop !== undefined && typeof given.dpop !== 'boolean') problems.push('dpop is true or false');
  if (resolved.dpop && resolved.flow !== 'code')
    problems.push("dpop needs flow: 'code' (the implicit flow has no token endpoint)");
  if (given.tokenIssuer !== undefined && `${resolved.issuer}/` === issuerOf(domain)) {
    problems.push(`tokenIssuer lacks the trailing slash the issuer has: write '${issuerOf(domain)}', or leave it out`);
  }
  if (problems.length > 0) throw new Error(`authSessionProvider.configure(): ${problems.join('; ')}.`);
  return Object.freeze(resolved);
}

/** The issuer `domain` implies: Auth0's `https://<domain>/`, or `<domain>/` for a domain with a scheme. */
function issuerOf(domain: string): string {
  return hasScheme(domain) ? `${domain.replace(/\/+$/, '')}/` : `https://${domain}/`;
}

function hasScheme(domain: string): boolean {
  return /^https?:\/\//.test(domain);
}

/** The scopes asked for: the code flow adds `offline_access`, without which Auth0 issues no refresh token. */
export function requestedScope(config: SessionConfig): string {
  return config.flow === 'code' ? `${config.scope} offline_access` : config.scope;
}

/** The auth0-js options: the original tutorial's `angularAuth0Provider.init({...})`, for an app served at `origin`. */
export function auth0Options(config: SessionConfig, origin: string): AuthOptions {
  return {
    domain: config.domain,
    clientID: config.clientId,
    redirectUri: `${origin}${config.callbackPath}`,
    responseType: config.flow === 'code' ? 'code' : 'token id_token',
    audience: config.audience,
    scope: requestedScope(config),
    // Any other issuer than the one auth0-js assumes (a local server, a custom domain) must be named.
    ...(auth0AssumesIssuer(config) ? {} : { overrides: { __token_issuer: config.issuer } }),
  };
}

/** auth0-js expects ID tokens from `https://<domain>/`: whether that is this configuration's issuer. */
function auth0AssumesIssuer(config: SessionConfig): boolean {
  return config.issuer === `https://${config.domain}/`;
}
