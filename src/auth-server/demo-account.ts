/**
 * The only account the local server knows: the demo user from the environment. Its `sub` never changes, so data the
 * API might key on it stays valid across restarts.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Account, FindAccount } from 'oidc-provider';
import { LOCAL_DEFAULTS, type DemoUser } from '../config/environment';

export const DEMO_ACCOUNT_ID = 'demo-user';

/**
 * Whether the demo user still has the built-in password, which the docs print anyway. A password someone chose
 * (DEMO_USER_PASSWORD) is never shown on a page or in the log.
 */
export function hasDefaultPassword(user: DemoUser): boolean {
  return user.password === LOCAL_DEFAULTS.demoUser.password;
}

/** Which claims each OpenID scope releases, as Auth0 does for a database user (no picture: there is no internet). */
export const CLAIMS_BY_SCOPE: Record<string, string[]> = {
  openid: ['sub'],
  profile: ['name', 'nickname'],
  email: ['email', 'email_verified'],
};

export type Claims = Record<string, string | boolean>;

/** The demo user's profile; like Auth0, the name is the email address and the nickname its local part. */
export function demoClaims(user: DemoUser): Claims & { sub: string } {
  return {
    sub: DEMO_ACCOUNT_ID,
    name: user.email,
    nickname: user.email.split('@')[0],
    email: user.email,
    email_verified: true,
  };
}

/** The claims released by the given scopes. */
export function claimsForScopes(user: DemoUser, scopes: Iterable<string>): Claims {
  const all = demoClaims(user);
  const released: Claims = {};
  for (const scope of scopes) {
    for (const claim of CLAIMS_BY_SCOPE[scope] ?? []) released[claim] = all[claim];
  }
  return released;
}

// Comparing digests keeps the comparison's time independent of where the strings first differ.
function sameSecret(a: string, b: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(a), digest(b));
}

/** Whether a login form's values are the demo user's; the email is compared without regard to case or spaces. */
export function credentialsMatch(user: DemoUser, email: string, password: string): boolean {
  const emailMatches = sameSecret(email.trim().toLowerCase(), user.email.toLowerCase());
  const passwordMatches = sameSecret(password, user.password);
  return emailMatches && passwordMatches;
}

/** oidc-provider's account lookup: the demo user by its fixed id, nobody else. */
export function demoAccountFinder(user: DemoUser): FindAccount {
  return async (_ctx, sub): Promise<Account | undefined> => {
    if (sub !== DEMO_ACCOUNT_ID) return undefined;
    return { accountId: DEMO_ACCOUNT_ID, claims: async () => demoClaims(user) };
  };
}
