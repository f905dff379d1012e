/** What a failed `$http` call hands back: the status (-1 or 0 when no answer came), and the body if any. */
export interface FailedResponse {
  status: number;
  statusText?: string;
  data?: unknown;
}

/** What the page knew about the session when the call failed; it changes what a 401 means. */
export interface FailureContext {
  /** The request carried an access token. */
  tokenSent: boolean;
  /** The access token held is not a JWT the API can verify (no audience was requested). */
  tokenUnverifiable: boolean;
  /** The session ended without the user asking, and the note saying so is showing. */
  sessionEnded: boolean;
}

const NO_CONTEXT: FailureContext = { tokenSent: false, tokenUnverifiable: false, sessionEnded: false };

const REASON_PHRASES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

/** How to get an access token the API can verify; shown on the ping page and with the 401 it causes. */
export const SET_AUDIENCE_ADVICE =
  "Set AUTH0_AUDIENCE to your API's Identifier (Auth0 dashboard, Applications > APIs), restart the app, then log " +
  'out and log in again.';

/** The RFC 6750 `error_description` of an API error body, when there is one. */
function errorDescription(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const value = (data as Record<string, unknown>).error_description;
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

function explain401(context: FailureContext): string {
  if (context.tokenUnverifiable) {
    return (
      'your access token is not a JWT the API can verify (it is opaque or encrypted): the login did not ask for the ' +
      `API as its audience. ${SET_AUDIENCE_ADVICE}`
    );
  }
  if (context.tokenSent) return 'the API refused your access token, so your session has ended. Log in again.';
  if (context.sessionEnded) return 'your session has ended, so no access token was sent. Log in again.';
  return 'you are not logged in, so no access token was sent. Log in and try again.';
}

/**
 * One sentence for a failed API call, starting with the HTTP status and reason so a user or a test can tell 401 from
 * 403 at a glance, then what it means here and what to do, then what the API said.
 */
export function describePingFailure(
  response: FailedResponse,
  apiUrl: string,
  context: FailureContext = NO_CONTEXT
): string {
  const { status } = response;
  if (status <= 0) {
    return `The API at ${apiUrl} could not be reached. Check that it is running and that it allows this origin.`;
  }
  const reason = REASON_PHRASES[status] ?? (response.statusText || 'Error');
  let text: string;
  if (status === 401) {
    text = `401 ${reason}: ${explain401(context)}`;
  } else if (status === 403) {
    text =
      `403 ${reason}: the API accepted your access token, but it does not carry the read:messages scope. With an ` +
      'Auth0 tenant, check that your API defines it and your application may be granted it, then log in again.';
  } else {
    text = `${status} ${reason}: the API could not answer this request.`;
  }
  const said = errorDescription(response.data);
  return said ? `${text} The API said: ${said}` : text;
}
