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

/** auth0-js reports a failed fetch of the signing keys as an invalid token; the browser's wording varies. */
const NETWORK_FAILURE = /failed to fetch|networkerror|network request failed|load failed/i;

/** Turns what auth0-js's `parseHash` reports into a sentence a user can act on. */
export function describeParseHashError(error: Auth0ParseHashError): LoginError {
  const description = error.errorDescription ?? error.error_description ?? error.description ?? '';
  if (NETWORK_FAILURE.test(description)) {
    return new LoginError(
      'The authorization server could not be reached to check the login response (its signing keys did not ' +
        'load). Check your connection and log in again.',
      'network_error'
    );
  }
  if (error.error === 'invalid_token' && /state/i.test(description)) {
    return new LoginError(
      'This login response does not match a login started in this browser (state mismatch), so it was refused. ' +
        'Log in again from this page.',
      error.error
    );
  }
  if (error.error === 'invalid_token') {
    return new LoginError(
      `The ID token in the login response failed validation${description ? `: ${description}` : '.'}`,
      error.error
    );
  }
  if (error.error === 'access_denied') {
    return new LoginError(`Access was denied${description ? `: ${description}` : '.'}`, error.error);
  }
  const code = error.error || 'unknown_error';
  return new LoginError(`The login failed (${code})${description ? `: ${description}` : '.'}`, code);
}

/** What auth0-js's `checkSession` reports on failure (its "legacy" error shape, plus the newer one). */
export interface CheckSessionError {
  error?: string;
  error_description?: string;
  code?: string | null;
  description?: string | null;
}

/**
 * Why a silent renewal failed, as the note shown when it ends the session. Each sentence ends by telling the user
 * to log in again, because that is what fixes it.
 */
export function describeRenewalError(error: CheckSessionError | null | undefined): LoginError {
  const code = error?.error || error?.code || 'unknown_error';
  const description = error?.error_description || error?.description || '';
  switch (code) {
    case 'login_required':
      return new LoginError(
        'Your session has ended: the authorization server no longer knows you (login_required). Log in again to ' +
          'continue.',
        code
      );
    case 'consent_required':
    case 'interaction_required':
      return new LoginError(`Your session could not be renewed without you (${code}). Log in again to continue.`, code);
    case 'timeout':
      return new LoginError(
        'Your session could not be renewed: the authorization server did not answer in time (timeout). Log in ' +
          'again to continue.',
        code
      );
    default:
      return new LoginError(
        `Your session could not be renewed (${code}${description ? `: ${description}` : ''}). Log in again to ` +
          'continue.',
        code
      );
  }
}
