/**
 * Whether an access token is a signed JWT (three base64url parts, the second a JSON object) that an API can verify on
 * its own. Without an `audience`, Auth0 issues a token meant only for /userinfo: opaque, or an encrypted five-part
 * JWE. The API then answers 401 to every call however often the user logs in, so the app explains the setting to fix.
 * The payload is only checked for shape; nothing in it is trusted or used.
 */
export function isVerifiableJwt(token: string): boolean {
  // `\w` and `-` are the base64url alphabet.
  if (!/^[\w-]+\.[\w-]+\.[\w-]+$/.test(token)) return false;
  try {
    const payload: unknown = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    return typeof payload === 'object' && payload !== null && !Array.isArray(payload);
  } catch {
    return false;
  }
}
