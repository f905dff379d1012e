/**
 * Auth0's /userinfo: it accepts the API access token (whose `aud` also names this endpoint when `openid` was
 * granted) and answers the demo user's claims for the granted scopes. oidc-provider's own endpoint refuses tokens
 * that carry a second audience, hence this handler in front of it.
 */
import cors from 'cors';
import { Router, type Request, type Response } from 'express';
import { importJWK, jwtVerify, type JWK } from 'jose';
import type { AuthServerConfig } from './auth-server.config';
import { claimsForScopes, DEMO_ACCOUNT_ID } from './demo-account';
import { userinfoAudience } from './provider';

const PUBLIC_RSA_MEMBERS = ['kty', 'n', 'e', 'kid', 'alg', 'use'] as const;

function publicPart(jwk: JWK): JWK {
  return Object.fromEntries(
    PUBLIC_RSA_MEMBERS.filter((name) => jwk[name] !== undefined).map((name) => [name, jwk[name]])
  );
}

/** RFC 6750 error answers; a request without any token gets a bare challenge. */
function refuse(res: Response, status: 400 | 401, error: string | undefined, description: string) {
  const challenge = error ? `Bearer error="${error}", error_description="${description}"` : 'Bearer';
  res.status(status).set('WWW-Authenticate', challenge).set('Cache-Control', 'no-store');
  res.json({ error: error ?? 'invalid_request', error_description: description });
}

export function userinfoRouter(config: AuthServerConfig, signingKey: JWK): Router {
  const router = Router();
  const keyPromise = importJWK(publicPart(signingKey), 'RS256');
  const audience = userinfoAudience(config);

  // The SPA calls /userinfo with an Authorization header (and auth0-js adds its telemetry header): a preflight.
  const corsForApp = cors({
    origin: config.appOrigin,
    methods: ['GET', 'POST'],
    allowedHeaders: ['Authorization', 'Content-Type', 'Auth0-Client', 'X-Request-Language'],
    exposedHeaders: ['WWW-Authenticate'],
    maxAge: 600,
  });

  async function answer(req: Request, res: Response) {
    const header = req.get('authorization');
    if (!header) return refuse(res, 401, undefined, 'no access token: send it as Authorization: Bearer <token>');
    const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i.exec(header);
    if (!match) return refuse(res, 400, 'invalid_request', 'the Authorization header must be "Bearer <token>"');
    let scopes: string[];
    try {
      const { payload } = await jwtVerify(match[1], await keyPromise, {
        issuer: config.issuer,
        audience,
        algorithms: ['RS256'],
        typ: 'at+jwt',
        requiredClaims: ['sub', 'exp'],
      });
      if (payload.sub !== DEMO_ACCOUNT_ID) throw new Error('unknown subject');
      scopes = typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
    } catch {
      return refuse(res, 401, 'invalid_token', 'the access token is invalid, expired or not meant for /userinfo');
    }
    res.set('Cache-Control', 'no-store').json(claimsForScopes(config.demoUser, scopes));
  }

  router.options('/', corsForApp);
  router.get('/', corsForApp, answer);
  router.post('/', corsForApp, answer);
  router.all('/', corsForApp, (_req, res) => {
    res.status(405).set('Allow', 'GET, POST, OPTIONS').json({ error: 'invalid_request', error_description: 'use GET' });
  });
  return router;
}
