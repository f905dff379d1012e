/**
 * Auth0's tenant setting "Refresh Token Revocation Deletes Grant", turned on with
 * REFRESH_TOKEN_REVOCATION_DELETES_GRANT=true: revoking a refresh token at /oauth/revoke revokes every refresh token
 * issued to the same user for the same application and audience (this server has one of each), in every browser.
 *
 * Off, the default (and Auth0's default for tenants created since January 2021), nothing here runs: each login has a
 * grant of its own (provider.ts), and oidc-provider's revocation ends the revoked token's grant, so that login's
 * rotation family only. oidc-provider has no notion of "all grants of a user", hence the record kept here.
 */
import type Provider from 'oidc-provider';
import type { Grant, KoaContextWithOIDC } from 'oidc-provider';

type Next = () => Promise<unknown>;

/** The grants this server made for each user and client, with their expiry, while they may still hold tokens. */
export class UserGrants {
  private readonly byUser = new Map<string, Map<string, number>>();

  private static key(accountId: string, clientId: string): string {
    return JSON.stringify([accountId, clientId]);
  }

  /** Records a saved grant; expired grants are forgotten on the way, so the record stays as small as the logins alive. */
  record(grant: Grant): void {
    if (!grant.accountId || !grant.clientId || !grant.jti) return;
    const key = UserGrants.key(grant.accountId, grant.clientId);
    const grants = this.byUser.get(key) ?? new Map<string, number>();
    const now = Date.now();
    for (const [id, expiresAt] of grants) if (expiresAt <= now) grants.delete(id);
    grants.set(grant.jti, grant.exp === undefined ? Infinity : grant.exp * 1000);
    this.byUser.set(key, grants);
  }

  /** Ends every recorded grant of the user for the client: the grant, and the refresh tokens and codes issued from it. */
  async revokeAll(provider: Provider, accountId: string, clientId: string): Promise<void> {
    const key = UserGrants.key(accountId, clientId);
    const grants = this.byUser.get(key);
    this.byUser.delete(key);
    for (const grantId of grants?.keys() ?? []) {
      await Promise.all([
        provider.RefreshToken.revokeByGrantId(grantId),
        provider.AuthorizationCode.revokeByGrantId(grantId),
        provider.Grant.adapter.destroy(grantId),
      ]);
    }
  }
}

/**
 * oidc-provider middleware: after /oauth/revoke has revoked a refresh token of the client that asked (the rule of
 * `features.revocation.allowedPolicy`), revokes the user's other grants for that client too. It runs before the answer
 * is sent, so a refresh made after the revocation's answer finds every grant gone.
 */
export function revocationDeletesGrant(provider: Provider, grants: UserGrants) {
  return async (ctx: KoaContextWithOIDC, next: Next): Promise<void> => {
    await next();
    if (ctx.oidc?.route !== 'revocation' || ctx.status !== 200) return;
    const token = ctx.oidc.entities.RefreshToken;
    const client = ctx.oidc.client;
    if (!token?.accountId || !client || token.clientId !== client.clientId) return;
    await grants.revokeAll(provider, token.accountId, client.clientId);
  };
}
