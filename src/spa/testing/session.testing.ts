import { LoginTransactions, type LoginTransaction } from '../auth/login-transaction';
export { SENTENCES } from '../auth/session-errors';
import { STORAGE_KEYS, type StoredSession } from '../auth/session-store';

function base64url(value: unknown): string {
  const bytes = new TextEncoder().encode(JSON.stringify(value));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/** A JWT-shaped access token (unsigned: the SPA never verifies it, it only passes it on). */
export function fakeAccessToken(expiresAtMs: number, claims: Record<string, unknown> = {}): string {
  const payload = { exp: Math.floor(expiresAtMs / 1000), ...claims };
  return `${base64url({ alg: 'RS256', typ: 'at+jwt' })}.${base64url(payload)}.c2ln`;
}

/** An ID token with these claims, as auth0-js validated it at login (unsigned here). */
export function fakeIdToken(claims: Record<string, unknown> = { sub: 'auth0|demo' }): string {
  return `${base64url({ alg: 'RS256', typ: 'JWT' })}.${base64url(claims)}.c2ln`;
}

/** A token shaped like a JWT whose payload is not valid UTF-8 (the byte 0xff): no server writes one. */
export function unreadableJwt(): string {
  return `${base64url({ alg: 'RS256' })}.${btoa('{"exp":9999999999,"a":"\xff"}').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}.c2ln`;
}

/** The session as the module stores it (session-store.ts), read back; null when there is none. */
export function storedSession(): StoredSession | null {
  return JSON.parse(window.localStorage.getItem(STORAGE_KEYS.session) ?? 'null') as StoredSession | null;
}

/** Stores a session the way the module does after a login, in the current epoch; returns the access token. */
export function storeSession(
  options: {
    expiresAt?: number;
    scopes?: string;
    accessToken?: string;
    idToken?: string;
    refreshToken?: string;
    sessionId?: string;
  } = {}
): string {
  const expiresAt = options.expiresAt ?? Date.now() + 3_600_000;
  const accessToken = options.accessToken ?? fakeAccessToken(expiresAt, { jti: Math.random().toString(36).slice(2) });
  const session: StoredSession = {
    id: options.sessionId ?? 'stored-session',
    epoch: window.localStorage.getItem(STORAGE_KEYS.epoch) ?? '',
    accessToken,
    idToken: options.idToken ?? fakeIdToken(),
    refreshToken: options.refreshToken ?? null,
    expiresAt,
    scope: options.scopes ?? 'openid profile read:messages offline_access',
    dpopKeyId: null,
  };
  window.localStorage.setItem(STORAGE_KEYS.session, JSON.stringify(session));
  return accessToken;
}

/** Everything the module keeps (its prefix, in localStorage and sessionStorage). */
export function clearSession(): void {
  for (const storage of [window.localStorage, window.sessionStorage]) {
    for (const key of Object.keys(storage).filter((name) => name.startsWith('authSession'))) storage.removeItem(key);
  }
}

/** The logins this tab has under way (sessionStorage keys of login-transaction.ts). */
export function loginsUnderWay(): string[] {
  return Object.keys(window.sessionStorage).filter((key) => key.startsWith('authSession.login.'));
}

/** A login this tab started (as `authSession.login()` records it), in the current epoch. */
export function beginLogin(details: { returnTo: string; codeVerifier?: string }): LoginTransaction {
  const epoch = window.localStorage.getItem(STORAGE_KEYS.epoch) ?? '';
  return new LoginTransactions(() => window.sessionStorage).begin({ ...details, epoch });
}

/** Takes the login for `state` as a callback does (its response then counts as used); see login-transaction.ts. */
export function takeLogin(state: string): void {
  new LoginTransactions(() => window.sessionStorage).take(state);
}

/** The login this tab left unfinished, once (see LoginTransactions.interrupted). */
export function interruptedLogin(): { returnTo: string } | null {
  return new LoginTransactions(() => window.sessionStorage).interrupted();
}

/** Where the login this tab started under `state` will come back to; undefined when there is none. */
export function returnToOfLogin(state: string | null | undefined): string | undefined {
  const taken = new LoginTransactions(() => window.sessionStorage).take(state ?? null);
  return taken && 'started' in taken ? taken.started.returnTo : undefined;
}

/** The access token stored now, whatever its state. */
export function storedAccessToken(): string | null {
  return storedSession()?.accessToken ?? null;
}

/** The stored access token while it is valid, as the token getter would hand it out; null otherwise. */
export function storedAccessTokenIfValid(): string | null {
  const session = storedSession();
  return session && Date.now() < session.expiresAt ? session.accessToken : null;
}
