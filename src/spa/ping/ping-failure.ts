import { isVerifiableJwt } from '../auth/access-token-format';

/** What a failed `$http` call hands back: the status (-1 or 0 when no answer came), and the body if any. */
export interface FailedResponse {
  status: number;
  statusText?: string;
  data?: unknown;
}

/** Reason phrases of the statuses the ping calls meet, for when the browser has none (HTTP/2 carries none). */
const REASON_PHRASES: Record<number, string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  500: 'Internal Server Error',
};

/** How to get an access token the API can verify; shown on the ping page and with the 401 it causes. */
export const SET_AUDIENCE_ADVICE =
  "Set AUTH0_AUDIENCE to your API's Identifier (Auth0 dashboard, APIs), restart the app, then log in again.";

/** What a 401 means, given the access token the request carried (null for none) and whether the session just ended. */
function explain401(sentToken: string | null, sessionEnded: boolean): string {
  if (sentToken !== null && !isVerifiableJwt(sentToken)) {
    return `your access token is not a JWT the API can verify: the login did not ask for the API as its audience. ${SET_AUDIENCE_ADVICE}`;
  }
  if (sentToken !== null) return 'the API refused your access token, so your session has ended. Log in again.';
  if (sessionEnded) return 'your session has ended, so no access token was sent. Log in again.';
  return 'you are not logged in, so no access token was sent. Log in and try again.';
}

/**
 * One sentence for a failed API call, starting with the HTTP status and reason so a user or a test can tell 401 from
 * 403 at a glance, then what it means here and what to do, then what the API said (RFC 6750 `error_description`).
 * `sentToken` and `sessionEnded` change what a 401 means; see explain401.
 */
export function describePingFailure(
  response: FailedResponse,
  apiUrl: string,
  sentToken: string | null = null,
  sessionEnded = false
): string {
  const { status } = response;
  if (status <= 0) {
    return `The API at ${apiUrl} could not be reached. Check that it is running and allows this origin.`;
  }
  const meaning =
    status === 401
      ? explain401(sentToken, sessionEnded)
      : status === 403
        ? 'the API accepted your access token, but it does not carry the read:messages scope. Check that your API ' +
          'grants it to this application, then log in again.'
        : 'the API could not answer this request.';
  const text = `${status} ${REASON_PHRASES[status] ?? (response.statusText || 'Error')}: ${meaning}`;
  const said = (response.data as { error_description?: unknown } | null | undefined)?.error_description;
  return typeof said === 'string' && said.trim() ? `${text} The API said: ${said.trim()}` : text;
}
