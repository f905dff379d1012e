import { randomToken } from './pkce';

/** What this tab remembers about a login it started, until the authorization server sends the browser back. */
export interface LoginTransaction {
  state: string;
  nonce: string;
  returnTo: string;
  /** The PKCE code verifier (code flow only). */
  codeVerifier?: string;
  /** The session epoch when the login started (session-store.ts): a logout since then means its tokens are not kept. */
  epoch: string;
}

/** What a response's `state` finds: the login this tab started (once), the mark it left once used, or nothing. */
export type TakenLogin = { started: LoginTransaction } | { used: { returnTo: string } } | null;

/** sessionStorage keys: the module's prefix, then the login's `state`. */
const PREFIX = 'authSession.login.';

/** Logins older than this are forgotten: the authorization server's own login transaction lasts as long. */
const MAX_AGE_MS = 30 * 60_000;

interface Stored {
  startedAt?: number;
  /** Set once the response came back: then only `state` and `returnTo` are kept, no secret. */
  usedAt?: number;
  completedAt?: number;
}

/**
 * The logins this tab started, in sessionStorage (this tab only), keyed by `state`. The callback takes its login out
 * before anything else: a `state` this tab did not issue finds nothing, and a used one only the mark it left, so
 * neither a forged callback nor a replayed code gets further.
 */
export class LoginTransactions {
  constructor(private readonly storage: () => Storage) {}

  /** Starts a login: a fresh `state` and `nonce`, remembered with what the login must carry to its end. */
  begin(details: { returnTo: string; epoch: string; codeVerifier?: string }, now = Date.now()): LoginTransaction {
    const transaction: LoginTransaction = { state: randomToken(), nonce: randomToken(), ...details };
    this.storage().setItem(PREFIX + transaction.state, JSON.stringify({ ...transaction, startedAt: now }));
    return transaction;
  }

  /** The login for `state`, handed over once; afterwards only the mark that it was used. */
  take(state: string | null, now = Date.now()): TakenLogin {
    this.forgetExpired(now);
    if (!state) return null;
    try {
      const key = PREFIX + state;
      const stored: unknown = JSON.parse(this.storage().getItem(key) ?? 'null');
      if (!isTransaction(stored) || stored.state !== state) return null;
      if (stored.usedAt !== undefined) return { used: { returnTo: stored.returnTo } };
      const mark = { state, nonce: '', epoch: '', returnTo: stored.returnTo, startedAt: stored.startedAt, usedAt: now };
      this.storage().setItem(key, JSON.stringify(mark));
      const { nonce, returnTo, codeVerifier, epoch } = stored;
      return { started: { state, nonce, returnTo, epoch, ...(codeVerifier === undefined ? {} : { codeVerifier }) } };
    } catch {
      return null;
    }
  }

  /** Notes that the login for `state` completed, so a reload of the callback page has nothing to resume. */
  completed(state: string, now = Date.now()): void {
    this.update(state, (mark) => ({ ...mark, completedAt: now }));
  }

  /** Where the login whose response this tab took but never completed (a reload meanwhile) was going; once. */
  interrupted(now = Date.now()): { returnTo: string } | null {
    this.forgetExpired(now);
    try {
      const marks = Object.keys(this.storage())
        .filter((key) => key.startsWith(PREFIX))
        .map((key): unknown => JSON.parse(this.storage().getItem(key) ?? 'null'))
        .filter((mark) => isTransaction(mark) && mark.usedAt !== undefined)
        .filter((mark) => (mark as Stored).completedAt === undefined)
        .sort((a, b) => ((b as Stored).usedAt ?? 0) - ((a as Stored).usedAt ?? 0)) as LoginTransaction[];
      const latest = marks[0];
      if (!latest) return null;
      this.completed(latest.state, now);
      return { returnTo: latest.returnTo };
    } catch {
      return null;
    }
  }

  /** Drops every login this tab started (logout). */
  clear(): void {
    this.forgetExpired(Infinity);
  }

  private update(state: string, change: (mark: LoginTransaction & Stored) => LoginTransaction & Stored): void {
    try {
      const key = PREFIX + state;
      const stored: unknown = JSON.parse(this.storage().getItem(key) ?? 'null');
      if (isTransaction(stored)) this.storage().setItem(key, JSON.stringify(change(stored)));
    } catch {
      // Unreadable storage keeps no marks.
    }
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

function isTransaction(value: unknown): value is LoginTransaction & Stored {
  const candidate = value as Partial<LoginTransaction> | null;
  return (
    typeof candidate?.state === 'string' &&
    typeof candidate.nonce === 'string' &&
    typeof candidate.returnTo === 'string' &&
    typeof candidate.epoch === 'string' &&
    (candidate.codeVerifier === undefined || typeof candidate.codeVerifier === 'string')
  );
}
