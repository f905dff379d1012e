/**
 * Every answer the API gives on purpose instead of serving a request, in one place. The token refusals (400, 401,
 * 403) are express-oauth2-jwt-bearer's errors, which carry their status and `WWW-Authenticate` challenges (RFC 6750,
 * RFC 9449); `tokenRefusal` words their JSON body. The others are ours, each with its status, a code, a description
 * that is safe to show, and its own headers. The error handler sends what an error says; anything else is a 500.
 */
import { InsufficientScopeError, UnauthorizedError } from 'express-oauth2-jwt-bearer';

export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: { error: string; error_description: string };
}

const NO_TOKEN = 'An access token is required: send it as "Authorization: Bearer <token>".';
const NO_BOUND_TOKEN =
  'A DPoP-bound access token is required: send it as "Authorization: DPoP <token>" with its proof.';

// RFC 6750 3: what an error_description may hold. The library's descriptions can quote the token's own bytes (a
// header that is not JSON, say), which may not even be legal in an HTTP header: those get a plain sentence instead.
const DESCRIPTION = /^[\x20-\x21\x23-\x5B\x5D-\x7E]{1,200}$/;

function safeDescription(message: string): string {
  const quotesAsApostrophes = message.replace(/"/g, "'");
  return DESCRIPTION.test(quotesAsApostrophes) ? quotesAsApostrophes : 'The access token is malformed.';
}

/**
 * The answer to one of the library's refusals, with the library's challenges (a Bearer one and a DPoP one, RFC 9449
 * 7.1, or only DPoP when Bearer is refused); only their error_description is made safe. The library marks a request
 * that carries no usable token (no Authorization header, another scheme, no token after the scheme) with no error
 * code: RFC 6750 3.1 answers those 401 with bare challenges, whatever status the library chose. A bad DPoP proof is
 * 401 too: RFC 9449 7.1 challenges with 401 for any request without valid credentials, the library says 400.
 */
export function tokenRefusal(error: UnauthorizedError): Answer {
  const code = 'code' in error && typeof error.code === 'string' ? error.code : '';
  const challenge = error.headers['WWW-Authenticate'];
  if (code === '') {
    return {
      status: 401,
      headers: { 'WWW-Authenticate': challenge },
      body: { error: 'unauthorized', error_description: challenge.startsWith('DPoP') ? NO_BOUND_TOKEN : NO_TOKEN },
    };
  }
  // The scope refusal's words are the library's own constants, and its challenge names the scope required.
  if (error instanceof InsufficientScopeError) {
    return { status: error.status, headers: error.headers, body: { error: code, error_description: error.message } };
  }
  const description = safeDescription(error.message);
  return {
    status: code === 'invalid_dpop_proof' ? 401 : error.status,
    // The library writes the description with quotes turned to apostrophes, so it never contains a quote.
    headers: {
      'WWW-Authenticate': challenge.replace(/error_description="[^"]*"/g, () => `error_description="${description}"`),
    },
    body: { error: code, error_description: description },
  };
}

export abstract class ApiError extends Error {
  abstract readonly status: number;
  /** A short snake_case code, as RFC 6750's are. */
  abstract readonly code: string;

  /** Shown to the caller: never built from internal error messages. */
  constructor(readonly description: string) {
    super(description);
    this.name = new.target.name;
  }

  answer(): Answer {
    return {
      status: this.status,
      headers: this.headers(),
      body: { error: this.code, error_description: this.description },
    };
  }

  protected headers(): Record<string, string> {
    return {};
  }
}

/**
 * 503: the issuer's keys could not be fetched, so the token was not judged at all. Not a 401: a client that ends the
 * session on 401 must keep it here, and try again after `Retry-After` seconds.
 */
export class IssuerUnavailableError extends ApiError {
  readonly status = 503;
  readonly code = 'temporarily_unavailable';

  constructor(readonly retryAfterSeconds: number) {
    super("The API cannot check access tokens right now: the issuer's signing keys are unavailable. Try again later.");
  }

  protected override headers(): Record<string, string> {
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

/** 405 with `Allow`: the endpoints are read-only, and a 404 would suggest the path does not exist. */
export class MethodNotAllowedError extends ApiError {
  readonly status = 405;
  readonly code = 'method_not_allowed';

  constructor() {
    super('This endpoint only answers GET.');
  }

  protected override headers(): Record<string, string> {
    return { Allow: 'GET, HEAD, OPTIONS' };
  }
}
