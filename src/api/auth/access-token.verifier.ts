/**
 * Verifies access tokens with jose, under the rules of RFC 8725 and RFC 9068, built once per app.
 *
 * - `alg` pinned to RS256: `none`, HMAC (including an HMAC keyed with our public key) and every other alg refused;
 * - the key comes from the configured issuer's JWKS, chosen by `kid`;
 * - `iss` exact, `aud` must contain this API's identifier (an ID token, whose `aud` is the client id, fails),
 *   `exp` required and in the future, `nbf` honoured, both with a small leeway;
 * - optionally the header `typ` must be `at+jwt` (off by default: Auth0 tenants send `JWT`);
 * - strict compact syntax first (see compact-jws.ts), so no re-encoding of a valid token passes.
 * A token that passed is remembered until it expires (see VerifiedTokenCache), so a repeat costs a map lookup.
 */
import { jwtVerify, type JWTVerifyOptions } from 'jose';
import { scopesOf, type AccessTokenClaims } from './access-token.claims';
import { invalidToken } from './auth-errors';
import { isCanonicalCompactJws } from './compact-jws';
import type { SigningKeyStore } from './signing-key.store';
import { rejectionFor } from './token-rejection';
import { VerifiedTokenCache } from './verified-token.cache';

export interface AccessTokenVerifierOptions {
  issuer: string;
  audience: string;
  clockToleranceSeconds: number;
  requireAtJwtTyp: boolean;
  /** How many verified tokens to remember; 0 verifies every request in full. */
  cacheSize: number;
  keys: SigningKeyStore;
}

export interface AccessTokenVerifier {
  /** Resolves with the token's claims, or rejects with a 401 ApiError (or an unexpected error, left as is). */
  verify(token: string): Promise<AccessTokenClaims>;
}

export function createAccessTokenVerifier(options: AccessTokenVerifierOptions): AccessTokenVerifier {
  const cache = new VerifiedTokenCache(options.cacheSize);
  const tolerance = options.clockToleranceSeconds;
  const verifyOptions: JWTVerifyOptions = {
    algorithms: ['RS256'],
    issuer: options.issuer,
    audience: options.audience,
    clockTolerance: tolerance,
    requiredClaims: ['exp'],
    ...(options.requireAtJwtTyp ? { typ: 'at+jwt' } : {}),
  };

  return {
    async verify(token) {
      const known = cache.get(token);
      if (known) {
        // The same comparison jose makes for `exp`, in whole seconds.
        const stillValid = known.exp > Math.floor(Date.now() / 1000) - tolerance;
        if (stillValid && options.keys.publishes(known.kid)) return known.claims;
        cache.delete(token);
      }
      if (!isCanonicalCompactJws(token)) throw invalidToken('The access token is malformed.');
      let verified;
      try {
        verified = await jwtVerify(token, options.keys.getKey, verifyOptions);
      } catch (error) {
        throw rejectionFor(error) ?? error;
      }
      const { payload, protectedHeader } = verified;
      const claims: AccessTokenClaims = { payload, scopes: scopesOf(payload) };
      // getKey refuses kid-less tokens and requiredClaims guarantees exp, so both are present here.
      cache.set(token, { claims, kid: protectedHeader.kid as string, exp: payload.exp as number });
      return claims;
    },
  };
}
