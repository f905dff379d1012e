import { accessTokenKind, jwtPayload } from './jwt-payload';

/**
 * localStorage keys. `expires_at` is the access token's expiry in milliseconds since the epoch; `scopes` is what the
 * authorization server said it granted; `refresh_token` exists in the code flow only.
 */
export const STORAGE_KEYS = {
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

/**
 * What is stored: nothing, a usable session, an expired one (worth a renewal), or values this app did not write
 * (no readable expiry, or a JWT-shaped access token that cannot be read), which count as no session.
 */
export type StoredState = 'none' | 'valid' | 'expired' | 'corrupt';

/**
 * The session as it is kept in localStorage, shared by every tab of the app, as in the original quickstart: a
 * reload keeps it. It holds no AngularJS and no auth0-js, so the token getter can use it on its own. Every read
 * survives storage that throws (privacy settings) or holds junk: the answer is then "no session".
 */
export class SessionStore {
  constructor(private readonly storage: () => Storage) {}

  state(now = Date.now()): StoredState {
    const token = this.read(STORAGE_KEYS.accessToken);
    if (token === null) return 'none';
    const expiresAt = this.expiresAt();
    if (expiresAt === null || accessTokenKind(token) === 'unreadable') return 'corrupt';
    return now < expiresAt ? 'valid' : 'expired';
  }

  /** The access token while it is valid, otherwise null. */
  accessToken(): string | null {
    return this.state() === 'valid' ? this.read(STORAGE_KEYS.accessToken) : null;
  }

  /** The stored access token whatever its state: it identifies the session a renewal was started for. */
  storedAccessToken(): string | null {
    return this.read(STORAGE_KEYS.accessToken);
  }

  refreshToken(): string | null {
    return this.read(STORAGE_KEYS.refreshToken);
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

  /** Who is logged in, from the ID token auth0-js validated at login: a name, an email, or the subject. */
  userName(): string | null {
    const idToken = this.state() === 'valid' ? this.read(STORAGE_KEYS.idToken) : null;
    const claims = idToken ? jwtPayload(idToken) : null;
    const name = claims?.name ?? claims?.email ?? claims?.nickname ?? claims?.sub;
    return typeof name === 'string' && name ? name : null;
  }

  /**
   * Stores fresh tokens. A renewal that returns no new refresh token keeps the one stored. Throws when the browser
   * refuses to store (nothing half-written is left).
   */
  save(tokens: TokenSet, requestedScope: string, now = Date.now()): void {
    try {
      const storage = this.storage();
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

  clear(): void {
    try {
      for (const key of Object.values(STORAGE_KEYS)) this.storage().removeItem(key);
    } catch {
      // Storage that cannot be read holds nothing to clear.
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
