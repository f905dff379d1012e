/**
 * CORS for exactly one origin, the SPA's. A list (rather than a plain string) makes the `cors` package compare the
 * request's Origin and omit `Access-Control-Allow-Origin` for any other origin, instead of always sending ours.
 * The SPA only sends GETs with an `Authorization` header, and with DPoP a `DPoP` proof header; it may read
 * `WWW-Authenticate` to explain a refusal and `Retry-After` to say when the API can check tokens again (neither is
 * readable cross-origin unless exposed). The API issues no DPoP nonces, so there is no `DPoP-Nonce` to expose.
 */
import cors from 'cors';
import type { RequestHandler } from 'express';

export function corsForOrigin(appOrigin: string): RequestHandler {
  return cors({
    origin: [appOrigin],
    methods: ['GET'],
    allowedHeaders: ['Authorization', 'DPoP'],
    exposedHeaders: ['WWW-Authenticate', 'Retry-After'],
    maxAge: 600,
  });
}
