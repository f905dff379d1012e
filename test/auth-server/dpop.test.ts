/**
 * DPoP (RFC 9449) at the local server: a token request that carries a proof gets tokens bound to the proof's key, and
 * the refresh token then works only with proofs from that key. Proofs are made as the browser makes them, with panva's
 * `dpop` package. Without a proof nothing changes (the other test files run without one).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { generateKeyPair, generateProof, type KeyPair } from 'dpop';
import { calculateJwkThumbprint, decodeJwt, jwtVerify, type JWK } from 'jose';
import { APP_ORIGIN, signingKeys, startAuthServer, type AuthServerUnderTest } from './support/auth-server-under-test';
import { TestBrowser } from './support/browser';
import {
  codeExchange,
  logInForCode,
  pkcePair,
  postFromApp,
  refreshRequest,
  tokensFromCodeFlow,
  type TokenResponse,
} from './support/code-flow';

const FOREIGN_ORIGIN = 'http://localhost:9999';

async function thumbprint(key: KeyPair): Promise<string> {
  return calculateJwkThumbprint((await crypto.subtle.exportKey('jwk', key.publicKey)) as JWK);
}

function boundTo(accessToken: string): unknown {
  return (decodeJwt(accessToken).cnf as { jkt?: unknown } | undefined)?.jkt;
}

interface Answer {
  status: number;
  body: TokenResponse;
  headers: Headers;
}

async function answer(response: Response): Promise<Answer> {
  return { status: response.status, headers: response.headers, body: (await response.json()) as TokenResponse };
}

/** Token requests from the app's origin, with a proof from `key` for the token endpoint (or none). */
function tokenEndpoint(server: AuthServerUnderTest) {
  const url = `${server.baseUrl}/oauth/token`;
  return async (fields: Record<string, string>, key?: KeyPair, nonce?: string, htu = url): Promise<Answer> => {
    const headers: Record<string, string> = key ? { dpop: await generateProof(key, htu, 'POST', nonce) } : {};
    return answer(await postFromApp(server, '/oauth/token', fields, 'json', headers));
  };
}

/** Logs in and exchanges the code with a proof from `key`. */
async function boundLogin(server: AuthServerUnderTest, key: KeyPair): Promise<TokenResponse> {
  const pkce = pkcePair();
  const code = await logInForCode(server, pkce, {}, new TestBrowser(server));
  const exchanged = await tokenEndpoint(server)(codeExchange(server, code, pkce.verifier), key);
  assert.equal(exchanged.status, 200, JSON.stringify(exchanged.body));
  return exchanged.body;
}

