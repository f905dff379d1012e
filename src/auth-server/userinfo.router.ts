/**
 * Auth0's /userinfo: it accepts the API access token (whose `aud` also names this endpoint when `openid` was
 * granted) and answers the demo user's claims for the granted scopes. oidc-provider's own endpoint refuses tokens
 * that carry a second audience, hence this handler in front of it. express-oauth2-jwt-bearer reads and verifies the
 * Bearer or DPoP token and words the RFC 6750 and RFC 9449 refusals; the server's own public key is all it needs, so
 * it fetches nothing.
 */
import { createPublicKey } from 'node:crypto';
import cors from 'cors';
import { Router, type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express';
import { auth, UnauthorizedError } from 'express-oauth2-jwt-bearer';
import type { JWK } from 'jose';
import type { AuthServerConfig } from './auth-server.config';
import { claimsForScopes, DEMO_ACCOUNT_ID, type DemoProfile } from './demo-account';
import { userinfoAudience } from './provider';
import { scopeList } from './scope-list';

/** The public half of the signing key, as the JWKS publishes it. */
function publicJwk(signingKey: JWK): JWK {
  return { ...createPublicKey({ key: { ...signingKey }, format: 'jwk' }).export({ format: 'jwk' }), alg: 'RS256' };
}

// RFC 9700 section 4.3.2: an access token in a URL ends up in logs and histories, so only the header is accepted.
const refuseTokenInQuery: RequestHandler = (req, res, next) => {
  if (!('access_token' in req.query)) return next();
  res.status(400).set('Cache-Control', 'no-store');
  res.json({ error: 'invalid_request', error_description: 'send the access token as Authorization: Bearer <token>' });
};

/** The library's refusals carry their status and WWW-Authenticate header; the body says the same in JSON. */
const answerRefusal: ErrorRequestHandler = (error: unknown, _req, res, next) => {
  if (!(error instanceof UnauthorizedError)) return next(error);
  const code = 'code' in error && typeof error.code === 'string' && error.code ? error.code : undefined;
  res.status(error.status).set(error.headers).set('Cache-Control', 'no-store');
  res.json({
    error: code ?? 'invalid_request',
    error_description: code ? error.message : 'send the access token as Authorization: Bearer <token>',
  });
};

export function userinfoRouter(config: AuthServerConfig, signingKey: JWK, profile: DemoProfile): Router {
  const router = Router();

  const verifyAccessToken = auth({
    issuer: config.issuer,
    audience: userinfoAudience(config),
    publicKey: publicJwk(signingKey),
    tokenSigningAlg: 'RS256',
    // RFC 9068: `typ: at+jwt` and the claims every JWT access token has, so an ID token never passes.
    strict: true,
    validators: { sub: DEMO_ACCOUNT_ID },
    // A Bearer token as before, and a DPoP-bound one (RFC 9449) only as `Authorization: DPoP` with a proof from its
    // key, as Auth0's DPoP guide calls Auth0's /userinfo; a bound token sent as Bearer is refused, so a copied one is
    // of no use here either.
    dpop: { enabled: true, required: false },
  });

  // The SPA calls /userinfo with an Authorization header (and auth0-js adds its telemetry header): a preflight.
  const corsForApp = cors({
    origin: [...config.allowedWebOrigins],
    methods: ['GET', 'POST'],
    allowedHeaders: ['Authorization', 'Content-Type', 'Auth0-Client', 'X-Request-Language', 'DPoP'],
    exposedHeaders: ['WWW-Authenticate'],
    maxAge: 600,
  });

  function answer(req: Request, res: Response) {
    const scopes = scopeList(req.auth?.payload.scope);
    res.set('Cache-Control', 'no-store').json(claimsForScopes(profile, scopes));
  }

  router.options('/', corsForApp);
  router.get('/', corsForApp, refuseTokenInQuery, verifyAccessToken, answer);
  router.post('/', corsForApp, refuseTokenInQuery, verifyAccessToken, answer);
  router.all('/', corsForApp, (_req, res) => {
    res.status(405).set('Allow', 'GET, POST, OPTIONS').json({ error: 'invalid_request', error_description: 'use GET' });
  });
  router.use(answerRefusal);
  return router;
}
