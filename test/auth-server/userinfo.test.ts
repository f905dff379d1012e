import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { importJWK, SignJWT, type JWK } from 'jose';
import { APP_ORIGIN, startAuthServer, type AuthServerUnderTest } from './support/auth-server-under-test';
import { callbackParams, logIn, TestBrowser } from './support/browser';

describe('/userinfo with the API access token', { timeout: 30_000 }, () => {
  let server: AuthServerUnderTest;
  let tokens: URLSearchParams;
  before(async () => {
    server = await startAuthServer({ flow: 'implicit' });
    tokens = callbackParams(await logIn(new TestBrowser(server), server));
  });
  after(() => server.close());

  const userinfo = (authorization?: string, init: RequestInit = {}) =>
    fetch(`${server.baseUrl}/userinfo`, {
      ...init,
      headers: { origin: APP_ORIGIN, ...(authorization ? { authorization } : {}), ...init.headers },
    });

  it("answers the demo user's claims for the granted scopes, readable by the SPA", async () => {
    const response = await userinfo(`Bearer ${tokens.get('access_token')}`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), APP_ORIGIN);
    const claims = (await response.json()) as Record<string, unknown>;
    // Auth0 writes updated_at as an ISO 8601 string; here, when the server (and so the profile) started.
    assert.match(String(claims.updated_at), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.ok(Date.now() - Date.parse(String(claims.updated_at)) < 60_000);
    assert.deepEqual(claims, {
      sub: 'demo-user',
      name: 'demo@example.com',
      nickname: 'demo',
      picture: `${server.baseUrl}/avatar.svg`,
      updated_at: claims.updated_at,
      email: 'demo@example.com',
      email_verified: true,
    });
  });

  it('serves the picture itself, so the avatar shows offline and in any app', async () => {
    const response = await fetch(`${server.baseUrl}/avatar.svg`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'image/svg+xml; charset=utf-8');
    assert.equal(response.headers.get('cross-origin-resource-policy'), 'cross-origin');
    assert.match(response.headers.get('content-security-policy') ?? '', /^default-src 'none'/);
    const svg = await response.text();
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.match(svg, />DE<\/text>/, "the email's first two letters");
    assert.doesNotMatch(svg, /<script|href=/);
  });

  it('leaves out the claims of scopes that were not granted', async () => {
    const onlyOpenid = callbackParams(await logIn(new TestBrowser(server), server, { scope: 'openid read:messages' }));
    const response = await userinfo(`Bearer ${onlyOpenid.get('access_token')}`);
    assert.deepEqual(await response.json(), { sub: 'demo-user' });
  });

  it('allows the CORS preflight of the SPA, with its Authorization and telemetry headers', async () => {
    const response = await fetch(`${server.baseUrl}/userinfo`, {
      method: 'OPTIONS',
      headers: {
        origin: APP_ORIGIN,
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization,auth0-client,content-type',
      },
    });
    assert.equal(response.status, 204);
    assert.equal(response.headers.get('access-control-allow-origin'), APP_ORIGIN);
    const allowed = (response.headers.get('access-control-allow-headers') ?? '').toLowerCase().split(',');
    for (const header of ['authorization', 'auth0-client', 'content-type']) assert.ok(allowed.includes(header), header);
  });

  it('does not open CORS to other origins', async () => {
    const response = await userinfo(`Bearer ${tokens.get('access_token')}`, {
      headers: { origin: 'http://localhost:9999' },
    });
    assert.notEqual(response.headers.get('access-control-allow-origin'), 'http://localhost:9999');
  });

  it('answers 401 with a Bearer challenge without a token, and no error code (RFC 6750 3.1)', async () => {
    const response = await userinfo();
    assert.equal(response.status, 401);
    const challenge = response.headers.get('www-authenticate') ?? '';
    assert.match(challenge, /^Bearer\b/);
    assert.doesNotMatch(challenge, /error=/);
  });

  it('refuses an access token in the query string, even a valid one', async () => {
    const token = encodeURIComponent(tokens.get('access_token') ?? '');
    const response = await fetch(`${server.baseUrl}/userinfo?access_token=${token}`, {
      headers: { origin: APP_ORIGIN },
    });
    assert.equal(response.status, 400);
    assert.equal(((await response.json()) as { error: string }).error, 'invalid_request');
  });

  it('answers 401 invalid_token for a bad, tampered or wrong-audience token', async () => {
    const accessToken = tokens.get('access_token') ?? '';
    const [header, payload, signature] = accessToken.split('.');
    const flipped = `${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
    const candidates = {
      garbage: 'not-a-token',
      tampered: `${header}.${payload}.${flipped}`,
      // An ID token is meant for the SPA, never for an API (RFC 8725 3.12).
      'id token': tokens.get('id_token') ?? '',
    };
    for (const [label, token] of Object.entries(candidates)) {
      const response = await userinfo(`Bearer ${token}`);
      assert.equal(response.status, 401, label);
      assert.match(response.headers.get('www-authenticate') ?? '', /error="invalid_token"/, label);
      assert.equal(((await response.json()) as { error: string }).error, 'invalid_token', label);
    }
  });

  /** A token signed with the server's own key, so only the claim and header checks can refuse it. */
  async function signedByServer(header: { typ: string }, claims: Record<string, unknown>): Promise<string> {
    const { signingKey } = JSON.parse(await readFile(server.config.keyFile, 'utf8')) as { signingKey: JWK };
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ client_id: server.config.clientId, scope: 'openid email', jti: 'test', ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: signingKey.kid, ...header })
      .setIssuer(server.config.issuer)
      .setAudience([server.config.audience, `${server.config.issuer}userinfo`])
      .setIssuedAt(now)
      .setExpirationTime(now + 60)
      .sign(await importJWK(signingKey, 'RS256'));
  }

  it('accepts a well-formed token signed by the server (the baseline of the next two)', async () => {
    const response = await userinfo(`Bearer ${await signedByServer({ typ: 'at+jwt' }, { sub: 'demo-user' })}`);
    assert.equal(response.status, 200);
  });

  it('refuses a token that is not typed as an access token (RFC 9068 typ at+jwt)', async () => {
    const response = await userinfo(`Bearer ${await signedByServer({ typ: 'JWT' }, { sub: 'demo-user' })}`);
    assert.equal(response.status, 401);
    assert.equal(((await response.json()) as { error: string }).error, 'invalid_token');
  });

  it('refuses a token for a user this server does not know', async () => {
    const response = await userinfo(`Bearer ${await signedByServer({ typ: 'at+jwt' }, { sub: 'someone-else' })}`);
    assert.equal(response.status, 401);
    assert.equal(((await response.json()) as { error: string }).error, 'invalid_token');
  });

  it('answers 400 for an Authorization header that is not a Bearer token', async () => {
    const response = await userinfo('Basic ZGVtbzpkZW1v');
    assert.equal(response.status, 400);
    assert.equal(((await response.json()) as { error: string }).error, 'invalid_request');
  });
});
