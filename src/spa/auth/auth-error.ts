import type { Auth0ParseHashError } from 'auth0-js';

/** Thrown (as a rejection) by authService's login and renewal; `message` is meant for the user. */
export class LoginError extends Error {
  constructor(
    message: string,
    /** The OAuth or auth0-js error code. */
    readonly code = 'unknown_error'
  ) {
    super(message);
    this.name = 'LoginError';
  }
}

/** What the callback page says when a login fails for a reason nobody described. */
export const LOGIN_FAILED = 'The login could not be completed. Log in again.';

/**
 * Our words, then the server's code and description in brackets: the first tells a user what happened, the second
 * gives a developer something to search for.
 */
export const withReason = (text: string, code: string, description?: string | null) =>
  `${text} (${description ? `${code}: ${description.replace(/\.$/, '')}` : code}).`;

/**
 * auth0-js reports a failed fetch of the signing keys as an invalid token; the browser's wording varies ("Failed to
 * fetch", "NetworkError…", "Network request failed", "Load failed").
 */
const NETWORK_FAILURE = /fetch|network|load failed/i;

/** Turns what auth0-js's `parseHash` reports into a sentence a user can act on. */
export function describeParseHashError(error: Auth0ParseHashError): LoginError {
  const description = error.errorDescription ?? error.error_description ?? error.description ?? '';
  const code = error.error || 'unknown_error';
  if (NETWORK_FAILURE.test(description)) {
    return new LoginError(
      'The authorization server could not be reached. Check your connection and log in again.',
      'network_error'
    );
  }
  if (/state/i.test(description)) {
    return new LoginError(
      'This login response does not match a login started in this browser (state mismatch). Log in again.',
      code
    );
  }
  return new LoginError(`${withReason('The login failed', code, description)} Log in again.`, code);
}

/** What auth0-js's `checkSession` reports on failure (its "legacy" error shape, plus the newer one). */
export interface CheckSessionError {
  error?: string;
  error_description?: string;
  code?: string | null;
  description?: string | null;
}

/**
 * Why a silent renewal failed, as the note shown when it ends the session: the server's code says it best
 * (`login_required`: its session is gone; `timeout`: no answer), then what fixes it.
 */
export function describeRenewalError(error: CheckSessionError | null | undefined): LoginError {
  const code = error?.error || error?.code || 'unknown_error';
  const description = error?.error_description || error?.description;
  return new LoginError(
    `${withReason('Your session could not be renewed', code, description)} Log in again to continue.`,
    code
  );
}
