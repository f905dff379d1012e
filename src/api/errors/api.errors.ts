/**
 * Every answer the API gives on purpose instead of serving a request, in one place (as node-oauth2-jwt-bearer keeps
 * its errors.ts). Each error carries its status, a code, a description that is safe to show, and builds its own
 * headers: the `WWW-Authenticate: Bearer` challenge of RFC 6750 section 3 for the token refusals, `Retry-After` for
 * an outage, `Allow` for a wrong method. Route handlers and middleware throw or `next()` these; the error handler
 * only sends what the error says. Anything else thrown is unexpected and becomes a generic 500.
 */
export const REALM = 'api';

interface ChallengeParts {
  error?: string;
  description?: string;
  scope?: string;
}

// Attribute values are quoted-strings: the descriptions are our own constants, but quotes and backslashes are still
// dropped so no value can ever break out of its quotes.
function quoted(value: string): string {
  return `"${value.replace(/["\\]/g, '')}"`;
}

/** The `WWW-Authenticate: Bearer ...` challenge of RFC 6750 section 3. */
export function bearerChallenge(parts: ChallengeParts = {}): string {
  const attributes = [`realm=${quoted(REALM)}`];
  if (parts.error) attributes.push(`error=${quoted(parts.error)}`);
  if (parts.description) attributes.push(`error_description=${quoted(parts.description)}`);
  if (parts.scope) attributes.push(`scope=${quoted(parts.scope)}`);
  return `Bearer ${attributes.join(', ')}`;
}

export abstract class ApiError extends Error {
  abstract readonly status: number;
  /** RFC 6750 error code, or a short snake_case code for answers RFC 6750 does not cover. */
  abstract readonly code: string;

  /** Shown to the caller: never built from internal error messages. */
  constructor(readonly description: string) {
    super(description);
    this.name = new.target.name;
  }

  headers(): Record<string, string> {
    return {};
  }

  body(): { error: string; error_description: string } {
    return { error: this.code, error_description: this.description };
  }
}

/** 400: the request itself is wrong (a token in the URL, two Authorization headers, a body where none belongs). */
export class InvalidRequestError extends ApiError {
  readonly status = 400;
  readonly code = 'invalid_request';

  override headers(): Record<string, string> {
    return { 'WWW-Authenticate': bearerChallenge({ error: this.code, description: this.description }) };
  }
}

/** 401 without credentials, or with another scheme's: a bare challenge, since RFC 6750 3.1 gives no error code. */
export class UnauthorizedError extends ApiError {
  readonly status = 401;
  readonly code = 'unauthorized';

  constructor() {
    super('An access token is required: send it as "Authorization: Bearer <token>".');
  }

  override headers(): Record<string, string> {
    return { 'WWW-Authenticate': bearerChallenge() };
  }
}

/** 401: the token was judged and refused (malformed, expired, wrong issuer or audience, bad signature...). */
export class InvalidTokenError extends ApiError {
  readonly status = 401;
  readonly code = 'invalid_token';

  override headers(): Record<string, string> {
    return { 'WWW-Authenticate': bearerChallenge({ error: this.code, description: this.description }) };
  }
}

/** 403: a valid token without the scopes the endpoint requires; the challenge names them. */
export class InsufficientScopeError extends ApiError {
  readonly status = 403;
  readonly code = 'insufficient_scope';

  constructor(readonly scope: string) {
    super(`The access token lacks the scope this endpoint requires: ${scope}.`);
  }

  override headers(): Record<string, string> {
    return {
      'WWW-Authenticate': bearerChallenge({ error: this.code, description: this.description, scope: this.scope }),
    };
  }
}

/**
 * 503: the issuer's signing keys cannot be had (its JWKS endpoint is down), so the token was not judged at all. Not
 * a 401: a client that ends the session on 401 must keep it here, and try again after `Retry-After` seconds.
 */
export class TemporarilyUnavailableError extends ApiError {
  readonly status = 503;
  readonly code = 'temporarily_unavailable';

  constructor(readonly retryAfterSeconds: number) {
    super("The API cannot check access tokens right now: the issuer's signing keys are unavailable. Try again later.");
  }

  override headers(): Record<string, string> {
    return { 'Retry-After': String(this.retryAfterSeconds) };
  }
}

/** 404 for unknown routes, as JSON like everything else, so a client can always parse the body. */
export class NotFoundError extends ApiError {
  readonly status = 404;
  readonly code = 'not_found';

  constructor() {
    super('There is no such endpoint.');
  }
}

/**
 * 405 with `Allow`: the endpoints are read-only, and a 404 would suggest the path does not exist (a POST carrying a
 * token in its body is turned away here too).
 */
export class MethodNotAllowedError extends ApiError {
  readonly status = 405;
  readonly code = 'method_not_allowed';

  constructor() {
    super('This endpoint only answers GET.');
  }

  override headers(): Record<string, string> {
    return { Allow: 'GET, HEAD, OPTIONS' };
  }
}
