import type { Auth0Error, Auth0ParseHashError } from 'auth0-js';

/**
 * Thrown (as a rejection) by authService's login and renewal; `message` is meant for the user and says what happened
 * (the page around it says what to do).
 */
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
export const LOGIN_FAILED = 'The login could not be completed.';

/**
 * A response on /callback that belongs to no login this tab started: forged, replayed, or from another tab. Its
 * content is not shown, so a crafted link cannot put its own sentence inside the app.
 */
export const UNRECOGNISED_RESPONSE = 'A login response arrived that this tab did not ask for, so it was ignored.';

/** A login response whose login this tab has completed, or tried to, already (a reload, a reopened link). */
export const ALREADY_USED = 'This login response was used already, so it was not used again. Log in to continue.';

/** The callback page reloaded (or left and restored) while it was completing a login, which was lost with the page. */
export const INTERRUPTED = 'Your login was interrupted: the page was reloaded before it could complete. Log in again.';

/** A renewal answered with tokens for a user other than the one logged in. */
export const OTHER_USER = 'The renewed tokens belong to another user, so they were not used. Log in again to continue.';

/** Longest server description shown to the user; the rest is cut off. */
const MAX_DESCRIPTION_LENGTH = 200;

/**
 * Our words, then the server's code and description in brackets: the first tells a user what happened, the second
 * gives a developer something to search for. The description is bounded in length.
 */
export function withReason(text: string, code: string, description?: string | null): string {
  const said = (description ?? '').trim().replace(/\.$/, '');
  const bounded = said.length > MAX_DESCRIPTION_LENGTH ? `${said.slice(0, MAX_DESCRIPTION_LENGTH)}…` : said;
  return `${text} (${bounded ? `${code}: ${bounded}` : code}).`;
}

/**
 * auth0-js reports a failed fetch (of the signing keys, of the token endpoint) without a status; the browser's
 * wording varies ("Failed to fetch", "NetworkError…", "Network request failed", "Load failed").
 */
const NETWORK_FAILURE = /fetch|network|load failed|request has been terminated/i;

const UNREACHABLE = new LoginError(
  'The authorization server could not be reached. Check your connection.',
  'network_error'
);

/** auth0Call's rejection when auth0-js never called back: the server was reached, or not, but said nothing. */
const NO_ANSWER = new LoginError('The authorization server did not answer in time.', 'timeout');

/** An error the authorization server sent back to /callback instead of a code or tokens (its `state` was ours). */
export function describeAuthorizeError(code: string, description?: string | null): LoginError {
  return new LoginError(withReason('The login failed', code, description), code);
}

/** What auth0-js's `parseHash` reports (implicit flow), as a sentence a user can act on. */
export function describeParseHashError(error: Auth0ParseHashError): LoginError {
  const description = error.errorDescription ?? error.error_description ?? error.description ?? '';
  if (NETWORK_FAILURE.test(description)) return UNREACHABLE;
  if (/state/i.test(description)) return new LoginError(UNRECOGNISED_RESPONSE, 'invalid_state');
  return describeAuthorizeError(error.error || 'unknown_error', description);
}

/** A failed code exchange at /oauth/token (code flow). */
export function describeExchangeError(error: Auth0Error): LoginError {
  if (error.error === 'timeout') return NO_ANSWER;
  if (!error.statusCode) return UNREACHABLE;
  const code = error.code || error.error || `HTTP ${error.statusCode}`;
  return describeAuthorizeError(code, error.description ?? error.error_description);
}

/** An ID token that failed auth0-js's checks (signature, issuer, audience, expiry, nonce). */
export function describeIdTokenError(error: Auth0Error): LoginError {
  const description = error.description ?? error.errorDescription ?? error.error_description;
  if (error.error === 'timeout') return NO_ANSWER;
  if (NETWORK_FAILURE.test(description ?? '')) return UNREACHABLE;
  return new LoginError(
    withReason('The ID token from the authorization server failed its checks', 'invalid_token', description),
    'invalid_token'
  );
}

/** What auth0-js reports when a renewal fails (checkSession, or the refresh_token grant at /oauth/token). */
export interface RenewalErrorShape {
  error?: string;
  error_description?: string;
  code?: string | null;
  description?: string | null;
  statusCode?: number;
}

/**
 * Why a renewal failed, as the note shown when it ends the session: the server's code says it best
 * (`login_required` or `invalid_grant`: its session is gone; `timeout`: no answer), then what fixes it.
 */
export function describeRenewalError(error: RenewalErrorShape | null | undefined): LoginError {
  const code = error?.error || error?.code || 'unknown_error';
  const description = error?.error_description || error?.description;
  // auth0-js reports a request that got no answer at all without a status and with the browser's own words.
  if (!error?.statusCode && NETWORK_FAILURE.test(description ?? '')) {
    return new LoginError(
      'Your session could not be renewed: the authorization server could not be reached (check your connection). ' +
        'Log in again to continue.',
      'network_error'
    );
  }
  return new LoginError(
    `${withReason('Your session could not be renewed', code, description)} Log in again to continue.`,
    code
  );
}
