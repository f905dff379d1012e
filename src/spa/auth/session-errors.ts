import type { Auth0Error, Auth0ParseHashError } from 'auth0-js';
import type { SessionCode } from './index';

/**
 * The sentence each code stands for when nothing more is known. Each one says what happened; the page around it (and
 * the notice's one action) says what to do. The module's README lists them.
 */
export const SENTENCES: Readonly<Record<SessionCode, string>> = {
  unrecognised_response: 'A login response arrived that this tab did not ask for, so it was ignored.',
  issuer_mismatch: 'The login response came from an issuer this app does not trust, so it was not used.',
  issuer_missing:
    'The login response does not name its issuer, which this authorization server always does, so it was not used.',
  already_used: 'This login response was used already, so it was not used again. Log in to continue.',
  interrupted: 'Your login was interrupted: the page was reloaded before it could complete. Log in again.',
  login_failed: 'The login could not be completed.',
  id_token_invalid: 'The ID token from the authorization server failed its checks.',
  unreachable: 'The authorization server could not be reached. Check your connection.',
  timeout: 'The authorization server did not answer in time.',
  storage_unavailable: 'This browser refused to store your session: allow site data for this site and log in again.',
  logged_out_meanwhile: 'You logged out while this login was completing, so it was not kept. Log in again to continue.',
  library_unavailable: 'The login library could not be loaded. Check your connection and try again.',
  dpop_unsupported:
    'The authorization server did not bind the tokens to this browser’s key (DPoP): turn DPoP on for the ' +
    'application, or turn it off here.',
  key_unavailable:
    'This browser no longer has the key your session is bound to, so the session has ended. Log in again.',
  login_required: 'This page needs a login.',
  renewal_failed: 'Your session could not be renewed. Log in again to continue.',
  token_refused: 'Your session has ended: your access token is no longer accepted (401). Log in again to continue.',
  other_user: 'The renewed tokens belong to another user, so they were not used. Log in again to continue.',
  logged_out_elsewhere: 'You logged out in another tab.',
  ended_elsewhere: 'Your session ended in another tab.',
  logout_incomplete:
    'You are logged out in this browser, but the authorization server could not be reached, so your session there ' +
    'may still be open and the next login may not ask for your password. Try again to finish logging out.',
};

/** A failure the module reports: a stable `code` and a `message` for the user. */
export class SessionError extends Error {
  constructor(
    readonly code: SessionCode,
    message: string = SENTENCES[code]
  ) {
    super(message);
    this.name = 'SessionError';
  }
}

/** `error` as it is when the module already described it; otherwise as `describe` puts it (a login that failed). */
export function asSessionError<E>(
  error: E,
  describe: (error: E) => SessionError = () => new SessionError('login_failed')
): SessionError {
  return error instanceof SessionError ? error : describe(error);
}

/** Longest text from a server (or a URL) shown to the user; the rest is cut off. */
const MAX_SHOWN_LENGTH = 200;

/** `text` bounded in length, for a sentence that quotes something the app did not write. */
export function bounded(text: string): string {
  const said = text.trim();
  return said.length > MAX_SHOWN_LENGTH ? `${said.slice(0, MAX_SHOWN_LENGTH)}…` : said;
}

/**
 * Our words, then the server's code and description in brackets: the first tells a user what happened, the second
 * gives a developer something to search for.
 */
export function withReason(text: string, code: string, description?: string | null): string {
  const said = bounded((description ?? '').replace(/\.\s*$/, ''));
  return `${text} (${said ? `${code}: ${said}` : code}).`;
}

/**
 * auth0-js reports a failed fetch (of the signing keys, of the token endpoint) without a status; the browser's
 * wording varies ("Failed to fetch", "NetworkError…", "Network request failed", "Load failed").
 */
const NETWORK_FAILURE = /fetch|network|load failed|request has been terminated/i;

/** The response names another issuer: a configuration mistake (`domain`, `tokenIssuer`), or a mix-up attack. */
export function issuerMismatch(found: string, expected: string): SessionError {
  return new SessionError(
    'issuer_mismatch',
    `The login response came from the issuer "${bounded(found)}", but this app expects "${expected}" ` +
      '(check domain and tokenIssuer), so it was not used.'
  );
}

/** An error the authorization server sent back to the callback instead of a code or tokens (its `state` was ours). */
export function describeAuthorizeError(code: string, description?: string | null): SessionError {
  return new SessionError('login_failed', withReason('The login failed', code, description));
}

/** What auth0-js's `parseHash` reports (implicit flow), as a sentence a user can act on. */
export function describeParseHashError(error: Auth0ParseHashError): SessionError {
  const description = error.errorDescription ?? error.error_description ?? error.description ?? '';
  if (NETWORK_FAILURE.test(description)) return new SessionError('unreachable');
  if (/state/i.test(description)) return new SessionError('unrecognised_response');
  return describeIdTokenOrAuthorizeError(error.error || 'unknown_error', description);
}

/** A failed code exchange at /oauth/token (code flow). */
export function describeExchangeError(error: Auth0Error & { error?: string }): SessionError {
  if (error.error === 'timeout') return new SessionError('timeout');
  if (!error.statusCode) return new SessionError('unreachable');
  const code = error.code || error.error || `HTTP ${error.statusCode}`;
  return describeAuthorizeError(code, error.description ?? error.error_description);
}

/** An ID token that failed auth0-js's checks (signature, issuer, audience, expiry, nonce). */
export function describeIdTokenError(error: Auth0Error & { error?: string }): SessionError {
  const description = error.description ?? error.errorDescription ?? error.error_description;
  if (error.error === 'timeout') return new SessionError('timeout');
  if (NETWORK_FAILURE.test(description ?? '')) return new SessionError('unreachable');
  return describeIdTokenOrAuthorizeError('invalid_token', description ?? '');
}

/**
 * auth0-js names the issuer it expected and the one it found when they differ: that is a configuration mistake
 * (`domain`, `tokenIssuer`), so the sentence says "issuer" and quotes both.
 */
function describeIdTokenOrAuthorizeError(code: string, description: string): SessionError {
  if (/issuer|\biss\b/i.test(description)) {
    return new SessionError(
      'issuer_mismatch',
      withReason(
        "The ID token's issuer is not the one this app expects: check domain and tokenIssuer",
        code,
        description
      )
    );
  }
  if (code === 'invalid_token') {
    return new SessionError(
      'id_token_invalid',
      withReason(SENTENCES.id_token_invalid.replace(/\.$/, ''), code, description)
    );
  }
  return describeAuthorizeError(code, description);
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
export function describeRenewalError(error: RenewalErrorShape | null | undefined): SessionError {
  const code = error?.error || error?.code || 'unknown_error';
  const description = error?.error_description || error?.description;
  // auth0-js reports a request that got no answer at all without a status and with the browser's own words.
  if (!error?.statusCode && NETWORK_FAILURE.test(description ?? '')) {
    return new SessionError(
      'unreachable',
      'Your session could not be renewed: the authorization server could not be reached (check your connection). ' +
        'Log in again to continue.'
    );
  }
  return new SessionError(
    'renewal_failed',
    `${withReason('Your session could not be renewed', code, description)} Log in again to continue.`
  );
}
