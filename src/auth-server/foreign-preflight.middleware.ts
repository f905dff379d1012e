/**
 * oidc-provider answers every CORS preflight at /oauth/token and /oauth/revoke with a yes, because the client (and so
 * its allowed origins) is only known from the body of the request that follows; that request is then refused for a
 * foreign origin. This server has a single client, so a foreign origin is refused at the preflight already and the
 * browser never sends the request at all.
 */
import type { RequestHandler } from 'express';

/** For `OPTIONS` at the token and revocation endpoints, in front of oidc-provider. */
export function refuseForeignPreflight(appOrigin: string): RequestHandler {
  return (req, res, next) => {
    const origin = req.get('origin');
    if (origin === undefined || origin === appOrigin) return next();
    res.status(403).set('Vary', 'Origin').set('Cache-Control', 'no-store');
    res.json({ error: 'invalid_request', error_description: `origin ${origin} is not allowed, only ${appOrigin} is` });
  };
}
