/**
 * Lets a request through only with a valid access token in its `Authorization: Bearer` header, and keeps the
 * token's claims for the handlers after it. Built once at start-up around one verifier (and so one key cache).
 */
import type { RequestHandler } from 'express';
import { rememberClaims } from './access-token.claims';
import type { AccessTokenVerifier } from './access-token.verifier';
import { bearerTokenFrom } from './bearer-token.parser';

export function requireAccessToken(verifier: AccessTokenVerifier, maxTokenLength: number): RequestHandler {
  return async (req, res, next) => {
    const found = bearerTokenFrom(req, maxTokenLength);
    if ('error' in found) {
      next(found.error);
      return;
    }
    rememberClaims(res, await verifier.verify(found.token));
    next();
  };
}
