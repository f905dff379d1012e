/**
 * Each login's refresh tokens are a family of their own, as with an Auth0 tenant created since 2021: revoking one
 * login's refresh token (a logout, a renewal answer the SPA dropped) leaves the user's other logins alone, even in the
 * same browser. With REFRESH_TOKEN_REVOCATION_DELETES_GRANT=true (Auth0's "Refresh Token Revocation Deletes Grant"),
 * a revocation ends every refresh token of the user for the application, in every browser.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startAuthServer, type AuthServerUnderTest } from './support/auth-server-under-test';
import { TestBrowser } from './support/browser';
import {
  postFromApp,
  refreshRequest,
  tokensFromCodeFlow,
  tokensFromSession,
  type TokenResponse,
} from './support/code-flow';

async function refresh(server: AuthServerUnderTest, refreshToken: string | undefined) {
  const response = await postFromApp(server, '/oauth/token', refreshRequest(server, refreshToken ?? ''));
  return { status: response.status, body: (await response.json()) as TokenResponse };
}

async function revoke(server: AuthServerUnderTest, refreshToken: string | undefined): Promise<void> {
  const response = await postFromApp(server, '/oauth/revoke', {
    client_id: server.config.clientId,
    token: refreshToken,
    token_type_hint: 'refresh_token',
  });
  assert.equal(response.status, 200);
}

/** Two logins in one browser, hence one server session: the second one shows no login page. */
async function twoLoginsInOneBrowser(server: AuthServerUnderTest): Promise<[TokenResponse, TokenResponse]> {
  const browser = new TestBrowser(server);
  const first = await tokensFromCodeFlow(server, {}, browser);
  const second = await tokensFromSession(server, browser);
  assert.ok(first.refresh_token && second.refresh_token, 'both logins get a refresh token');
  return [first, second];
}

describe('refresh-token families, by default: revoking one login leaves the others', { timeout: 30_000 }, () => {
  let server: AuthServerUnderTest;
  before(async () => {
    server = await startAuthServer();
  });
  after(() => server.close());

  it('two logins in one browser: revoking the first refresh token leaves the second refreshing', async () => {
    const [first, second] = await twoLoginsInOneBrowser(server);
    await revoke(server, first.refresh_token);

    const refused = await refresh(server, first.refresh_token);
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error, 'invalid_grant');

    const renewed = await refresh(server, second.refresh_token);
    assert.equal(renewed.status, 200, JSON.stringify(renewed.body));
    assert.equal((await refresh(server, renewed.body.refresh_token)).status, 200, 'and its family lives on');
  });

  it("revoking a renewed refresh token ends its whole family: the family's older tokens do not come back", async () => {
    const [first] = await twoLoginsInOneBrowser(server);
    const renewed = await refresh(server, first.refresh_token);
    assert.equal(renewed.status, 200);
    await revoke(server, renewed.body.refresh_token);
    assert.equal((await refresh(server, renewed.body.refresh_token)).body.error, 'invalid_grant');
    assert.equal((await refresh(server, first.refresh_token)).body.error, 'invalid_grant');
  });

  it("reuse of one login's rotated-out refresh token ends that login only", async () => {
    const [first, second] = await twoLoginsInOneBrowser(server);
    const renewed = await refresh(server, first.refresh_token);
    assert.equal(renewed.status, 200);

    assert.equal((await refresh(server, first.refresh_token)).body.error, 'invalid_grant', 'reuse is refused');
    assert.equal((await refresh(server, renewed.body.refresh_token)).body.error, 'invalid_grant', 'its family ends');
    assert.equal((await refresh(server, second.refresh_token)).status, 200, 'the other login lives on');
  });
});

describe(
  'REFRESH_TOKEN_REVOCATION_DELETES_GRANT=true: a revocation ends all of the user’s refresh tokens',
  {
    timeout: 30_000,
  },
  () => {
    let server: AuthServerUnderTest;
    before(async () => {
      server = await startAuthServer({}, { env: { REFRESH_TOKEN_REVOCATION_DELETES_GRANT: 'true' } });
    });
    after(() => server.close());

    it('refuses the second login of the same browser, and a login in another browser, once the first is revoked', async () => {
      const [first, second] = await twoLoginsInOneBrowser(server);
      const elsewhere = await tokensFromCodeFlow(server);
      const renewedElsewhere = await refresh(server, elsewhere.refresh_token);
      assert.equal(renewedElsewhere.status, 200, 'a renewed family is covered too');

      await revoke(server, first.refresh_token);

      for (const [label, token] of [
        ['the revoked one', first.refresh_token],
        ['the same browser', second.refresh_token],
        ['another browser', renewedElsewhere.body.refresh_token],
      ] as const) {
        const refused = await refresh(server, token);
        assert.equal(refused.status, 400, label);
        assert.equal(refused.body.error, 'invalid_grant', label);
      }
    });

    it('lets the user log in again afterwards, with a refresh token that works', async () => {
      const [first] = await twoLoginsInOneBrowser(server);
      await revoke(server, first.refresh_token);
      const again = await tokensFromCodeFlow(server);
      assert.equal((await refresh(server, again.refresh_token)).status, 200);
    });

    it('leaves reuse detection to the login it happened in', async () => {
      const [first, second] = await twoLoginsInOneBrowser(server);
      assert.equal((await refresh(server, first.refresh_token)).status, 200);
      assert.equal((await refresh(server, first.refresh_token)).body.error, 'invalid_grant');
      assert.equal((await refresh(server, second.refresh_token)).status, 200);
    });
  }
);
