import type { IRequestConfig } from 'angular';
import { jwtPayload } from '../auth/jwt-payload';

/** One claim of the access token the API checked, with what the API does with it. */
export interface CheckedClaim {
  name: 'iss' | 'aud' | 'scope' | 'exp';
  value: string;
  meaning: string;
}

/** A request as it left the browser: what the ping page shows under its answer. */
export interface SentRequest {
  method: string;
  url: string;
  /** The Authorization header with the token shortened, or null when none was sent. */
  authorization: string | null;
  /** The access token's claims the API checks; empty when no token (or no readable JWT) was sent. */
  claims: CheckedClaim[];
}

const MEANINGS: Record<CheckedClaim['name'], string> = {
  iss: 'Who issued the token: the API accepts tokens from this issuer only.',
  aud: "Who the token is for: the API's identifier must be among these.",
  scope: 'What the token allows: the scoped ping needs read:messages.',
  exp: 'When the token expires: the API refuses it afterwards, and the app renews it before then.',
};

/** Enough of a token to recognise it, never enough to use it: its first 10 and last 6 characters. */
export function shortened(token: string): string {
  return token.length <= 24 ? '…' : `${token.slice(0, 10)}…${token.slice(-6)}`;
}

function shown(name: CheckedClaim['name'], value: unknown): string {
  if (name === 'exp' && typeof value === 'number') return new Date(value * 1000).toLocaleString();
  return Array.isArray(value) ? value.join(', ') : String(value);
}

/**
 * What `$http` sent, read from the request's own config (the interceptor put the token there): the lesson of the
 * tutorial, a token attached to a call, made visible. The whole token never reaches the page.
 */
export function sentRequest(config: IRequestConfig): SentRequest {
  const header: unknown = config.headers?.Authorization;
  const token = typeof header === 'string' ? header.replace(/^Bearer /, '') : null;
  const payload = token === null ? null : jwtPayload(token);
  const claims = (['iss', 'aud', 'scope', 'exp'] as const)
    .filter((name) => payload?.[name] !== undefined)
    .map((name) => ({ name, value: shown(name, payload?.[name]), meaning: MEANINGS[name] }));
  return {
    method: config.method,
    url: config.url,
    authorization: token === null ? null : `Bearer ${shortened(token)}`,
    claims,
  };
}
