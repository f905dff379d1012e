/**
 * Finds the bearer token of a request, or says precisely why there is none.
 *
 * Only the `Authorization` header is a token source: RFC 9700 (4.3.2) rules out the query string, and a request that
 * tries it, or a form body, is refused outright rather than silently ignored, so a client learns its mistake.
 * Node keeps only the first of duplicated `Authorization` headers in `req.headers`; `headersDistinct` shows them all.
 */
import type { Request } from 'express';
import { InvalidRequestError, InvalidTokenError, UnauthorizedError, type ApiError } from '../errors/api.errors';

// RFC 6750 section 2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

export type BearerTokenResult = { token: string } | { error: ApiError };

function carriesBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined;
}

function carriesQueryToken(req: Request): boolean {
  return req.url.includes('?') && Object.hasOwn(req.query, 'access_token');
}

export function bearerTokenFrom(req: Request, maxLength: number): BearerTokenResult {
  if (carriesQueryToken(req)) {
    return {
      error: new InvalidRequestError('Access tokens are not accepted in the URL: use the Authorization header.'),
    };
  }
  if (carriesBody(req)) {
    return {
      error: new InvalidRequestError(
        'This endpoint takes no request body: send the token in the Authorization header.'
      ),
    };
  }
  const headers = req.headersDistinct.authorization ?? [];
  if (headers.length > 1) return { error: new InvalidRequestError('Send exactly one Authorization header.') };

  const value = (headers[0] ?? '').trim();
  const gap = value.indexOf(' ');
  const scheme = gap === -1 ? value : value.slice(0, gap);
  const credentials = gap === -1 ? '' : value.slice(gap + 1).trim();
  // Auth-scheme names are case-insensitive (RFC 9110 11.1). Another scheme is "no bearer token", not an error.
  if (scheme.toLowerCase() !== 'bearer' || credentials === '') return { error: new UnauthorizedError() };
  // A comma means a list of credentials, which is how proxies fold repeated headers into one.
  if (credentials.includes(',')) return { error: new InvalidRequestError('Send exactly one bearer token.') };
  if (credentials.length > maxLength) return { error: new InvalidTokenError('The access token is too long.') };
  if (!B64TOKEN.test(credentials)) return { error: new InvalidTokenError('The access token is malformed.') };
  return { token: credentials };
}
