/**
 * The API's settings: what it takes from the shared environment (src/config, where every variable is read and
 * checked, API_CLOCK_TOLERANCE_SECONDS, API_REQUIRE_AT_JWT_TYP and API_REQUIRE_TOKEN_SENDER_CONSTRAINING included),
 * plus the API's own fixed limits. The API never reads environment variables itself.
 */
import type { QuickstartEnvironment } from '../config/environment';
import type { AccessTokenSettings } from './auth/access-token.middleware';

export interface ApiConfig extends AccessTokenSettings {
  /** The one origin CORS allows (the SPA). */
  appOrigin: string;
  port: number;
}

export const KEY_SET_LIMITS = {
  maxAgeMs: 10 * 60_000,
  cooldownMs: 10_000,
  timeoutMs: 5_000,
} as const;

export function apiConfigFrom(env: QuickstartEnvironment): ApiConfig {
  return {
    issuer: env.issuer,
    audience: env.audience,
    appOrigin: env.appOrigin,
    port: env.apiPort,
    clockToleranceSeconds: env.apiClockToleranceSeconds,
    requireAtJwtTyp: env.apiRequireAtJwtTyp,
    requireSenderConstraining: env.apiRequireTokenSenderConstraining,
    keySet: { ...KEY_SET_LIMITS },
  };
}
