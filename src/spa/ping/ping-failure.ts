/** What a failed `$http` call hands back: the status (-1 or 0 when no answer came), and the body if any. */
export interface FailedResponse {
  status: number;
  statusText?: string;
  data?: unknown;
}

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

/** The RFC 6750 `error_description` of an API error body, when there is one. */
function errorDescription(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const value = (data as Record<string, unknown>).error_description;
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/**
 * One sentence for a failed API call, starting with the HTTP status and reason so a user or a test can tell 401 from
 * 403 at a glance, then what it means here, then what the API said.
 */
export function describePingFailure(response: FailedResponse, apiUrl: string): string {
  const { status } = response;
  if (status <= 0) {
    return `The API at ${apiUrl} could not be reached. Check that it is running and that it allows this origin.`;
  }
  const reason = REASON_PHRASES[status] ?? (response.statusText || 'Error');
  let text: string;
  if (status === 401) {
    text = `401 ${reason}: you are not logged in or your session has ended. Log in and try again.`;
  } else if (status === 403) {
    text = `403 ${reason}: your access token lacks the read:messages scope.`;
  } else {
    text = `${status} ${reason}: the API could not answer this request.`;
  }
  const said = errorDescription(response.data);
  return said ? `${text} The API said: ${said}` : text;
}
