/**
 * What the API knows about a caller once its access token has been verified, and where a request keeps it.
 *
 * Kept on `res.locals` (typed through these two functions) rather than by augmenting Express's global Request type.
 */
import type { Response } from 'express';
import type { JWTPayload } from 'jose';

export interface AccessTokenClaims {
  /** The verified payload, as the issuer signed it. */
  payload: JWTPayload;
  /** The `scope` claim split on spaces (RFC 9068 2.2.3); empty when the claim is absent or not a string. */
  scopes: ReadonlySet<string>;
}

const KEY = 'accessToken';

export function rememberClaims(res: Response, claims: AccessTokenClaims): void {
  res.locals[KEY] = claims;
}

export function claimsOf(res: Response): AccessTokenClaims | undefined {
  return res.locals[KEY] as AccessTokenClaims | undefined;
}

export function scopesOf(payload: JWTPayload): ReadonlySet<string> {
  return new Set(typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : []);
}
