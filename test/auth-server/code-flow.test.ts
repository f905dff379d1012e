import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { jwtVerify } from 'jose';
import { APP_ORIGIN, startAuthServer, type AuthServerUnderTest, signingKeys } from './support/auth-server-under-test';
import { authorizeUrl, callbackParams, logIn, random, TestBrowser } from './support/browser';
import {
  callbackQuery,
  codeExchange,
  codeRequest,
  logInForCode,
  pkcePair,
  postFromApp,
  type TokenResponse,
} from './support/code-flow';

describe('authorization code flow with PKCE', { timeout: 30_000 }, () => {
  let server: AuthServerUnderTest;
  let jwks: ReturnType<typeof signingKeys>;
  before(async () => {
    server = await startAuthServer();
    jwks = signingKeys(server);
  });
  after(() => server.close());

  it('sends a code request without code_challenge back to the app as invalid_request, before any login', async () => {
    const browser = new TestBrowser(server);
    const response = await browser.request(
      authorizeUrl(server, codeRequest(pkcePair(), { code_challenge: undefined, code_challenge_method: undefined }))
    );
    const query = callbackQuery(response);
    assert.equal(query.get('error'), 'invalid_request');
    assert.match(query.get('error_description') ?? '', /requires PKCE/);
    assert.equal(query.get('code'), null);
  });

  it('refuses the plain code_challenge_method: S256 only', async () => {
    const browser = new TestBrowser(server);
    const plain = random() + random() + random() + random();
    const url = authorizeUrl(
      server,
      codeRequest(pkcePair(), { code_challenge: plain, code_challenge_method: 'plain' })
    );
    const query = callbackQuery(await browser.request(url));
    assert.equal(query.get('error'), 'invalid_request');
    assert.match(query.get('error_description') ?? '', /code_challenge_method/);
  });

  it('answers the callback in the query with the code, the state and the issuer (RFC 9207)', async () => {
    const state = random();
    const query = callbackQuery(await logIn(new TestBrowser(server), server, codeRequest(pkcePair(), { state })));
    assert.equal(query.get('state'), state);
    assert.equal(query.get('iss'), server.config.issuer);
    assert.ok(query.get('code'));
    assert.equal(query.get('access_token'), null, 'no token in the front channel');
  });

  it('exchanges the code with the right verifier, JSON as auth0-js posts it, for tokens auth0-js and the API accept', async () => {
    const pkce = pkcePair();
    const nonce = random();
    const code = await logInForCode(server, pkce, { nonce });
    const response = await postFromApp(server, '/oauth/token', codeExchange(server, code, pkce.verifier));
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), APP_ORIGIN);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const tokens = (await response.json()) as TokenResponse;
    assert.equal(tokens.token_type, 'Bearer');
    assert.equal(tokens.expires_in, server.config.accessTokenLifetime);
    assert.deepEqual(tokens.scope.split(' ').sort(), ['email', 'offline_access', 'openid', 'profile', 'read:messages']);
    assert.ok(tokens.refresh_token);

    const access = await jwtVerify(tokens.access_token, jwks, {
      issuer: server.config.issuer,
      audience: server.config.audience,
      algorithms: ['RS256'],
      typ: 'at+jwt',
    });
    assert.deepEqual(access.payload.aud, [server.config.audience, `${server.config.issuer}userinfo`]);
    assert.equal(access.payload.azp, server.config.clientId);
    const id = await jwtVerify(tokens.id_token ?? '', jwks, {
      issuer: server.config.issuer,
      audience: server.config.clientId,
      algorithms: ['RS256'],
    });
    assert.equal(id.payload.nonce, nonce);
    // The profile Auth0's SDKs and samples show (auth0-spa-js's getUser() reads it from the ID token).
    assert.deepEqual(
      {
        name: id.payload.name,
        nickname: id.payload.nickname,
        picture: id.payload.picture,
        email: id.payload.email,
        email_verified: id.payload.email_verified,
      },
      {
        name: 'demo@example.com',
        nickname: 'demo',
        picture: `${server.baseUrl}/avatar.svg`,
        email: 'demo@example.com',
        email_verified: true,
      }
    );
    assert.equal(typeof id.payload.updated_at, 'string');

    // The same access token opens /userinfo, as with the implicit flow.
    const userinfo = await fetch(`${server.baseUrl}/userinfo`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    assert.equal(((await userinfo.json()) as { sub: string }).sub, 'demo-user');
  });

  it('exchanges a code posted as a form too', async () => {
    const pkce = pkcePair();
    const code = await logInForCode(server, pkce);
    const response = await postFromApp(server, '/oauth/token', codeExchange(server, code, pkce.verifier), 'form');
    assert.equal(response.status, 200);
    assert.ok(((await response.json()) as TokenResponse).access_token);
  });

  it('refuses a wrong verifier with invalid_grant, and the code is then spent', async () => {
    const pkce = pkcePair();
    const code = await logInForCode(server, pkce);
    const wrong = await postFromApp(server, '/oauth/token', codeExchange(server, code, pkcePair().verifier));
    assert.equal(wrong.status, 400);
    assert.equal(wrong.headers.get('access-control-allow-origin'), APP_ORIGIN, 'the SPA can read the error');
    assert.equal(((await wrong.json()) as TokenResponse).error, 'invalid_grant');
  });

  it('refuses a replayed code with invalid_grant and revokes what the first exchange issued', async () => {
    const pkce = pkcePair();
    const code = await logInForCode(server, pkce);
    const first = (await (
      await postFromApp(server, '/oauth/token', codeExchange(server, code, pkce.verifier))
    ).json()) as TokenResponse;
    const replay = await postFromApp(server, '/oauth/token', codeExchange(server, code, pkce.verifier));
    assert.equal(replay.status, 400);
    assert.equal(((await replay.json()) as TokenResponse).error, 'invalid_grant');

    const refresh = await postFromApp(server, '/oauth/token', {
      grant_type: 'refresh_token',
      client_id: server.config.clientId,
      refresh_token: first.refresh_token,
    });
    assert.equal(refresh.status, 400);
    assert.equal(((await refresh.json()) as TokenResponse).error, 'invalid_grant');
  });

  it('grants no implicit response type (AUTH0_FLOW=code): no token can land in the callback URL', async () => {
    const discovery = await fetch(`${server.baseUrl}/.well-known/openid-configuration`);
    assert.deepEqual(((await discovery.json()) as { response_types_supported: string[] }).response_types_supported, [
      'code',
    ]);
    for (const responseType of ['id_token token', 'token id_token', 'id_token', 'token']) {
      const response = await new TestBrowser(server).request(authorizeUrl(server, { response_type: responseType }));
      const fragment = callbackParams(response);
      assert.equal(fragment.get('error'), 'unsupported_response_type', responseType);
      assert.equal(fragment.get('access_token'), null, responseType);
      assert.equal(fragment.get('id_token'), null, responseType);
    }
  });
});
