import { randomToken } from './pkce';

/** What this tab remembers about a login it started, until the authorization server sends the browser back. */
export interface LoginTransaction {
  state: string;
  nonce: string;
  /** The app path to return to after the login. */
  returnTo: string;
  /** The PKCE code verifier (code flow only). */
  codeVerifier?: string;
}

const PREFIX = 'login.';

/** Logins older than this are forgotten: the authorization server's own login transaction lasts as long. */
const MAX_AGE_MS = 30 * 60_000;

/**
 * The logins this tab started, in sessionStorage (this tab only, gone when it closes), keyed by `state`. The
 * callback takes its transaction out before doing anything else: a response whose `state` this tab did not issue,
 * or one used already, finds nothing and is refused, so neither a forged callback nor a replayed code gets further.
 */
export class LoginTransactions {
  constructor(private readonly storage: () => Storage) {}

  /** Starts a login: a fresh `state` and `nonce`, remembered with what the login must carry to its end. */
  begin(details: { returnTo: string; codeVerifier?: string }, now = Date.now()): LoginTransaction {
    const transaction: LoginTransaction = { state: randomToken(), nonce: randomToken(), ...details };
    this.storage().setItem(PREFIX + transaction.state, JSON.stringify({ ...transaction, startedAt: now }));
    return transaction;
  }

  /** The transaction for `state`, removed as it is read (a second read finds nothing); null when unknown or old. */
  take(state: string | null, now = Date.now()): LoginTransaction | null {
    this.forgetExpired(now);
    if (!state) return null;
    try {
      const key = PREFIX + state;
      const raw = this.storage().getItem(key);
      this.storage().removeItem(key);
      const stored: unknown = raw === null ? null : JSON.parse(raw);
      return isTransaction(stored) && stored.state === state ? stored : null;
    } catch {
      return null;
    }
  }

  /** Drops every login this tab started (logout). */
  clear(): void {
    this.forgetExpired(Infinity);
  }

  private forgetExpired(now: number): void {
    try {
      const storage = this.storage();
      for (const key of Object.keys(storage).filter((name) => name.startsWith(PREFIX))) {
        if (!(now - startedAt(storage.getItem(key)) < MAX_AGE_MS)) storage.removeItem(key);
      }
    } catch {
      // Unreadable storage holds no login to forget.
    }
  }
}

/** When a stored login began; NaN for junk, which is then forgotten. */
function startedAt(raw: string | null): number {
  try {
    return Number((JSON.parse(raw ?? 'null') as { startedAt?: unknown } | null)?.startedAt);
  } catch {
    return NaN;
  }
}

function isTransaction(value: unknown): value is LoginTransaction {
  const candidate = value as Partial<LoginTransaction> | null;
  return (
    typeof candidate?.state === 'string' &&
    typeof candidate.nonce === 'string' &&
    typeof candidate.returnTo === 'string' &&
    (candidate.codeVerifier === undefined || typeof candidate.codeVerifier === 'string')
  );
}
