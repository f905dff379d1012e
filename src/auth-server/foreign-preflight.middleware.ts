/**
 * oidc-provider answers every CORS preflight at /oauth/token and /oauth/revoke with a yes, because the client (and so
 * its allowed origins) is only known from the body of the request that follows; that request is then refused for a
 * foreign origin. This server has a single client, so an origin that is not one of its Allowed Web Origins is refused
 * at the preflight already and the browser never sends the request at all.
 */
import type { RequestHandler } from 'express';

/** For `OPTIONS` at the token and revocation endpoints, in front of oidc-provider. */
export function refuseForeignPreflight(allowedOrigins: readonly string[]): RequestHandler {
  return (req, res, next) => {
    const origin = req.get('origin');
    if (origin === undefined || allowedOrigins.includes(origin)) return next();
    res.status(403).set('Vary', 'Origin').set('Cache-Control', 'no-store');
    res.json({
      error: 'invalid_request',
      error_description: `origin ${origin} is not one of the allowed web origins (${allowedOrigins.join(', ')})`,
    });
  };
}
