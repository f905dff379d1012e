/** What a failed `$http` call hands back: the status (-1 or 0 when no answer came), and the body if any. */
export interface FailedResponse {
  status: number;
  statusText?: string;
  data?: unknown;
  headers?: (name: string) => string | null;
}

/** " in N seconds" from a Retry-After header in seconds, or nothing. */
function retryAfter(response: FailedResponse): string {
  const seconds = Number(response.headers?.('Retry-After'));
  return Number.isInteger(seconds) && seconds > 0 ? ` in ${seconds} seconds` : ' in a moment';
}

/** Why the API cannot verify this app's access tokens, and the fix; on the ping page and with the 401 it causes. */
export const AUDIENCE_ADVICE =
  'The API can verify only access tokens issued for it: ' +
  "set AUTH0_AUDIENCE to your API's Identifier, restart the app and log in again.";

/** What the failed request carried: no token, a JWT, or a token that is no JWT (the login asked for no audience). */
export type SentToken = 'none' | 'jwt' | 'opaque';

/**
 * One sentence for a failed API call, starting with the HTTP status and reason so a user or a test can tell 401 from
 * 403 at a glance, then what it means here and what to do, then what the API said (RFC 6750 `error_description`).
 * A 401 means something else for each kind of token the request carried: none sent, one the API refused (the
 * session has ended), or one that is no JWT at all (a setting to fix). No answer at all from a page opened at another
 * origin than the app's (`appOrigin`) is the API's CORS refusing it, not the API being down.
 */
export function describePingFailure(
  response: FailedResponse,
  apiUrl: string,
  sent: SentToken,
  origins: { page: string; app: string }
): string {
  const { status } = response;
  if (status <= 0 && origins.page !== origins.app) {
    return `The API at ${apiUrl} answers pages of ${origins.app} only, so it refused this one: open the app there.`;
  }
  if (status <= 0) {
    return `The API at ${apiUrl} could not be reached. Check that it is running and allows this origin.`;
  }
  const meaning =
    status === 503
      ? 'the API cannot check tokens right now (its authorization server is out of reach). You are still logged in: ' +
        `try again${retryAfter(response)}.`
      : status === 403
        ? 'your access token lacks the read:messages scope. Check that your API grants it to this app, then log in again.'
        : status !== 401
          ? 'the API could not answer this request.'
          : sent === 'none'
            ? 'no access token was sent, as you are not logged in. Log in and try again.'
            : sent === 'jwt'
              ? 'the API refused your access token, so your session has ended. Log in again.'
              : `your access token is not a JWT. ${AUDIENCE_ADVICE}`;
  const said = String((response.data as { error_description?: unknown } | null | undefined)?.error_description ?? '');
  // HTTP/2 carries no reason phrase: the status then stands alone.
  const text = `${[status, response.statusText].join(' ').trim()}: ${meaning}`;
  return said.trim() ? `${text} The API said: ${said.trim()}` : text;
}
