import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { APP_ORIGIN, startAuthServer, type AuthServerUnderTest } from './support/auth-server-under-test';

describe('discovery and JWKS', { timeout: 20_000 }, () => {
  let server: AuthServerUnderTest;
  before(async () => {
    server = await startAuthServer();
  });
  after(() => server.close());

  it('publishes Auth0-style endpoints under the issuer, on localhost', async () => {
    const response = await fetch(`${server.baseUrl}/.well-known/openid-configuration`);
    assert.equal(response.status, 200);
    const discovery = (await response.json()) as Record<string, unknown>;
    const issuer = server.config.issuer;
    assert.match(issuer, /^http:\/\/localhost:\d+\/$/);
    assert.equal(discovery.issuer, issuer);
    assert.equal(discovery.authorization_endpoint, `${issuer}authorize`);
    assert.equal(discovery.jwks_uri, `${issuer}.well-known/jwks.json`);
    assert.equal(discovery.userinfo_endpoint, `${issuer}userinfo`);
    assert.equal(discovery.end_session_endpoint, `${issuer}v2/logout`);
    assert.ok((discovery.response_modes_supported as string[]).includes('fragment'));
    assert.ok((discovery.response_modes_supported as string[]).includes('web_message'));
    assert.deepEqual(discovery.id_token_signing_alg_values_supported, ['RS256']);
    // The authorization code flow, as Auth0 serves it to a single-page application.
    assert.equal(discovery.token_endpoint, `${issuer}oauth/token`);
    assert.equal(discovery.revocation_endpoint, `${issuer}oauth/revoke`);
    assert.deepEqual(discovery.code_challenge_methods_supported, ['S256']);
    // AUTH0_FLOW=code, the default: the code response type only (code-flow.test.ts and login.test.ts cover both).
    assert.deepEqual(discovery.response_types_supported, ['code']);
    for (const grant of ['authorization_code', 'refresh_token']) {
      assert.ok((discovery.grant_types_supported as string[]).includes(grant), grant);
    }
    assert.ok(!(discovery.grant_types_supported as string[]).includes('implicit'));
    assert.deepEqual(discovery.token_endpoint_auth_methods_supported, ['none']);
    assert.ok((discovery.scopes_supported as string[]).includes('offline_access'));
    for (const scope of ['openid', 'profile', 'email']) {
      assert.ok((discovery.scopes_supported as string[]).includes(scope), scope);
    }
  });

  it('publishes exactly one public RS256 signing key, without private parts', async () => {
    const response = await fetch(`${server.baseUrl}/.well-known/jwks.json`, { headers: { origin: APP_ORIGIN } });
    assert.equal(response.status, 200);
    // auth0-js fetches the JWKS from the SPA's origin.
    assert.ok(['*', APP_ORIGIN].includes(response.headers.get('access-control-allow-origin') ?? ''));
    const { keys } = (await response.json()) as { keys: Record<string, unknown>[] };
    assert.equal(keys.length, 1);
    const [key] = keys;
    assert.equal(key.kty, 'RSA');
    assert.equal(key.alg, 'RS256');
    assert.equal(key.use, 'sig');
    assert.equal(key.kid, server.keyId);
    assert.equal(Buffer.from(key.n as string, 'base64url').length, 256, 'a 2048-bit modulus');
    for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi']) assert.equal(key[secret], undefined, secret);
  });
});
