/**
 * The reference for `npm run bench:api`: the API the way Auth0's current samples write it (the Angular sample's
 * api-server.js, the Express API quickstart), which is what a developer would pick instead of this project's API.
 *
 * express 5, helmet's defaults, CORS for the app's origin, and express-oauth2-jwt-bearer's `auth()` (Auth0's own
 * library: discovery from the issuer, JWKS fetched and cached, RS256, issuer, audience and expiry checked on every
 * request) with `requiredScopes` on the scoped route. Its errors go to Express's default handler, which sends the
 * library's status and WWW-Authenticate header, as in the samples. The samples' request logger (morgan) is left out:
 * this project's API does not log each request either, and the benchmark compares token checks, not logging.
 */
import cors from 'cors';
import express, { type Express } from 'express';
import { auth, requiredScopes } from 'express-oauth2-jwt-bearer';
import helmet from 'helmet';

export interface ReferenceApiOptions {
  /** The API's identifier, as in the Auth0 dashboard. */
  audience: string;
  /** The issuer's base URL: the library reads `.well-known/openid-configuration` there. */
  issuerBaseURL: string;
  /** The SPA's origin, the one CORS allows. */
  appOrigin: string;
}

export function createReferenceApi({ audience, issuerBaseURL, appOrigin }: ReferenceApiOptions): Express {
  const app = express();
  app.use(helmet());
  app.use(cors({ origin: appOrigin }));

  const checkJwt = auth({ audience, issuerBaseURL });

  app.get('/api/public', (_req, res) => {
    res.json({ message: 'Hello from a public endpoint! You do not need to be authenticated to see this.' });
  });
  app.get('/api/private', checkJwt, (_req, res) => {
    res.json({ message: 'Hello from a private endpoint! You need to be authenticated to see this.' });
  });
  app.get('/api/private-scoped', checkJwt, requiredScopes('read:messages'), (_req, res) => {
    res.json({
      message:
        'Hello from a private endpoint! You need to be authenticated and have a scope of read:messages to see this.',
    });
  });
  return app;
}
