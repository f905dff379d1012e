/**
 * Whether an access token is a signed JWT (three base64url parts, the second a JSON object) that an API can verify on
 * its own. Without an `audience`, Auth0 issues a token meant only for /userinfo: opaque, or an encrypted five-part
 * JWE. The API then answers 401 to every call however often the user logs in, so the app explains the setting to fix.
 * The payload is only checked for shape; nothing in it is trusted or used.
 */
export function isVerifiableJwt(token: string): boolean {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((part) => !/^[A-Za-z0-9_-]+$/.test(part))) return false;
  try {
    const json = atob(parts[1].replace(/-/g, '+').replace(/_/g, '/'));
    const payload: unknown = JSON.parse(json);
    return typeof payload === 'object' && payload !== null && !Array.isArray(payload);
  } catch {
    return false;
  }
}
