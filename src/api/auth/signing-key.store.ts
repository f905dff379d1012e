/**
 * The issuer's signing keys, fetched from its JWKS and kept in memory.
 *
 * jose does the key work (`createLocalJWKSet` validates the set, picks the key by `kid` and `alg`, imports it once).
 * This store only decides *when* to fetch, because jose's `createRemoteJWKSet` does not survive an outage the way the
 * API must:
 * - keys are fetched lazily, so the API starts while the issuer is down and recovers when it comes back;
 * - a stale set is refreshed in the background, and kept when the refresh fails (tokens signed with a key we already
 *   hold keep verifying while the JWKS endpoint is down);
 * - an unknown `kid` triggers a re-fetch (key rotation without a restart), but at most one fetch per cooldown,
 *   counting failed attempts too, so a flood of made-up kids never becomes a flood of requests to the issuer.
 * The JWKS address is fixed by configuration: `jku`, `x5u` and `jwk` header parameters are never looked at.
 */
import { createLocalJWKSet, errors, type JWTVerifyGetKey } from 'jose';
import type { LogLine } from '../errors/error-handler.middleware';

export interface SigningKeyStoreOptions {
  jwksUri: string;
  /** After this long a set is refreshed in the background (still used meanwhile). */
  maxAgeMs: number;
  /** Minimum time between two fetches triggered by unknown kids or staleness. */
  cooldownMs: number;
  /** A fetch slower than this counts as failed. */
  timeoutMs: number;
  log: LogLine;
}

export interface SigningKeyStore {
  /** Resolves the verification key for a token header; throws a jose error when there is none. */
  readonly getKey: JWTVerifyGetKey;
  /** Whether the set we hold still publishes this kid (a cached verification must not outlive its key). */
  publishes(kid: string): boolean;
  /** Fetches now unless a fetch is under way; never throws (failures are logged). */
  refresh(): Promise<void>;
}

/** No key could be obtained at all: the issuer has not answered since start-up. */
export class SigningKeysUnavailable extends errors.JOSEError {
  override code = 'ERR_SIGNING_KEYS_UNAVAILABLE';
}

// A JWKS is a few kilobytes; anything much larger is not one.
const MAX_JWKS_BYTES = 256 * 1024;

async function fetchKeySet(uri: string, timeoutMs: number): Promise<unknown> {
  const response = await fetch(uri, {
    headers: { accept: 'application/json, application/jwk-set+json' },
    redirect: 'manual',
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (response.status !== 200) {
    await response.body?.cancel();
    throw new Error(`status ${response.status}`);
  }
  const text = await response.text();
  if (text.length > MAX_JWKS_BYTES) throw new Error('the response is too large to be a key set');
  return JSON.parse(text);
}

function reasonOf(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return 'no answer in time';
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return error instanceof Error ? `${error.message}${cause}` : String(error);
}

export function createSigningKeyStore(options: SigningKeyStoreOptions): SigningKeyStore {
  let keys: JWTVerifyGetKey | undefined;
  let kids = new Set<string>();
  let fetchedAt = Number.NEGATIVE_INFINITY;
  let attemptedAt = Number.NEGATIVE_INFINITY;
  let pending: Promise<void> | undefined;

  const load = (): Promise<void> => {
    pending ??= (async () => {
      attemptedAt = Date.now();
      try {
        const set = await fetchKeySet(options.jwksUri, options.timeoutMs);
        const next = createLocalJWKSet(set as Parameters<typeof createLocalJWKSet>[0]);
        keys = next;
        kids = new Set(
          next
            .jwks()
            .keys.map((key) => key.kid)
            .filter((kid): kid is string => typeof kid === 'string')
        );
        fetchedAt = Date.now();
      } catch (error) {
        options.log(`api: could not fetch signing keys from ${options.jwksUri}: ${reasonOf(error)}`);
      } finally {
        pending = undefined;
      }
    })();
    return pending;
  };

  const mayFetch = () => Date.now() - attemptedAt >= options.cooldownMs;

  const getKey: JWTVerifyGetKey = async (header, token) => {
    // Selection is by kid only: a token without one cannot name its key, and must not make us fetch.
    if (typeof header.kid !== 'string' || header.kid === '') throw new errors.JWKSNoMatchingKey();
    if (!keys) {
      if (pending || mayFetch()) await load();
      if (!keys) throw new SigningKeysUnavailable('no signing keys available');
    } else if (Date.now() - fetchedAt >= options.maxAgeMs && !pending && mayFetch()) {
      void load();
    }
    try {
      return await keys(header, token);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey) || !(pending || mayFetch())) throw error;
      await load();
      return keys(header, token);
    }
  };

  return {
    getKey,
    publishes: (kid) => kids.has(kid),
    refresh: () => load(),
  };
}
