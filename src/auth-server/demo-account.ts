/**
 * The only account the local server knows: the demo user from the environment. Its `sub` never changes, so data the
 * API might key on it stays valid across restarts.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Account, FindAccount } from 'oidc-provider';
import { LOCAL_DEFAULTS, type DemoUser } from '../config/environment';
import { AVATAR_PATH } from './avatar';

export const DEMO_ACCOUNT_ID = 'demo-user';

/**
 * Whether the demo user still has the built-in password, which the docs print anyway. A password someone chose
 * (DEMO_USER_PASSWORD) is never shown on a page or in the log.
 */
export function hasDefaultPassword(user: DemoUser): boolean {
  return user.password === LOCAL_DEFAULTS.demoUser.password;
}

/**
 * Which claims each OpenID scope releases, as Auth0 releases them for a database user: the ones Auth0's SDKs and
 * samples read (`picture` for the avatar, `nickname`, `name`, `updated_at`) come with `profile`.
 */
export const CLAIMS_BY_SCOPE: Record<string, string[]> = {
  openid: ['sub'],
  profile: ['name', 'nickname', 'picture', 'updated_at'],
  email: ['email', 'email_verified'],
};

export type Claims = Record<string, string | boolean>;

/** The demo user as the server presents it. */
export interface DemoProfile {
  user: DemoUser;
  /** An absolute URL of the avatar, served by this server so that it shows offline (AVATAR_PATH). */
  picture: string;
  /** When the profile last changed, as Auth0 writes `updated_at`: an ISO 8601 string. */
  updatedAt: string;
}

/**
 * The demo user's profile, built once per server: it comes from the environment, so it last changed when the server
 * started.
 */
export function demoProfile(user: DemoUser, issuer: string, startedAt = new Date()): DemoProfile {
  return { user, picture: new URL(AVATAR_PATH, issuer).href, updatedAt: startedAt.toISOString() };
}

/** The demo user's claims; like Auth0, the name is the email address and the nickname its local part. */
export function demoClaims({ user, picture, updatedAt }: DemoProfile): Claims & { sub: string } {
  return {
    sub: DEMO_ACCOUNT_ID,
    name: user.email,
    nickname: user.email.split('@')[0],
    picture,
    updated_at: updatedAt,
    email: user.email,
    email_verified: true,
  };
}

/** The claims released by the given scopes. */
export function claimsForScopes(profile: DemoProfile, scopes: Iterable<string>): Claims {
  const all = demoClaims(profile);
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
export function demoAccountFinder(profile: DemoProfile): FindAccount {
  return async (_ctx, sub): Promise<Account | undefined> => {
    if (sub !== DEMO_ACCOUNT_ID) return undefined;
    return { accountId: DEMO_ACCOUNT_ID, claims: async () => demoClaims(profile) };
  };
}
