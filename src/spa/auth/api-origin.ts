/**
 * Whether `url`, resolved against `baseUrl` as the browser would resolve it, has exactly the API's origin: same
 * scheme, host and port. Anything that does not parse is not the API.
 *
 * angular-jwt's `whiteListedDomains` compares host names only, so on its own it would hand the access token to
 * every port of `localhost` (the authorization server included) and to same-origin template requests.
 */
export function isApiOrigin(url: string, apiUrl: string, baseUrl: string): boolean {
  try {
    return new URL(url, baseUrl).origin === new URL(apiUrl).origin;
  } catch {
    return false;
  }
}

/** The API's host name, the one entry angular-jwt's host-only whitelist needs before it even asks for a token. */
export function apiHostname(apiUrl: string): string {
  return new URL(apiUrl).hostname;
}
