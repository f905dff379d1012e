/**
 * Verifies access tokens with jose, under the rules of RFC 8725 and RFC 9068, built once per app.
 *
 * - `alg` pinned to RS256: `none`, HMAC (including an HMAC keyed with our public key) and every other alg refused;
 * - the key comes from the configured issuer's JWKS, chosen by `kid`;
 * - `iss` exact, `aud` must contain this API's identifier (an ID token, whose `aud` is the client id, fails),
 *   `exp` required and in the future, `nbf` honoured, both with a small leeway;
 * - optionally the header `typ` must be `at+jwt` (off by default: Auth0 tenants send `JWT`);
 * - strict compact syntax first (see compact-jws.ts), so no re-encoding of a valid token passes.
 * A token that passed is remembered until it expires (see VerifiedTokenCache), so a repeat costs a map lookup. A
 * remembered token is worth exactly what a fresh verification is: its `exp` is checked again, and its key must still
 * be in the issuer's set, refreshed as for any other token once it is past its max age.
 */
import { errors, jwtVerify, type JWTVerifyOptions } from 'jose';
import { InvalidTokenError, TemporarilyUnavailableError, type ApiError } from '../errors/api.errors';
import { scopesOf, type AccessTokenClaims } from './access-token.claims';
import { isCanonicalCompactJws } from './compact-jws';
import { KeysUnavailableError, type JwksKeyStore } from './jwks.key-store';
import { VerifiedTokenCache } from './verified-token.cache';

export interface AccessTokenVerifierOptions {
  issuer: string;
  audience: string;
  clockToleranceSeconds: number;
  requireAtJwtTyp: boolean;
  /** How many verified tokens to remember; 0 verifies every request in full. */
  cacheSize: number;
  keys: JwksKeyStore;
}

export interface AccessTokenVerifier {
  /** Resolves with the token's claims, or rejects with an ApiError (401, or 503 in an outage), or a bug as is. */
  verify(token: string): Promise<AccessTokenClaims>;
}

// jose's messages are precise but are not ours to show: each refusal gets a fixed description that tells a client
// developer what to fix without echoing token content.
const CLAIM_PROBLEMS: Record<string, string> = {
  iss: 'The access token was not issued by the issuer this API trusts.',
  aud: 'The access token is not meant for this API (audience).',
  exp: 'The access token has no valid expiry time.',
  nbf: 'The access token is not valid yet.',
  iat: 'The access token has an invalid issue time.',
  typ: 'The token is not an access token (its typ header is not at+jwt).',
};

/** Our answer to a failed verification; undefined for errors that are not jose's (a bug: left to the 500). */
function refusalFor(error: unknown): ApiError | undefined {
  if (error instanceof KeysUnavailableError) return new TemporarilyUnavailableError(error.retryAfterSeconds);
  if (error instanceof errors.JWTExpired) return new InvalidTokenError('The access token has expired.');
  if (error instanceof errors.JWTClaimValidationFailed) {
    return new InvalidTokenError(CLAIM_PROBLEMS[error.claim] ?? 'The access token carries invalid claims.');
  }
  if (error instanceof errors.JOSEAlgNotAllowed)
    return new InvalidTokenError('The access token is not signed with RS256.');
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return new InvalidTokenError('The access token signature is invalid.');
  }
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return new InvalidTokenError('The access token is not signed with a key the issuer publishes.');
  }
  if (error instanceof errors.JOSEError) return new InvalidTokenError('The access token is malformed.');
  return undefined;
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
        if (stillValid && (await options.keys.stillPublishes(known.kid))) return known.claims;
        // Verified again in full, so the refusal says precisely why.
        cache.delete(token);
      }
      if (!isCanonicalCompactJws(token)) throw new InvalidTokenError('The access token is malformed.');
      let verified;
      try {
        verified = await jwtVerify(token, options.keys.getKey, verifyOptions);
      } catch (error) {
        throw refusalFor(error) ?? error;
      }
      const { payload, protectedHeader } = verified;
      const claims: AccessTokenClaims = { payload, scopes: scopesOf(payload) };
      // getKey refuses kid-less tokens and requiredClaims guarantees exp, so both are present here.
      cache.set(token, { claims, kid: protectedHeader.kid as string, exp: payload.exp as number });
      return claims;
    },
  };
}
