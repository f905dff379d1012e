/**
 * The API's settings: what it takes from the shared environment (src/config, where every variable is read and
 * checked, API_CLOCK_TOLERANCE_SECONDS and API_REQUIRE_AT_JWT_TYP included), plus the API's own fixed limits. The
 * API never reads environment variables itself.
 */
import type { QuickstartEnvironment } from '../config/environment';

export interface JwksSettings {
  /** The issuer's JWKS, in Auth0's layout: `${issuer}.well-known/jwks.json`. */
  uri: string;
  /** A key set older than this is refreshed before it is used again. */
  maxAgeMs: number;
  /** At most one fetch per this interval for unknown kids (failed attempts count too). */
  cooldownMs: number;
  timeoutMs: number;
}

export interface ApiConfig {
  /** Exact expected `iss`, with its trailing slash. */
  issuer: string;
  /** This API's identifier: `aud` must contain it. */
  audience: string;
  /** The one origin CORS allows (the SPA). */
  appOrigin: string;
  port: number;
  /** Leeway for `exp` and `nbf`, in seconds (API_CLOCK_TOLERANCE_SECONDS). */
  clockToleranceSeconds: number;
  /** Require the RFC 9068 header `typ: at+jwt` (API_REQUIRE_AT_JWT_TYP). */
  requireAtJwtTyp: boolean;
  jwks: JwksSettings;
  /** How many verified tokens to remember until they expire; 0 turns the cache off. */
  verifiedTokenCacheSize: number;
  /** Longer bearer tokens are refused before any parsing. */
  maxTokenLength: number;
}

export const API_LIMITS = {
  jwksMaxAgeMs: 10 * 60_000,
  jwksCooldownMs: 10_000,
  jwksTimeoutMs: 5_000,
  verifiedTokenCacheSize: 10_000,
  maxTokenLength: 8_192,
} as const;

export function apiConfigFrom(env: QuickstartEnvironment): ApiConfig {
  return {
    issuer: env.issuer,
    audience: env.audience,
    appOrigin: env.appOrigin,
    port: env.apiPort,
    clockToleranceSeconds: env.apiClockToleranceSeconds,
    requireAtJwtTyp: env.apiRequireAtJwtTyp,
    jwks: {
      uri: `${env.issuer}.well-known/jwks.json`,
      maxAgeMs: API_LIMITS.jwksMaxAgeMs,
      cooldownMs: API_LIMITS.jwksCooldownMs,
      timeoutMs: API_LIMITS.jwksTimeoutMs,
    },
    verifiedTokenCacheSize: API_LIMITS.verifiedTokenCacheSize,
    maxTokenLength: API_LIMITS.maxTokenLength,
  };
}
