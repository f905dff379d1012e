/**
 * The API's token check, on Auth0's own middleware (express-oauth2-jwt-bearer), as Auth0's API samples set it up: a
 * request passes only with an access token signed (RS256) by one of the issuer's keys (from its discovery document,
 * cached), issued by this issuer, for this API (an ID token fails: its audience is the client), and not expired; its
 * claims are then in `req.auth.payload`. A DPoP-bound token (RFC 9449) also needs a proof from its key for this request.
 *
 * What this file adds to the library's defaults, each for a reason:
 * - a token in the URL is refused first: URLs end up in logs (RFC 9700 4.3.2), and the library would accept
 *   `?access_token=`;
 * - two Authorization headers are refused: Node keeps only the first, so one token would be judged and one ignored;
 * - `typ: at+jwt` (RFC 9068) is required only on request, because Auth0 tenants send `typ: JWT`;
 * - Bearer tokens are refused only on request, as with the Auth0 API setting "Require Token Sender-Constraining".
 */
import type { Agent } from 'node:http';
import { Router, type RequestHandler } from 'express';
import { auth, InvalidRequestError, requiredScopes } from 'express-oauth2-jwt-bearer';

export interface AccessTokenSettings {
  /** The issuer, as its tokens' `iss` says it: `https://YOUR_DOMAIN/`. */
  issuer: string;
  /** This API's identifier (the audience): `aud` must contain it. */
  audience: string;
  /** Leeway for `exp` and `nbf`, in seconds. */
  clockToleranceSeconds: number;
  /** Require the header `typ: at+jwt`. */
  requireAtJwtTyp: boolean;
  /** Accept only DPoP-bound tokens with their proof, refusing `Bearer`. */
  requireSenderConstraining: boolean;
  /** How the issuer's keys are fetched and kept. */
  keySet: {
    /** Past this age the key set is fetched again before it is used. */
    maxAgeMs: number;
    /** A token with a `kid` the set lacks fetches it again, at most once per this interval. */
    cooldownMs: number;
    /** A fetch slower than this fails. */
    timeoutMs: number;
  };
}

const isAtJwt = (typ: unknown) => typeof typ === 'string' && /^(application\/)?at\+jwt$/i.test(typ);

const refuseTokenOutsideOneHeader: RequestHandler = (req, _res, next) => {
  if (Object.hasOwn(req.query, 'access_token')) {
    next(new InvalidRequestError('Access tokens are not accepted in the URL: send the Authorization header.'));
  } else if ((req.headersDistinct.authorization?.length ?? 0) > 1) {
    next(new InvalidRequestError('Send exactly one Authorization header.'));
  } else {
    next();
  }
};

/** Lets a request through only with a valid access token (`Bearer`, or `DPoP` with its proof); `agent` fetches keys. */
export function checkAccessToken(settings: AccessTokenSettings, agent?: Agent): RequestHandler {
  const verifyToken = auth({
    // The discovery document itself: given the issuer, the library would try this URL, then RFC 8414's, each with
    // its own timeout, so a silent issuer would hold a request twice as long.
    issuerBaseURL: `${settings.issuer}.well-known/openid-configuration`,
    audience: settings.audience,
    tokenSigningAlg: 'RS256',
    clockTolerance: settings.clockToleranceSeconds,
    cacheMaxAge: settings.keySet.maxAgeMs,
    cooldownDuration: settings.keySet.cooldownMs,
    timeoutDuration: settings.keySet.timeoutMs,
    agent,
    validators: settings.requireAtJwtTyp ? { typ: isAtJwt } : {},
    dpop: { enabled: true, required: settings.requireSenderConstraining },
  });
  return Router().use(refuseTokenOutsideOneHeader, verifyToken);
}

/** The scoped endpoint's rule: the token's `scope` must include `read:messages` (403 `insufficient_scope` if not). */
export const canReadMessages: RequestHandler = requiredScopes('read:messages');
