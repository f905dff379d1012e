/**
 * Requires scopes of an already verified access token, explicit about all-of versus any-of (a check that reads
 * "scopes: a b" without saying which is how APIs end up granting on either). Answers 403 `insufficient_scope`
 * naming the scopes required, as RFC 6750 3.1 describes.
 */
import type { RequestHandler } from 'express';
import { claimsOf } from './access-token.claims';
import { InsufficientScopeError, UnauthorizedError } from '../errors/api.errors';

export type ScopeRule = { allOf: readonly string[] } | { anyOf: readonly string[] };

export function requireScopes(rule: ScopeRule): RequestHandler {
  const required = 'allOf' in rule ? rule.allOf : rule.anyOf;
  if (required.length === 0) throw new Error('requireScopes needs at least one scope');
  const satisfied =
    'allOf' in rule
      ? (granted: ReadonlySet<string>) => required.every((scope) => granted.has(scope))
      : (granted: ReadonlySet<string>) => required.some((scope) => granted.has(scope));

  return (_req, res, next) => {
    const claims = claimsOf(res);
    // Mounted without requireAccessToken before it: refuse rather than let the request through.
    if (!claims) {
      next(new UnauthorizedError());
      return;
    }
    next(satisfied(claims.scopes) ? undefined : new InsufficientScopeError(required.join(' ')));
  };
}
