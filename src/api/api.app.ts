/**
 * The API as an Express app, without `listen()`, so tests drive the real thing in-process. The token check is built
 * once. Security headers and CORS come first, so refusals carry them too (a browser reads a 401 only with CORS).
 */
import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import { canReadMessages, checkAccessToken } from './auth/access-token.middleware';
import { answerOutageWith503, IssuerFetches } from './auth/issuer-outage';
import type { ApiConfig } from './api.config';
import { NotFoundError } from './errors/api.errors';
import { errorHandler, type LogLine } from './errors/error-handler.middleware';
import { healthRouter } from './health/health.routes';
import { messagesRouter } from './messages/messages.routes';
import { corsForOrigin } from './security/cors.middleware';

export interface ApiDeps {
  /** Where one-line server-side messages go (default: stderr). */
  log?: LogLine;
}

// Answers depend on the caller's token: no shared cache may keep them.
const noStore: RequestHandler = (_req, res, next) => {
  res.set('Cache-Control', 'no-store');
  next();
};

export function createApp(config: ApiConfig, deps: ApiDeps = {}): Express {
  const log = deps.log ?? ((line: string) => console.error(line));
  const issuerFetches = new IssuerFetches(config.issuer, config.keySet.cooldownMs, log);

  const app = express();
  app.set('etag', false);
  // helmet's defaults, with a policy for a JSON API: it serves no documents, so nothing may load or frame it.
  app.use(
    helmet({
      contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
      frameguard: { action: 'deny' },
    })
  );
  app.use(corsForOrigin(config.appOrigin));
  app.use(noStore);
  app.use(healthRouter());
  app.use(
    '/api',
    messagesRouter({
      authenticated: answerOutageWith503(checkAccessToken(config, issuerFetches.agent), issuerFetches),
      canReadMessages,
    })
  );
  app.use((_req, _res, next) => next(new NotFoundError()));
  app.use(errorHandler(log));
  return app;
}
