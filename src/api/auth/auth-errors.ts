/**
 * The four refusals of RFC 6750 section 3.1, as ApiErrors. Keeping them together keeps the statuses, codes and
 * challenges consistent wherever a request is turned away.
 */
import { ApiError } from '../errors/api-error';

/** No credentials, or credentials of another scheme: 401 with a bare challenge (RFC 6750 3.1 says no error code). */
export function missingToken(): ApiError {
  return new ApiError(
    401,
    'unauthorized',
    'An access token is required: send it as "Authorization: Bearer <token>".',
    'plain'
  );
}

export function invalidRequest(description: string): ApiError {
  return new ApiError(400, 'invalid_request', description, 'with-error');
}

export function invalidToken(description: string): ApiError {
  return new ApiError(401, 'invalid_token', description, 'with-error');
}

export function insufficientScope(scope: string): ApiError {
  return new ApiError(
    403,
    'insufficient_scope',
    `The access token lacks the scope this endpoint requires: ${scope}.`,
    'with-error',
    scope
  );
}
