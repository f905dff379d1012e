/**
 * The API's settings, derived from the shared environment plus the few variables only the API reads.
 *
 * The shared loader has already checked the common variables (placeholders, URLs, ports, and that the issuer, where
 * the keys come from, is reached over https unless it is localhost). What is checked here is what only the resource
 * server reads: the token-check knobs must be sane. Problems are thrown together as a ConfigError, one line each.
 */
import { ConfigError, type QuickstartEnvironment } from '../config/environment';

export interface JwksSettings {
  /** The issuer's JWKS, in Auth0's layout: `${issuer}.well-known/jwks.json`. */
  uri: string;
  /** After this long the key set is refreshed in the background. */
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
  /** Leeway for `exp` and `nbf`, in seconds (API_CLOCK_TOLERANCE_SECONDS, default 5, at most 300). */
  clockToleranceSeconds: number;
  /** Require the RFC 9068 header `typ: at+jwt` (API_REQUIRE_AT_JWT_TYP, default false: Auth0 tenants send JWT). */
  requireAtJwtTyp: boolean;
  jwks: JwksSettings;
  /** How many verified tokens to remember until they expire; 0 turns the cache off. */
  verifiedTokenCacheSize: number;
  /** Longer bearer tokens are refused before any parsing. */
  maxTokenLength: number;
}

type Vars = Record<string, string | undefined>;

export const API_DEFAULTS = {
  clockToleranceSeconds: 5,
  maxClockToleranceSeconds: 300,
  jwksMaxAgeMs: 10 * 60_000,
  jwksCooldownMs: 10_000,
  jwksTimeoutMs: 5_000,
  verifiedTokenCacheSize: 10_000,
  maxTokenLength: 8_192,
} as const;

function readBoolean(vars: Vars, name: string, fallback: boolean, problems: string[]): boolean {
  const raw = vars[name]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  problems.push(`${name} must be true or false, got "${vars[name]}".`);
  return fallback;
}

function readTolerance(vars: Vars, problems: string[]): number {
  const name = 'API_CLOCK_TOLERANCE_SECONDS';
  const raw = vars[name]?.trim();
  if (!raw) return API_DEFAULTS.clockToleranceSeconds;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value > API_DEFAULTS.maxClockToleranceSeconds) {
    problems.push(`${name} must be a whole number of seconds from 0 to 300, got "${raw}".`);
    return API_DEFAULTS.clockToleranceSeconds;
  }
  return value;
}

export function apiConfigFrom(env: QuickstartEnvironment, vars: Vars = process.env): ApiConfig {
  const problems: string[] = [];
  if (!env.audience) problems.push("AUTH0_AUDIENCE is required: set it to your API's identifier.");
  const clockToleranceSeconds = readTolerance(vars, problems);
  const requireAtJwtTyp = readBoolean(vars, 'API_REQUIRE_AT_JWT_TYP', false, problems);
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    issuer: env.issuer,
    audience: env.audience,
    appOrigin: env.appOrigin,
    port: env.apiPort,
    clockToleranceSeconds,
    requireAtJwtTyp,
    jwks: {
      uri: `${env.issuer}.well-known/jwks.json`,
      maxAgeMs: API_DEFAULTS.jwksMaxAgeMs,
      cooldownMs: API_DEFAULTS.jwksCooldownMs,
      timeoutMs: API_DEFAULTS.jwksTimeoutMs,
    },
    verifiedTokenCacheSize: API_DEFAULTS.verifiedTokenCacheSize,
    maxTokenLength: API_DEFAULTS.maxTokenLength,
  };
}
