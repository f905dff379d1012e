import { LoginTransactions } from '../auth/login-transaction';
import { STORAGE_KEYS } from '../auth/session-store';

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

/** Stores a session the way authService does after a login; returns the access token. */
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
  const token = options.accessToken ?? fakeAccessToken(expiresAt, { jti: Math.random().toString(36).slice(2) });
  window.localStorage.setItem(STORAGE_KEYS.sessionId, options.sessionId ?? 'stored-session');
  window.localStorage.setItem(STORAGE_KEYS.accessToken, token);
  window.localStorage.setItem(STORAGE_KEYS.idToken, options.idToken ?? fakeIdToken());
  window.localStorage.setItem(STORAGE_KEYS.expiresAt, String(expiresAt));
  window.localStorage.setItem(STORAGE_KEYS.scopes, options.scopes ?? 'openid profile read:messages offline_access');
  if (options.refreshToken !== undefined) window.localStorage.setItem(STORAGE_KEYS.refreshToken, options.refreshToken);
  return token;
}

/** Everything the app keeps about sessions and logins: the session (localStorage) and this tab's logins. */
export function clearSession(): void {
  for (const key of Object.values(STORAGE_KEYS)) window.localStorage.removeItem(key);
  for (const key of Object.keys(window.sessionStorage)) window.sessionStorage.removeItem(key);
}

/** The logins this tab has under way (sessionStorage keys of login-transaction.ts). */
export function loginsUnderWay(): string[] {
  return Object.keys(window.sessionStorage).filter((key) => key.startsWith('login.'));
}

/** Where the login this tab started under `state` will come back to; undefined when there is none. */
export function returnToOfLogin(state: string | null | undefined): string | undefined {
  const taken = new LoginTransactions(() => window.sessionStorage).take(state ?? null);
  return taken && 'started' in taken ? taken.started.returnTo : undefined;
}

/** The access token stored now, whatever its state. */
export function storedAccessToken(): string | null {
  return window.localStorage.getItem(STORAGE_KEYS.accessToken);
}

/** The stored access token while it is valid, as the token getter would hand it out; null otherwise. */
export function storedAccessTokenIfValid(): string | null {
  const expiresAt = Number(window.localStorage.getItem(STORAGE_KEYS.expiresAt));
  return Date.now() < expiresAt ? storedAccessToken() : null;
}
