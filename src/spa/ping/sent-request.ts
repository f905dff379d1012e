import type { IRequestConfig } from 'angular';
import type { JwtHelper } from 'angular-jwt';

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
  /** The access token's claims the API checks; empty when the endpoint checks none, or no readable JWT was sent. */
  claims: CheckedClaim[];
  /** A token went along to an endpoint that does not look at it (the public ping). */
  tokenIgnored: boolean;
}

/** A JWT's payload for display, or null when the token is none. */
export type DecodeJwt = (token: string) => Record<string, unknown> | null;

/** angular-jwt's `jwtHelper.decodeToken`, which throws for what is no JWT, as a DecodeJwt. */
export function decoderOf(jwtHelper: JwtHelper): DecodeJwt {
  return (token) => {
    try {
      const payload: unknown = jwtHelper.decodeToken(token);
      return typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  };
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

/** The access token the request carried (after the interceptor added it), or null. */
export function sentToken(config: IRequestConfig | undefined): string | null {
  const header: unknown = config?.headers?.Authorization;
  return typeof header === 'string' ? header.replace(/^Bearer /, '') : null;
}

function shown(name: CheckedClaim['name'], value: unknown): string {
  if (name === 'exp' && typeof value === 'number') return new Date(value * 1000).toLocaleString();
  return Array.isArray(value) ? value.join(', ') : String(value);
}

/**
 * What `$http` sent, read from the request's own config (the interceptor put the token there): the lesson of the
 * tutorial, a token attached to a call, made visible. The claims are shown only for an endpoint that checks the token
 * (`checksToken`). The whole token never reaches the page.
 */
export function sentRequest(config: IRequestConfig, checksToken: boolean, decode: DecodeJwt): SentRequest {
  const token = sentToken(config);
  const payload = token === null || !checksToken ? null : decode(token);
  const claims = (['iss', 'aud', 'scope', 'exp'] as const)
    .filter((name) => payload?.[name] !== undefined)
    .map((name) => ({ name, value: shown(name, payload?.[name]), meaning: MEANINGS[name] }));
  return {
    method: config.method,
    url: config.url,
    authorization: token === null ? null : `Bearer ${shortened(token)}`,
    claims,
    tokenIgnored: token !== null && !checksToken,
  };
}
