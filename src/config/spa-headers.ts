/**
 * The security headers of every response of the SPA, one definition for the dev server and the production server:
 * the Content-Security-Policy, no MIME sniffing, and no Referer. The callback page's URL holds the authorization
 * response (`?code=…&state=…`), and by default a browser sends the whole URL as the Referer of the page's
 * same-origin requests (its scripts, styles and images); with `no-referrer` it sends none, to any origin.
 */
import { contentSecurityPolicy, type CspOptions } from './csp';

export function spaHeaders(
  env: Parameters<typeof contentSecurityPolicy>[0],
  options: CspOptions = {}
): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(env, options),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  };
}
