import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { jwtVerify } from 'jose';
import { APP_ORIGIN, startAuthServer, type AuthServerUnderTest, signingKeys } from './support/auth-server-under-test';
import { authorizeUrl, formAction, hiddenFields, TestBrowser } from './support/browser';
import {
  callbackQuery,
  codeExchange,
  codeRequest,
  pkcePair,
  postFromApp,
  refreshRequest,
  tokensFromCodeFlow,
  type TokenResponse,
} from './support/code-flow';

describe('refresh tokens: issued for offline_access, rotated, revocable', { timeout: 30_000 }, () => {
  let server: AuthServerUnderTest;
  before(async () => {
    server = await startAuthServer();
  });
  after(() => server.close());

  async function refresh(refreshToken: string): Promise<{ status: number; body: TokenResponse }> {
    const response = await postFromApp(server, '/oauth/token', refreshRequest(server, refreshToken));
    return { status: response.status, body: (await response.json()) as TokenResponse };
  }

  it('issues no refresh token when the scope lacks offline_access', async () => {
    const tokens = await tokensFromCodeFlow(server, { scope: 'openid profile email read:messages' });
    assert.ok(tokens.access_token);
    assert.equal(tokens.refresh_token, undefined);
    assert.doesNotMatch(tokens.scope, /offline_access/);
  });

  it('refreshes without a scope parameter, as auth0-js sends it, and rotates the refresh token', async () => {
    const first = await tokensFromCodeFlow(server);
    const renewed = await refresh(first.refresh_token ?? '');
    assert.equal(renewed.status, 200, JSON.stringify(renewed.body));
    assert.ok(renewed.body.refresh_token);
    assert.notEqual(renewed.body.refresh_token, first.refresh_token);
    assert.notEqual(renewed.body.access_token, first.access_token);
    assert.equal(renewed.body.scope, first.scope);
    assert.equal(renewed.body.expires_in, server.config.accessTokenLifetime);

    const jwks = signingKeys(server);
    await jwtVerify(renewed.body.access_token, jwks, {
      issuer: server.config.issuer,
      audience: server.config.audience,
      typ: 'at+jwt',
    });
    await jwtVerify(renewed.body.id_token ?? '', jwks, {
      issuer: server.config.issuer,
      audience: server.config.clientId,
    });
  });

  it('refreshes with a form body too', async () => {
    const first = await tokensFromCodeFlow(server);
    const response = await postFromApp(
      server,
      '/oauth/token',
      refreshRequest(server, first.refresh_token ?? ''),
      'form'
    );
    assert.equal(response.status, 200);
    assert.ok(((await response.json()) as TokenResponse).refresh_token);
  });

  it('answers reuse of a rotated-out refresh token with invalid_grant and revokes the newest one too', async () => {
    const first = await tokensFromCodeFlow(server);
    const second = await refresh(first.refresh_token ?? '');
    assert.equal(second.status, 200);

    const reuse = await refresh(first.refresh_token ?? '');
    assert.equal(reuse.status, 400);
    assert.equal(reuse.body.error, 'invalid_grant');

    const newest = await refresh(second.body.refresh_token ?? '');
    assert.equal(newest.status, 400);
    assert.equal(newest.body.error, 'invalid_grant');
  });

  it('is issued again when the browser still has a session and no login page is shown', async () => {
    const browser = new TestBrowser(server);
    await tokensFromCodeFlow(server, {}, browser);
    const pkce = pkcePair();
    const code = callbackQuery(await browser.request(authorizeUrl(server, codeRequest(pkce)))).get('code') ?? '';
    const response = await postFromApp(server, '/oauth/token', codeExchange(server, code, pkce.verifier));
    const tokens = (await response.json()) as TokenResponse;
    assert.equal(response.status, 200);
    assert.ok(tokens.refresh_token);
    assert.match(tokens.scope, /offline_access/);
  });

  it('outlives the login session, as with Auth0: still usable after /v2/logout', async () => {
    const browser = new TestBrowser(server);
    const tokens = await tokensFromCodeFlow(server, {}, browser);
    const query = new URLSearchParams({ client_id: server.config.clientId, returnTo: APP_ORIGIN });
    const page = await browser.navigate(`/v2/logout?${query}`);
    const html = await page.text();
    const done = await browser.submit(formAction(html), hiddenFields(html));
    assert.equal(done.headers.get('location'), `${APP_ORIGIN}/`);

    const renewed = await refresh(tokens.refresh_token ?? '');
    assert.equal(renewed.status, 200, JSON.stringify(renewed.body));
  });

  for (const encoding of ['json', 'form'] as const) {
    it(`revokes at /oauth/revoke (${encoding}): the refresh token is refused afterwards`, async () => {
      const tokens = await tokensFromCodeFlow(server);
      const revoked = await postFromApp(
        server,
        '/oauth/revoke',
        { client_id: server.config.clientId, token: tokens.refresh_token, token_type_hint: 'refresh_token' },
        encoding
      );
      assert.equal(revoked.status, 200);
      assert.equal(revoked.headers.get('access-control-allow-origin'), APP_ORIGIN);
      assert.equal(await revoked.text(), '');

      const refused = await refresh(tokens.refresh_token ?? '');
      assert.equal(refused.status, 400);
      assert.equal(refused.body.error, 'invalid_grant');
    });
  }
});
