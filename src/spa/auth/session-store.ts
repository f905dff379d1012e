import { accessTokenKind } from './jwt-payload';
import { randomToken } from './pkce';

/** localStorage keys: the session, one JSON value (one `setItem`: no tab reads half of it), and the logout epoch. */
export const STORAGE_KEYS = { session: 'authSession', epoch: 'authSession.epoch' } as const;

/** What a login or a renewal hands over, in auth0-js's camelCase. */
export interface TokenSet {
  accessToken: string;
  idToken: string;
  /** Seconds the access token lasts from now. */
  expiresIn: number;
  /** The scopes granted, when the server says (absent: those asked for, RFC 6749 section 5.1). */
  scope?: string;
  refreshToken?: string;
  /** The DPoP key pair the tokens are bound to (dpop.ts), with `dpop: true`. */
  dpopKeyId?: string;
}

export interface StoredSession {
  /** Which login these tokens belong to: a new login, a new id; a renewal keeps it. */
  id: string;
  /** The epoch its login started in: a logout since then has ended it. */
  epoch: string;
  accessToken: string;
  idToken: string;
  /** Null in the implicit flow. */
  refreshToken: string | null;
  /** When the access token expires, in ms since 1970. */
  expiresAt: number;
  /** The scopes granted, space-separated. */
  scope: string;
  dpopKeyId: string | null;
}

/** What the store holds, as this tab last read it. `stale`: junk or an earlier epoch's session is stored. */
interface Snapshot {
  session: StoredSession | null;
  epoch: string;
  stale: boolean;
}

/**
 * The session in localStorage, shared by every tab, where the original tutorial keeps its tokens (Auth0's sample for it
 * has since moved them into memory): a reload keeps it.
 * Reads come from an in-memory snapshot, read again on the storage event for these keys and before every write;
 * storage that throws or holds junk reads as "no session".
 *
 * The invariant lives here: **state is written only by the session that still owns it.** A login stores a session
 * only if no logout happened since it began (`start`, given that epoch); a renewal writes only into its own session
 * (`renew`); an ending removes only its own (`end`). A logout starts a new epoch (`endEpoch`) under a key of its own,
 * which no session write can undo: an earlier epoch's session reads as none in every tab, however late it is written.
 */
export class SessionStore {
  #snapshot: Snapshot = { session: null, epoch: '', stale: false };

  /** `endedElsewhere`: a read found this tab's session removed by another tab (`true`: by a logout). */
  constructor(
    private readonly storage: () => Storage,
    private readonly endedElsewhere: (loggedOut: boolean) => void = () => undefined
  ) {
    this.reload();
  }

  /** Whether a storage event about `key` concerns the session (null: storage was cleared). */
  static watches(key: string | null): boolean {
    return key === null || key === STORAGE_KEYS.session || key === STORAGE_KEYS.epoch;
  }

  /** Reads storage again into the snapshot; returns the session it found (null for none). */
  reload(): StoredSession | null {
    const before = this.#snapshot;
    const epoch = this.freshEpoch();
    const raw = this.#read(STORAGE_KEYS.session);
    const session = raw === null ? null : parseSession(raw);
    const current = session?.epoch === epoch ? session : null;
    this.#snapshot = { session: current, epoch, stale: raw !== null && current === null };
    if (before.session && !current) this.endedElsewhere(before.epoch !== epoch);
    return current;
  }

  /** The stored session, valid or expired, as last read. */
  current(): StoredSession | null {
    return this.#snapshot.session;
  }

  /** True when junk or an earlier epoch's session is stored: `clear()` it. */
  stale(): boolean {
    return this.#snapshot.stale;
  }

  /** The current epoch, read now: a login remembers it, and may store its tokens only while it is still current. */
  freshEpoch(): string {
    return this.#read(STORAGE_KEYS.epoch) ?? '';
  }

  state(now = Date.now()): 'none' | 'valid' | 'expired' {
    const session = this.#snapshot.session;
    if (!session) return 'none';
    return now < session.expiresAt ? 'valid' : 'expired';
  }

