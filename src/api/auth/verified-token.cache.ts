/**
 * Remembers tokens that passed every check, until they expire.
 *
 * A SPA sends the same access token with every call; re-checking an RSA signature each time is most of the cost of
 * a request. An entry is keyed by the exact token string, so any changed byte is a miss and goes through the full
 * verification. On a hit the caller still re-checks what can change with time (`exp`) and the key (still published).
 * Only verified tokens are stored, the number of entries is bounded, and the oldest entry goes first.
 */
import type { AccessTokenClaims } from './access-token.claims';

export interface VerifiedToken {
  claims: AccessTokenClaims;
  kid: string;
  /** The `exp` claim, in seconds since the epoch. */
  exp: number;
}

export class VerifiedTokenCache {
  private readonly entries = new Map<string, VerifiedToken>();

  constructor(private readonly maxEntries: number) {}

  get(token: string): VerifiedToken | undefined {
    return this.entries.get(token);
  }

  set(token: string, entry: VerifiedToken): void {
    if (this.maxEntries <= 0) return;
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(token, entry);
  }

  delete(token: string): void {
    this.entries.delete(token);
  }

  get size(): number {
    return this.entries.size;
  }
}
