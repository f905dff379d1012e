/**
 * PKCE (RFC 7636, S256) and a login's random values: /authorize gets the SHA-256 of a random verifier, so a code
 * stolen on its way back is useless without the verifier, which never leaves this tab.
 */

/** base64url without padding, as RFC 7636 and JWTs use it. */
export function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** `byteCount` bytes from the browser's cryptographic random source, base64url-encoded. */
export function randomToken(byteCount = 32): string {
  return base64url(crypto.getRandomValues(new Uint8Array(byteCount)));
}

/** A fresh code verifier: 43 characters from the unreserved set RFC 7636 allows. */
export function createCodeVerifier(): string {
  return randomToken(32);
}

/** The S256 code challenge for `verifier`: base64url(SHA-256(ASCII(verifier))). */
export async function codeChallengeFor(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}
