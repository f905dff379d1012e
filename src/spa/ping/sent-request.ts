import type { IRequestConfig } from 'angular';
import type { JwtHelper } from 'angular-jwt';

/** One claim of the access token the API checked (or of the DPoP proof sent with it), with what it means. */
export interface CheckedClaim {
  name: TokenClaim | ProofClaim;
  value: string;
  meaning: string;
}

type TokenClaim = 'iss' | 'aud' | 'scope' | 'exp' | 'cnf.jkt';
type ProofClaim = 'htm' | 'htu' | 'iat' | 'jti' | 'ath';

/** A request as it left the browser: what the ping page shows under its answer. */
export interface SentRequest {
  method: string;
  url: string;
  /** The Authorization header with the token shortened, or null when none was sent. */
  authorization: string | null;
  /** The access token's claims the API checks; empty when the endpoint checks none, or no readable JWT was sent. */
  claims: CheckedClaim[];
  /** With DPoP, the claims of the proof that went with the token; empty otherwise. */
  proof: CheckedClaim[];
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
  'cnf.jkt': "The thumbprint of this browser's key the token is bound to: the API wants a proof signed with that key.",
  htm: 'The method this proof is for: the API refuses it for any other.',
  htu: 'The URL this proof is for, without its query: the API refuses it for any other.',
  iat: 'When the proof was made, for this request: the API accepts it for a short while only.',
  jti: "The proof's own id: a new one for every request.",
  ath: "The hash of the access token: the proof is for this token, and no other's.",
};

/** Enough of a token to recognise it, never enough to use it: its first 10 and last 6 characters. */
export function shortened(token: string): string {
  return token.length <= 24 ? '…' : `${token.slice(0, 10)}…${token.slice(-6)}`;
}

/** The access token the request carried (after the interceptor added it, as `Bearer` or `DPoP`), or null. */
export function sentToken(config: IRequestConfig | undefined): string | null {
  const header: unknown = config?.headers?.Authorization;
  return typeof header === 'string' ? header.replace(/^(Bearer|DPoP) /, '') : null;
}

function shown(name: CheckedClaim['name'], value: unknown): string {
  if ((name === 'exp' || name === 'iat') && typeof value === 'number') return new Date(value * 1000).toLocaleString();
  return Array.isArray(value) ? value.join(', ') : String(value);
}

/** The `names` claims present in `payload` (a dotted name reaches into an object), each with what it means. */
function claimsOf(payload: Record<string, unknown> | null, names: readonly CheckedClaim['name'][]): CheckedClaim[] {
  const value = (name: string): unknown =>
    name.split('.').reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key], payload);
  return names
    .filter((name) => value(name) !== undefined)
    .map((name) => ({ name, value: shown(name, value(name)), meaning: MEANINGS[name] }));
}

/**
 * What `$http` sent, read from the request's own config (the interceptor put the token there): the lesson of the
 * tutorial, a token attached to a call, made visible. The claims are shown only for an endpoint that checks the token
 * (`checksToken`). The whole token never reaches the page.
 */
export function sentRequest(config: IRequestConfig, checksToken: boolean, decode: DecodeJwt): SentRequest {
  const token = sentToken(config);
  const scheme = String(config.headers?.Authorization ?? '').split(' ')[0];
  const proof: unknown = config.headers?.DPoP;
  return {
    method: config.method,
    url: config.url,
    authorization: token === null ? null : `${scheme} ${shortened(token)}`,
    claims: claimsOf(token === null || !checksToken ? null : decode(token), ['iss', 'aud', 'scope', 'exp', 'cnf.jkt']),
    proof: claimsOf(typeof proof === 'string' ? decode(proof) : null, ['htm', 'htu', 'iat', 'jti', 'ath']),
    tokenIgnored: token !== null && !checksToken,
  };
}
