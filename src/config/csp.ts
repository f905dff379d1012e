/**
 * The SPA's Content-Security-Policy, one definition for the dev server and the production server.
 *
 * Tokens live in localStorage, so the policy's job is to keep foreign script off the page: scripts and styles from
 * the app's own origin only (no inline code, no eval), network calls only to the API and the authorization server
 * (the code flow calls its token and revocation endpoints from the browser), and frames only in the implicit flow,
 * only from the authorization server (auth0-js checkSession renews in a hidden iframe). The code flow renews with a
 * refresh token and frames nothing, so `frame-src` is closed.
 */
import type { QuickstartEnvironment } from './environment';

export interface CspOptions {
  /** The dev server's live-reload client talks over a WebSocket to the page's own host. */
  liveReload?: boolean;
  /**
   * `meta` for a `<meta http-equiv="Content-Security-Policy">` in index.html, for static hosting that cannot set
   * headers. Browsers ignore `frame-ancestors` there (and log an error), so it is left out; only a header can
   * forbid framing.
   */
  delivery?: 'header' | 'meta';
}

/** Directives a browser ignores in a `<meta>` policy. */
const HEADER_ONLY = new Set(['frame-ancestors', 'report-uri', 'sandbox']);

/** The authorization server's origin as the browser sees it: the local server, or https://<tenant>. */
export function authorizationOrigin(env: Pick<QuickstartEnvironment, 'mode' | 'domain' | 'issuer'>): string[] {
  const origins = new Set<string>([env.mode === 'local' ? new URL(env.domain).origin : `https://${env.domain}`]);
  // auth0-js fetches the JWKS from the token issuer, which differs from the domain with a custom issuer.
  origins.add(new URL(env.issuer).origin);
  return [...origins];
}

export function contentSecurityPolicy(
  env: Pick<QuickstartEnvironment, 'mode' | 'domain' | 'issuer' | 'apiUrl' | 'appOrigin' | 'flow'>,
  options: CspOptions = {}
): string {
  const auth = authorizationOrigin(env);
  const api = new URL(env.apiUrl).origin;
  const connect = ["'self'", api, ...auth];
  if (options.liveReload) connect.push(new URL(env.appOrigin).origin.replace(/^http/, 'ws'));
  const directives: Record<string, string[]> = {
    'default-src': ["'none'"],
    'script-src': ["'self'"],
    'style-src': ["'self'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'"],
    'connect-src': connect,
    'frame-src': env.flow === 'implicit' ? auth : ["'none'"],
    'form-action': ["'none'"],
    'base-uri': ["'self'"],
    'object-src': ["'none'"],
    'frame-ancestors': ["'none'"],
    'manifest-src': ["'self'"],
  };
  return Object.entries(directives)
    .filter(([name]) => options.delivery !== 'meta' || !HEADER_ONLY.has(name))
    .map(([name, values]) => `${name} ${[...new Set(values)].join(' ')}`)
    .join('; ');
}