describe('DPoP at the token endpoint: tokens bound to the key of the proof', { timeout: 30_000 }, () => {
  let server: AuthServerUnderTest;
  let key: KeyPair;
  let otherKey: KeyPair;
  before(async () => {
    server = await startAuthServer();
    [key, otherKey] = await Promise.all([generateKeyPair('ES256'), generateKeyPair('ES256')]);
  });
  after(() => server.close());

  it('binds the code exchange to the key: token_type DPoP, cnf.jkt the key thumbprint, readable by the app', async () => {
    const pkce = pkcePair();
    const code = await logInForCode(server, pkce, {}, new TestBrowser(server));
    const exchanged = await tokenEndpoint(server)(codeExchange(server, code, pkce.verifier), key);
    assert.equal(exchanged.status, 200, JSON.stringify(exchanged.body));
    assert.equal(exchanged.headers.get('access-control-allow-origin'), APP_ORIGIN);
    assert.equal(exchanged.body.token_type, 'DPoP');
    const { payload } = await jwtVerify(exchanged.body.access_token, signingKeys(server), {
      issuer: server.config.issuer,
      audience: server.config.audience,
      typ: 'at+jwt',
    });
    assert.deepEqual(payload.cnf, { jkt: await thumbprint(key) });
    assert.ok(exchanged.body.refresh_token);
    assert.ok(exchanged.body.id_token);
  });

  it('without a proof, issues Bearer tokens as before: no cnf, and a refresh needs no proof', async () => {
    const tokens = await tokensFromCodeFlow(server);
    assert.equal(tokens.token_type, 'Bearer');
    assert.equal(decodeJwt(tokens.access_token).cnf, undefined);
    const renewed = await tokenEndpoint(server)(refreshRequest(server, tokens.refresh_token ?? ''));
    assert.equal(renewed.status, 200);
    assert.equal(renewed.body.token_type, 'Bearer');
  });

  it("refreshes with a proof from the same key, into new tokens bound to it, the refresh token's rotation too", async () => {
    const first = await boundLogin(server, key);
    const renewed = await tokenEndpoint(server)(refreshRequest(server, first.refresh_token ?? ''), key);
    assert.equal(renewed.status, 200, JSON.stringify(renewed.body));
    assert.equal(renewed.body.token_type, 'DPoP');
    assert.notEqual(renewed.body.access_token, first.access_token);
    assert.notEqual(renewed.body.refresh_token, first.refresh_token);
    assert.equal(boundTo(renewed.body.access_token), await thumbprint(key));

    const withoutProof = await tokenEndpoint(server)(refreshRequest(server, renewed.body.refresh_token ?? ''));
    assert.equal(withoutProof.body.error, 'invalid_grant', 'the rotated refresh token is bound as well');
  });

  it('refuses a refresh without a proof, or with a proof from another key, with invalid_grant', async () => {
    const tokens = await boundLogin(server, key);
    const request = refreshRequest(server, tokens.refresh_token ?? '');
    for (const [label, proofKey] of [
      ['no proof', undefined],
      ['another key', otherKey],
    ] as const) {
      const refused = await tokenEndpoint(server)(request, proofKey);
      assert.equal(refused.status, 400, label);
      assert.equal(refused.body.error, 'invalid_grant', label);
    }
    // A refusal for the wrong key ends nothing: the owner of the key still refreshes.
    assert.equal((await tokenEndpoint(server)(request, key)).status, 200);
  });

  it('refuses a proof that is not one for this request with invalid_dpop_proof', async () => {
    const tokens = await boundLogin(server, key);
    const request = refreshRequest(server, tokens.refresh_token ?? '');
    const wrongUrl = await tokenEndpoint(server)(request, key, undefined, `${server.baseUrl}/oauth/revoke`);
    assert.equal(wrongUrl.status, 400);
    assert.equal(wrongUrl.body.error, 'invalid_dpop_proof');
    const garbage = await answer(await postFromApp(server, '/oauth/token', request, 'json', { dpop: 'not.a.proof' }));
    assert.equal(garbage.status, 400);
    assert.equal(garbage.body.error, 'invalid_dpop_proof');
  });

  it('refuses a proof signed with another algorithm than the ES256 that discovery advertises', async () => {
    const discovery = (await (await fetch(`${server.baseUrl}/.well-known/openid-configuration`)).json()) as {
      dpop_signing_alg_values_supported?: string[];
    };
    assert.deepEqual(discovery.dpop_signing_alg_values_supported, ['ES256']);
    const pkce = pkcePair();
    const code = await logInForCode(server, pkce, {}, new TestBrowser(server));
    const refused = await tokenEndpoint(server)(
      codeExchange(server, code, pkce.verifier),
      await generateKeyPair('PS256')
    );
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error, 'invalid_dpop_proof');
  });

  it('revokes a bound refresh token without a proof (holding it is enough), and it is refused afterwards', async () => {
    const tokens = await boundLogin(server, key);
    const revoked = await postFromApp(server, '/oauth/revoke', {
      client_id: server.config.clientId,
      token: tokens.refresh_token,
      token_type_hint: 'refresh_token',
    });
    assert.equal(revoked.status, 200);
    const refused = await tokenEndpoint(server)(refreshRequest(server, tokens.refresh_token ?? ''), key);
    assert.equal(refused.body.error, 'invalid_grant');
  });

  for (const path of ['/oauth/token', '/oauth/revoke']) {
    it(`${path}: lets the app's origin send the DPoP header (preflight), and no other origin`, async () => {
      const preflight = (origin: string) =>
        fetch(`${server.baseUrl}${path}`, {
          method: 'OPTIONS',
          headers: {
            origin,
            'access-control-request-method': 'POST',
            'access-control-request-headers': 'content-type, dpop',
          },
        });
      const allowed = await preflight(APP_ORIGIN);
      assert.equal(allowed.status, 204);
      assert.equal(allowed.headers.get('access-control-allow-origin'), APP_ORIGIN);
      const headers = (allowed.headers.get('access-control-allow-headers') ?? '').toLowerCase().split(/,\s*/);
      assert.ok(headers.includes('dpop'), headers.join());

      const refused = await preflight(FOREIGN_ORIGIN);
      assert.equal(refused.status, 403);
      assert.equal(refused.headers.get('access-control-allow-origin'), null);
    });
  }
});

