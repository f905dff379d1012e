import { accessTokenKind, jwtPayload } from './jwt-payload';
import { randomToken } from './pkce';

/**
 * localStorage keys. `session_id` names the login the tokens belong to (a new login, a new id; a renewal keeps it);
 * `expires_at` is the access token's expiry in milliseconds since the epoch; `scopes` is what the authorization server
 * said it granted; `refresh_token` exists in the code flow only.
 */
export const STORAGE_KEYS = {
  sessionId: 'session_id',
  accessToken: 'access_token',
  idToken: 'id_token',
  expiresAt: 'expires_at',
  scopes: 'scopes',
  refreshToken: 'refresh_token',
} as const;

/** What a login or a renewal hands over, in auth0-js's camelCase. */
export interface TokenSet {
  accessToken: string;
  idToken: string;
  /** Seconds the access token lasts from now. */
  expiresIn: number;
  /** The scopes granted, when the server said (OAuth 2.0 section 5.1: absent means what was asked). */
  scope?: string;
  refreshToken?: string;
}

/** A stored session as it is, valid or not. */
export interface StoredSession {
  id: string;
  accessToken: string;
  idToken: string | null;
  refreshToken: string | null;
}

/**
 * What is stored: nothing, a usable session, an expired one (worth a renewal), or values this app did not write
 * (no session id, no readable expiry, or a JWT-shaped access token that cannot be read), which count as no session.
 */
export type StoredState = 'none' | 'valid' | 'expired' | 'corrupt';

/**
 * The session as it is kept in localStorage, shared by every tab of the app, as in the original quickstart: a reload
 * keeps it. Every read survives storage that throws (privacy settings) or holds junk: the answer is then "no session".
 *
 * Its one rule, the session's invariant: **tokens are written only for the session that is still the stored one.**
 * A login starts a new session (and says which one it replaced, so its refresh token can be revoked); a renewal
 * writes only into the session it was started for (`renew`), and an ending removes only the session it ends (`end`).
 * A renewal answer that lands after a logout, here or in another tab, or after another login, so finds another
 * session (or none) and writes nothing. authService runs these writes one tab at a time (a Web Lock), so no other
 * tab writes between the check and the write.
 */
export class SessionStore {
  constructor(private readonly storage: () => Storage) {}

  state(now = Date.now()): StoredState {
    const token = this.read(STORAGE_KEYS.accessToken);
    if (token === null) return 'none';
    const expiresAt = this.expiresAt();
    if (this.id() === null || expiresAt === null || accessTokenKind(token) === 'unreadable') return 'corrupt';
    return now < expiresAt ? 'valid' : 'expired';
  }

  /** The stored session whatever its state, or null when there is none this app wrote. */
  current(): StoredSession | null {
    const id = this.id();
    const accessToken = this.read(STORAGE_KEYS.accessToken);
    if (id === null || accessToken === null) return null;
    return {
      id,
      accessToken,
      idToken: this.read(STORAGE_KEYS.idToken),
      refreshToken: this.read(STORAGE_KEYS.refreshToken),
    };
  }

  id(): string | null {
    return this.read(STORAGE_KEYS.sessionId);
  }

  /** The access token while it is valid, otherwise null. */
  accessToken(): string | null {
    return this.state() === 'valid' ? this.read(STORAGE_KEYS.accessToken) : null;
  }

  /** When the access token expires (ms since the epoch), or null when there is no usable value. */
  expiresAt(): number | null {
    const value = Number(this.read(STORAGE_KEYS.expiresAt) ?? NaN);
    return Number.isFinite(value) ? value : null;
  }

  /** The granted scopes, as the server reported them; empty without a valid session. */
  scopes(): string[] {
    if (this.state() !== 'valid') return [];
    return (this.read(STORAGE_KEYS.scopes) ?? '').split(' ').filter(Boolean);
  }

  /** The ID token's claims (checked by auth0-js before they were stored), while the session is valid. */
  idClaims(): Record<string, unknown> | null {
    const idToken = this.state() === 'valid' ? this.read(STORAGE_KEYS.idToken) : null;
    return idToken ? jwtPayload(idToken) : null;
  }

  /**
   * A new login: stores `tokens` as a new session, replacing whatever was stored, and returns the new session's id
   * with the session it replaced. Throws when the browser refuses to store (nothing half-written is left).
   */
  start(tokens: TokenSet, requestedScope: string, now = Date.now()): { id: string; replaced: StoredSession | null } {
    const replaced = this.current();
    const id = randomToken(16);
    this.clear();
    this.write(id, tokens, requestedScope, now);
    return { id, replaced };
  }

  /**
   * A renewal of session `id`: writes `tokens` only while `id` is still the stored session, and says whether it did.
   * A renewal that returns no new refresh token keeps the one stored.
   */
  renew(id: string, tokens: TokenSet, requestedScope: string, now = Date.now()): boolean {
    if (this.id() !== id) return false;
    this.write(id, tokens, requestedScope, now);
    return true;
  }

  /** Removes session `id` if it is still the stored one; returns what was stored, or null when it was not. */
  end(id: string): StoredSession | null {
    const stored = this.current();
    if (stored?.id !== id) return null;
    this.clear();
    return stored;
  }

  /** Removes whatever is stored: for values this app did not write. */
  clear(): void {
    try {
      for (const key of Object.values(STORAGE_KEYS)) this.storage().removeItem(key);
    } catch {
      // Storage that cannot be read holds nothing to clear.
    }
  }

  private write(id: string, tokens: TokenSet, requestedScope: string, now: number): void {
    try {
      const storage = this.storage();
      storage.setItem(STORAGE_KEYS.sessionId, id);
      storage.setItem(STORAGE_KEYS.accessToken, tokens.accessToken);
      storage.setItem(STORAGE_KEYS.idToken, tokens.idToken);
      storage.setItem(STORAGE_KEYS.expiresAt, String(now + tokens.expiresIn * 1000));
      storage.setItem(STORAGE_KEYS.scopes, tokens.scope ?? requestedScope);
      if (tokens.refreshToken) storage.setItem(STORAGE_KEYS.refreshToken, tokens.refreshToken);
    } catch (error) {
      this.clear();
      throw error;
    }
  }

  /** A stored value, or null when it is missing, empty or storage cannot be read. */
  private read(key: string): string | null {
    try {
      return this.storage().getItem(key) || null;
    } catch {
      return null;
    }
  }
}