  /** The access token while it is valid, otherwise null. */
  accessToken(): string | null {
    return this.state() === 'valid' ? (this.#snapshot.session?.accessToken ?? null) : null;
  }

  /** A login begun in `epoch` stores `tokens` (replacing any session) unless a logout came since; throws if refused. */
  start(
    tokens: TokenSet,
    requestedScope: string,
    epoch: string,
    now = Date.now()
  ): { replaced: StoredSession | null } | 'loggedOutMeanwhile' {
    const replaced = this.reload();
    if (this.#snapshot.epoch !== epoch) return 'loggedOutMeanwhile';
    const fresh = {
      id: randomToken(16),
      epoch,
      refreshToken: tokens.refreshToken ?? null,
      dpopKeyId: tokens.dpopKeyId ?? null,
    };
    this.#write({ ...fresh, ...sessionFields(tokens, requestedScope, now) });
    return { replaced };
  }

  /** A renewal of session `id` writes `tokens` only while `id` is stored; says whether it did. */
  renew(id: string, tokens: TokenSet, requestedScope: string, now = Date.now()): boolean {
    const stored = this.reload();
    if (stored?.id !== id) return false;
    const refreshToken = tokens.refreshToken ?? stored.refreshToken;
    this.#write({ ...stored, ...sessionFields(tokens, requestedScope, now), refreshToken });
    return true;
  }

  /** Removes session `id` if it is still the stored one; returns what was stored, or null when it was not. */
  end(id: string): StoredSession | null {
    const stored = this.reload();
    if (stored?.id !== id) return null;
    this.clear();
    return stored;
  }

  /** A logout: a new epoch ends every session begun before it, stored now or later; returns what was stored. */
  endEpoch(): StoredSession | null {
    const stored = this.reload();
    try {
      this.storage().setItem(STORAGE_KEYS.epoch, randomToken(8));
    } catch {
      // Storage that cannot be written holds no session either.
    }
    this.clear();
    return stored;
  }

  /** After a logout, under the lock: removes and returns an earlier epoch's session another tab wrote meanwhile. */
  sweep(): StoredSession | null {
    const raw = this.#read(STORAGE_KEYS.session);
    const found = raw === null ? null : parseSession(raw);
    this.reload();
    if (!this.#snapshot.stale) return null;
    this.clear();
    return found;
  }

  clear(): void {
    try {
      this.storage().removeItem(STORAGE_KEYS.session);
    } catch {
      // Storage that cannot be read holds nothing to clear.
    }
    this.#snapshot = { ...this.#snapshot, session: null, stale: false };
  }

  #write(session: StoredSession): void {
    try {
      this.storage().setItem(STORAGE_KEYS.session, JSON.stringify(session));
    } catch (error) {
      this.clear();
      throw error;
    }
    this.#snapshot = { ...this.#snapshot, session, stale: false };
  }

  /** A stored value, or null when it is missing, empty or storage cannot be read. */
  #read(key: string): string | null {
    try {
      return this.storage().getItem(key) || null;
    } catch {
      return null;
    }
  }
}

/** What a login and a renewal both write. */
function sessionFields(tokens: TokenSet, requestedScope: string, now: number) {
  return {
    accessToken: tokens.accessToken,
    idToken: tokens.idToken,
    expiresAt: now + tokens.expiresIn * 1000,
    scope: tokens.scope ?? requestedScope,
  };
}

/** A stored value this module wrote, or null for anything else (junk, another shape, an unreadable JWT). */
function parseSession(raw: string): StoredSession | null {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  const candidate = value as Partial<StoredSession> | null;
  const text = (field: unknown) => typeof field === 'string' && field !== '';
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    !text(candidate.id) ||
    typeof candidate.epoch !== 'string' ||
    !text(candidate.accessToken) ||
    !text(candidate.idToken) ||
    !(candidate.refreshToken === null || text(candidate.refreshToken)) ||
    typeof candidate.expiresAt !== 'number' ||
    !Number.isFinite(candidate.expiresAt) ||
    typeof candidate.scope !== 'string' ||
    !(candidate.dpopKeyId === undefined || candidate.dpopKeyId === null || text(candidate.dpopKeyId)) ||
    accessTokenKind(candidate.accessToken as string) === 'unreadable'
  ) {
    return null;
  }
  return { ...(candidate as StoredSession), dpopKeyId: candidate.dpopKeyId ?? null };
}
