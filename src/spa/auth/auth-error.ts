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

/** Turns what auth0-js's `parseHash` reports into a sentence a user can act on. */
export function describeParseHashError(error: Auth0ParseHashError): LoginError {
  const description = error.errorDescription ?? error.error_description ?? error.description ?? '';
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
