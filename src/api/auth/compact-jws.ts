/**
 * Strict JWS Compact Serialization syntax (RFC 7515 section 7.1): three base64url segments, no padding.
 *
 * jose decodes leniently, so a signature segment with different trailing bits (or `+` for `-`) decodes to the same
 * bytes and would still verify. Such a token is harmless but is not the token the issuer sent; requiring the
 * canonical encoding means any changed character is refused, which is what a client and our fuzz test expect.
 */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.([A-Za-z0-9_-]+)$/;

export function isCanonicalCompactJws(token: string): boolean {
  const match = COMPACT_JWS.exec(token);
  if (!match) return false;
  const signature = match[1] as string;
  return Buffer.from(signature, 'base64url').toString('base64url') === signature;
}
