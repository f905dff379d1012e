import { STORAGE_KEYS } from '../auth/auth.service';

function base64url(value: unknown): string {
  return btoa(JSON.stringify(value)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A JWT-shaped access token (unsigned: the SPA never verifies it, it only passes it on). */
export function fakeAccessToken(expiresAtMs: number): string {
  return `${base64url({ alg: 'RS256', typ: 'at+jwt' })}.${base64url({ exp: Math.floor(expiresAtMs / 1000) })}.c2ln`;
}

/** Stores a session the way authService does after a login. */
export function storeSession(options: { expiresAt?: number; scopes?: string; accessToken?: string } = {}): string {
  const expiresAt = options.expiresAt ?? Date.now() + 3_600_000;
  const token = options.accessToken ?? fakeAccessToken(expiresAt);
  window.localStorage.setItem(STORAGE_KEYS.accessToken, token);
  window.localStorage.setItem(STORAGE_KEYS.idToken, 'id-token');
  window.localStorage.setItem(STORAGE_KEYS.expiresAt, JSON.stringify(expiresAt));
  window.localStorage.setItem(STORAGE_KEYS.scopes, options.scopes ?? 'openid profile read:messages');
  return token;
}

export function clearSession(): void {
  for (const key of Object.values(STORAGE_KEYS)) window.localStorage.removeItem(key);
}
