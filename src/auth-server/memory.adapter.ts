/**
 * In-memory storage for oidc-provider's sessions, interactions and grants. The server is a development tool, so
 * losing sessions on restart is fine; writing our own (rather than using the built-in one) keeps each server
 * instance's data apart, which in-process tests rely on, and avoids oidc-provider's start-up warning.
 */
import type { Adapter, AdapterFactory, AdapterPayload } from 'oidc-provider';

interface Entry {
  payload: AdapterPayload;
  /** Milliseconds since the epoch; Infinity when the model has no expiry. */
  expiresAt: number;
}

/** Creates a storage shared by every model of one provider instance. */
export function createMemoryAdapter(now: () => number = Date.now): AdapterFactory {
  const entries = new Map<string, Entry>();
  const keysByGrant = new Map<string, Set<string>>();
  const keysBySessionUid = new Map<string, string>();
  const keysByUserCode = new Map<string, string>();

  function read(key: string | undefined): AdapterPayload | undefined {
    if (key === undefined) return undefined;
    const entry = entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= now()) {
      remove(key);
      return undefined;
    }
    return entry.payload;
  }

  function remove(key: string): void {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    const { grantId, uid, userCode } = entry.payload;
    if (grantId) keysByGrant.get(grantId)?.delete(key);
    if (uid && keysBySessionUid.get(uid) === key) keysBySessionUid.delete(uid);
    if (userCode && keysByUserCode.get(userCode) === key) keysByUserCode.delete(userCode);
  }

  // Expired entries are dropped when read; this sweep bounds memory for entries nobody reads again.
  let lastSweep = now();
  function sweep(): void {
    if (now() - lastSweep < 60_000) return;
    lastSweep = now();
    for (const [key, entry] of entries) if (entry.expiresAt <= lastSweep) remove(key);
    for (const [grantId, keys] of keysByGrant) if (keys.size === 0) keysByGrant.delete(grantId);
  }

  return (model: string): Adapter => {
    const keyFor = (id: string) => `${model}:${id}`;
    return {
      async upsert(id, payload, expiresIn) {
        sweep();
        const key = keyFor(id);
        remove(key);
        entries.set(key, {
          payload,
          expiresAt: typeof expiresIn === 'number' ? now() + expiresIn * 1000 : Infinity,
        });
        if (payload.grantId) {
          const keys = keysByGrant.get(payload.grantId) ?? new Set<string>();
          keysByGrant.set(payload.grantId, keys.add(key));
        }
        if (model === 'Session' && payload.uid) keysBySessionUid.set(payload.uid, key);
        if (payload.userCode) keysByUserCode.set(payload.userCode, key);
      },
      async find(id) {
        return read(keyFor(id));
      },
      async findByUid(uid) {
        return read(keysBySessionUid.get(uid));
      },
      async findByUserCode(userCode) {
        return read(keysByUserCode.get(userCode));
      },
      async consume(id) {
        const payload = read(keyFor(id));
        if (payload) payload.consumed = Math.floor(now() / 1000);
      },
      async destroy(id) {
        remove(keyFor(id));
      },
      async revokeByGrantId(grantId) {
        for (const key of keysByGrant.get(grantId) ?? []) remove(key);
        keysByGrant.delete(grantId);
      },
    };
  };
}
