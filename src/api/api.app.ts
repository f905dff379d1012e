/**
 * The API as an Express app, without `listen()`, so tests drive the real thing in-process.
 *
 * Everything that costs something to build (the key store, the verifier and its cache, the middleware) is built
 * here once, never per request. Order matters: security headers and CORS come first so that refusals carry them
 * too (a browser can only read a 401 that has CORS headers), and the error handler comes last.
 */
import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import { createAccessTokenVerifier } from './auth/access-token.verifier';
import { requireAccessToken } from './auth/bearer.middleware';
import { requireScopes } from './auth/require-scope.middleware';
import { createJwksKeyStore, type JwksKeyStore } from './auth/jwks.key-store';
import type { ApiConfig } from './api.config';
import { NotFoundError } from './errors/api.errors';
import { errorHandler, type LogLine } from './errors/error-handler.middleware';
import { healthRouter } from './health/health.routes';
import { messagesRouter } from './messages/messages.routes';
import { corsForOrigin } from './security/cors.middleware';

export interface ApiDeps {
  /** Where one-line server-side messages go (default: stderr). */
  log?: LogLine;
  /** The issuer's keys; built from the configuration when absent. */
  keys?: JwksKeyStore;
}

export function keyStoreFor(config: ApiConfig, log: LogLine): JwksKeyStore {
  return createJwksKeyStore({
    jwksUri: config.jwks.uri,
    maxAgeMs: config.jwks.maxAgeMs,
    cooldownMs: config.jwks.cooldownMs,
    timeoutMs: config.jwks.timeoutMs,
    log,
  });
}

// Answers depend on the caller's token: no shared cache may keep them.
const noStore: RequestHandler = (_req, res, next) => {
  res.set('Cache-Control', 'no-store');
  next();
};

export function createApp(config: ApiConfig, deps: ApiDeps = {}): Express {
  const log = deps.log ?? ((line: string) => console.error(line));
  const keys = deps.keys ?? keyStoreFor(config, log);
  const verifier = createAccessTokenVerifier({
    issuer: config.issuer,
    audience: config.audience,
    clockToleranceSeconds: config.clockToleranceSeconds,
    requireAtJwtTyp: config.requireAtJwtTyp,
    cacheSize: config.verifiedTokenCacheSize,
    keys,
  });

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
      authenticated: requireAccessToken(verifier, config.maxTokenLength),
      canReadMessages: requireScopes({ allOf: ['read:messages'] }),
    })
  );
  app.use((_req, _res, next) => next(new NotFoundError()));
  app.use(errorHandler(log));
  return app;
}
