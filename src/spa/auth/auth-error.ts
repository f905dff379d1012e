import type { Auth0ParseHashError } from 'auth0-js';

/** Thrown (as a rejection) by `authService.handleAuthentication()`; `message` is meant for the user. */
export class LoginError extends Error {
  constructor(
    message: string,
    /** The OAuth or auth0-js error code, when there is one. */
    readonly code?: string
  ) {
    super(message);
    this.name = 'LoginError';
  }
}

/** What the callback page says when a login fails for a reason nobody described. */
export const LOGIN_FAILED = 'The login could not be completed. Log in again.';

/**
 * auth0-js reports a failed fetch of the signing keys as an invalid token; the browser's wording varies ("Failed to
 * fetch", "NetworkError…", "Network request failed", "Load failed").
 */
const NETWORK_FAILURE = /fetch|network|load failed/i;

/** `text`, then what the server said after a colon, or a full stop when it said nothing. */
const withDescription = (text: string, description: string | null | undefined) =>
  description ? `${text}: ${description}` : `${text}.`;

/** Turns what auth0-js's `parseHash` reports into a sentence a user can act on. */
export function describeParseHashError(error: Auth0ParseHashError): LoginError {
  const description = error.errorDescription ?? error.error_description ?? error.description ?? '';
  const code = error.error || 'unknown_error';
  if (NETWORK_FAILURE.test(description)) {
    return new LoginError(
      'The authorization server could not be reached to check the login. Check your connection and log in again.',
      'network_error'
    );
  }
  if (code === 'invalid_token' && /state/i.test(description)) {
    return new LoginError(
      'This login response does not match a login started in this browser (state mismatch). Log in again.',
      code
    );
  }
  if (code === 'invalid_token')
    return new LoginError(withDescription('The ID token in the login response failed validation', description), code);
  if (code === 'access_denied') return new LoginError(withDescription('Access was denied', description), code);
  return new LoginError(withDescription(`The login failed (${code})`, description), code);
}

/** What auth0-js's `checkSession` reports on failure (its "legacy" error shape, plus the newer one). */
export interface CheckSessionError {
  error?: string;
  error_description?: string;
  code?: string | null;
  description?: string | null;
}

/** The renewal failures the app explains in its own words; for the others the server's code and description do. */
const RENEWAL_FAILURES = new Map([
  ['login_required', 'Your session has ended: the authorization server no longer knows you'],
  ['timeout', 'Your session could not be renewed: the authorization server did not answer in time'],
]);

/**
 * Why a silent renewal failed, as the note shown when it ends the session: the reason, the server's code (and its
 * description when the reason is not one of ours), then what fixes it, logging in again.
 */
export function describeRenewalError(error: CheckSessionError | null | undefined): LoginError {
  const code = error?.error || error?.code || 'unknown_error';
  const known = RENEWAL_FAILURES.get(code);
  const description = known ? '' : error?.error_description || error?.description;
  const detail = description ? `${code}: ${description}` : code;
  return new LoginError(`${known ?? 'Your session could not be renewed'} (${detail}). Log in again to continue.`, code);
}