describe('DPoP at /userinfo: a bound access token only with a proof from its key', { timeout: 30_000 }, () => {
  let server: AuthServerUnderTest;
  let key: KeyPair;
  let tokens: TokenResponse;
  let userinfoUrl: string;
  before(async () => {
    server = await startAuthServer();
    key = await generateKeyPair('ES256');
    tokens = await boundLogin(server, key);
    userinfoUrl = `${server.baseUrl}/userinfo`;
  });
  after(() => server.close());

  const get = (headers: Record<string, string>) => fetch(userinfoUrl, { headers: { origin: APP_ORIGIN, ...headers } });

  it('answers the claims for `Authorization: DPoP` with a proof from the key', async () => {
    const proof = await generateProof(key, userinfoUrl, 'GET', undefined, tokens.access_token);
    const response = await get({ authorization: `DPoP ${tokens.access_token}`, dpop: proof });
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as { sub: string }).sub, 'demo-user');
  });

  it('refuses the bound token sent as Bearer, as a copied token would be sent', async () => {
    const response = await get({ authorization: `Bearer ${tokens.access_token}` });
    assert.equal(response.status, 401);
    assert.equal(((await response.json()) as { error: string }).error, 'invalid_token');
  });

  it("refuses it with another key's proof", async () => {
    const proof = await generateProof(
      await generateKeyPair('ES256'),
      userinfoUrl,
      'GET',
      undefined,
      tokens.access_token
    );
    const response = await get({ authorization: `DPoP ${tokens.access_token}`, dpop: proof });
    assert.equal(response.status, 401);
    assert.match(response.headers.get('www-authenticate') ?? '', /DPoP/);
  });

  it("allows the app's preflight with the DPoP header", async () => {
    const response = await fetch(userinfoUrl, {
      method: 'OPTIONS',
      headers: {
        origin: APP_ORIGIN,
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization, dpop',
      },
    });
    assert.equal(response.status, 204);
    const headers = (response.headers.get('access-control-allow-headers') ?? '').toLowerCase().split(/,\s*/);
    assert.ok(headers.includes('dpop'), headers.join());
  });
});

describe('DPOP_REQUIRE_NONCE=true: proofs must carry a nonce from the server', { timeout: 30_000 }, () => {
  let server: AuthServerUnderTest;
  let key: KeyPair;
  before(async () => {
    server = await startAuthServer({}, { env: { DPOP_REQUIRE_NONCE: 'true' } });
    key = await generateKeyPair('ES256');
  });
  after(() => server.close());

  it('answers a proof without a nonce with use_dpop_nonce and a DPoP-Nonce the app can read; the retry succeeds', async () => {
    const pkce = pkcePair();
    const code = await logInForCode(server, pkce, {}, new TestBrowser(server));
    const request = codeExchange(server, code, pkce.verifier);
    const first = await tokenEndpoint(server)(request, key);
    assert.equal(first.status, 400);
    assert.equal(first.body.error, 'use_dpop_nonce');
    const nonce = first.headers.get('dpop-nonce');
    assert.ok(nonce, 'a DPoP-Nonce header');
    assert.equal(first.headers.get('access-control-allow-origin'), APP_ORIGIN);
    const exposed = (first.headers.get('access-control-expose-headers') ?? '').toLowerCase().split(/,\s*/);
    assert.ok(exposed.includes('dpop-nonce'), exposed.join());

    const retry = await tokenEndpoint(server)(request, key, nonce);
    assert.equal(retry.status, 200, JSON.stringify(retry.body));
    assert.equal(retry.body.token_type, 'DPoP');
    assert.equal(boundTo(retry.body.access_token), await thumbprint(key));

    // The same nonce serves the refresh that follows; a proof without one is asked for one again.
    const refresh = refreshRequest(server, retry.body.refresh_token ?? '');
    assert.equal((await tokenEndpoint(server)(refresh, key)).body.error, 'use_dpop_nonce');
    assert.equal((await tokenEndpoint(server)(refresh, key, nonce)).status, 200);
  });

  it('refuses a nonce the server did not hand out', async () => {
    const pkce = pkcePair();
    const code = await logInForCode(server, pkce, {}, new TestBrowser(server));
    const refused = await tokenEndpoint(server)(codeExchange(server, code, pkce.verifier), key, 'made-up-nonce');
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error, 'use_dpop_nonce');
    assert.ok(refused.headers.get('dpop-nonce'));
  });

  it('leaves requests without a proof as they are: Bearer tokens, no nonce asked', async () => {
    const tokens = await tokensFromCodeFlow(server);
    assert.equal(tokens.token_type, 'Bearer');
  });
});
