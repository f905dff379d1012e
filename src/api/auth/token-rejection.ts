/**
 * Turns jose's verification errors into 401 `invalid_token` answers with our own wording.
 *
 * jose's messages are precise but are not ours to show; each refusal gets a fixed description that tells a client
 * developer what to fix without echoing token content. Errors that are not jose's are not a bad token but a bug:
 * they are left to the error handler (500, logged).
 */
import { errors } from 'jose';
import type { ApiError } from '../errors/api-error';
import { invalidToken } from './auth-errors';
import { SigningKeysUnavailable } from './signing-key.store';

const CLAIM_PROBLEMS: Record<string, string> = {
  iss: 'The access token was not issued by the issuer this API trusts.',
  aud: 'The access token is not meant for this API (audience).',
  exp: 'The access token has no valid expiry time.',
  nbf: 'The access token is not valid yet.',
  iat: 'The access token has an invalid issue time.',
  typ: 'The token is not an access token (its typ header is not at+jwt).',
};

export function rejectionFor(error: unknown): ApiError | undefined {
  if (error instanceof SigningKeysUnavailable) {
    return invalidToken('The issuer signing keys are unavailable right now; try again later.');
  }
  if (error instanceof errors.JWTExpired) return invalidToken('The access token has expired.');
  if (error instanceof errors.JWTClaimValidationFailed) {
    return invalidToken(CLAIM_PROBLEMS[error.claim] ?? 'The access token carries invalid claims.');
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return invalidToken('The access token is not signed with RS256.');
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return invalidToken('The access token signature is invalid.');
  }
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return invalidToken('The access token is not signed with a key the issuer publishes.');
  }
  if (error instanceof errors.JOSEError) return invalidToken('The access token is malformed.');
  return undefined;
}
