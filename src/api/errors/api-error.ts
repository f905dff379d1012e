/**
 * An answer the API gives on purpose: a status, an RFC 6750 error code and a description that is safe to show.
 *
 * Route handlers and middleware throw these; the error handler turns them into a JSON body and, for 401 and 403,
 * the `WWW-Authenticate` challenge. Anything else thrown is unexpected and becomes a generic 500.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    /** RFC 6750 error code, or a short snake_case code for answers RFC 6750 does not cover. */
    readonly code: string,
    /** Shown to the caller: never built from internal error messages. */
    readonly description: string,
    /** For 401/403: whether the challenge names the error (RFC 6750 3.1 omits it when no credentials were sent). */
    readonly challenge: 'none' | 'plain' | 'with-error' = 'none',
    /** For 403 insufficient_scope: the scopes the caller lacked, put in the challenge's `scope` attribute. */
    readonly scope?: string
  ) {
    super(description);
    this.name = 'ApiError';
  }
}
