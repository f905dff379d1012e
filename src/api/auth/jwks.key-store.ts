/**
 * The issuer's signing keys, fetched from its JWKS and kept in memory.
 *
 * jose does the key work (`createLocalJWKSet` validates the set, picks the key by `kid` and `alg`, imports it once)
 * and src/config's bounded fetch does the request (time limit, size cap, no redirects). This store only decides
 * *when* to fetch, because jose's `createRemoteJWKSet` does not survive an outage the way the API must:
 * - keys are fetched lazily, so the API starts while the issuer is down and recovers by itself when it comes back;
 * - a set older than its max age is refreshed before it is used again, by a verification and by a remembered one
 *   alike, so a key the issuer has withdrawn stops working within the max age; when that refresh fails the set
 *   already held is kept, and tokens signed with its keys keep verifying through the outage;
 * - an unknown `kid` triggers a re-fetch (key rotation without a restart), but at most one fetch per cooldown,
 *   counting failed attempts too, so a flood of made-up kids never becomes a flood of requests to the issuer;
 * - when the issuer cannot be reached and the set held cannot settle the question (no set at all, or a kid it does
 *   not list), the token is not judged: KeysUnavailableError, which the API answers with 503 and Retry-After.
 * The JWKS address is fixed by configuration: `jku`, `x5u` and `jwk` header parameters are never looked at.
 */
import { createLocalJWKSet, errors, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import { fetchJson } from '../../config/bounded-fetch';
import type { LogLine } from '../errors/error-handler.middleware';

export interface JwksKeyStoreOptions {
  jwksUri: string;
  /** A set older than this is refreshed before it is used again (and kept if the refresh fails). */
  maxAgeMs: number;
  /** Minimum time between two fetches triggered by unknown kids or staleness. */
  cooldownMs: number;
  /** A fetch slower than this counts as failed. */
  timeoutMs: number;
  log: LogLine;
}

export interface JwksKeyStore {
  /** Resolves the verification key for a token header; throws a jose error, or KeysUnavailableError. */
  readonly getKey: JWTVerifyGetKey;
  /** Whether the set, refreshed first when it is stale (as for getKey), still publishes this kid. */
  stillPublishes(kid: string): Promise<boolean>;
  /** Fetches now unless a fetch is under way; never throws (failures are logged). */
  refresh(): Promise<void>;
}

/** The issuer did not answer, so whether it publishes the token's key is unknown. */
export class KeysUnavailableError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('no signing keys available from the issuer');
    this.name = 'KeysUnavailableError';
  }
}

// A JWKS is a few kilobytes; anything much larger is not one.
const MAX_JWKS_BYTES = 256 * 1024;

export function createJwksKeyStore(options: JwksKeyStoreOptions): JwksKeyStore {
  const jwksUrl = new URL(options.jwksUri);
  let keys: JWTVerifyGetKey | undefined;
  let kids = new Set<string>();
  let fetchedAt = Number.NEGATIVE_INFINITY;
  let attemptedAt = Number.NEGATIVE_INFINITY;
  let lastAttemptFailed = false;
  let pending: Promise<void> | undefined;

  const load = (): Promise<void> => {
    pending ??= (async () => {
      attemptedAt = Date.now();
      const answer = await fetchJson(jwksUrl, {
        fetch: (url, init) => fetch(url, init),
        timeoutMs: options.timeoutMs,
        maxBytes: MAX_JWKS_BYTES,
      });
      try {
        if (!answer.ok) throw new Error(answer.reason);
        const next = createLocalJWKSet(answer.json as JSONWebKeySet);
        const listed = next.jwks().keys.map((key) => key.kid);
        kids = new Set(listed.filter((kid): kid is string => typeof kid === 'string'));
        keys = next;
        fetchedAt = Date.now();
        lastAttemptFailed = false;
      } catch (error) {
        lastAttemptFailed = true;
        const reason = answer.ok ? `${jwksUrl.href} is not a JWK set` : (error as Error).message;
        options.log(`api: could not fetch signing keys: ${reason}`);
      } finally {
        pending = undefined;
      }
    })();
    return pending;
  };

  const mayFetch = () => Date.now() - attemptedAt >= options.cooldownMs;
  const unavailable = () =>
    new KeysUnavailableError(Math.max(1, Math.ceil((attemptedAt + options.cooldownMs - Date.now()) / 1000)));

  /** Fetches when there is no set or it is past its max age, as far as the cooldown allows. */
  const freshen = async (): Promise<void> => {
    if (keys && Date.now() - fetchedAt < options.maxAgeMs) return;
    if (pending || mayFetch()) await load();
  };

  const getKey: JWTVerifyGetKey = async (header, token) => {
    // Selection is by kid only: a token without one cannot name its key, and must not make us fetch.
    if (typeof header.kid !== 'string' || header.kid === '') throw new errors.JWKSNoMatchingKey();
    await freshen();
    if (!keys) throw unavailable();
    try {
      return await keys(header, token);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey)) throw error;
      // Perhaps a key the issuer has just rotated in: ask again, within the cooldown.
      if (pending || mayFetch()) await load();
      // The issuer did not answer (now, or at the last attempt): its current keys are unknown.
      if (lastAttemptFailed) throw unavailable();
      return keys(header, token);
    }
  };

  return {
    getKey,
    stillPublishes: async (kid) => {
      await freshen();
      return kids.has(kid);
    },
    refresh: () => load(),
  };
}
