/**
 * Reading a JWT's payload in the browser, for display only: nothing read here is trusted or used to decide access
 * (the API verifies access tokens; auth0-js verified the ID token at login).
 */

/** Three base64url parts: the shape of a signed JWT (`\w` and `-` are the base64url alphabet). */
const JWS_SHAPE = /^[\w-]+\.[\w-]+\.[\w-]+$/;

/**
 * The payload of a JWT as an object, or null when `token` is not one: not three parts, not base64url, not UTF-8
 * (decoded strictly: a payload that is not valid UTF-8 is refused rather than half-read), or not a JSON object.
 */
export function jwtPayload(token: string): Record<string, unknown> | null {
  if (!JWS_SHAPE.test(token)) return null;
  try {
    const base64 = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
    const payload: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    return typeof payload === 'object' && payload !== null && !Array.isArray(payload)
      ? (payload as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/**
 * What kind of access token this is. Without an `audience`, Auth0 issues a token meant only for /userinfo: opaque,
 * or an encrypted five-part JWE, which the API refuses however often the user logs in, so the app names the setting
 * to fix. A token shaped like a JWT whose payload cannot be read was not written by a server: it is no session.
 */
export function accessTokenKind(token: string): 'jwt' | 'opaque' | 'unreadable' {
  if (!JWS_SHAPE.test(token)) return 'opaque';
  return jwtPayload(token) ? 'jwt' : 'unreadable';
}
