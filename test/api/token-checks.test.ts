/**
 * Every check the token middleware makes (RFC 8725, RFC 9068), each with a token that only that check stops.
 */
import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type CryptoKey } from 'jose';
import { ApiUnderTest, DPOP_OFFER, type Reply } from './support/api-under-test';
import { compact, hmacWith } from './support/compact';
import { AUDIENCE, CLIENT_ID, TestIssuer } from './support/test-issuer';

let issuer: TestIssuer;
let attacker: TestIssuer;
let api: ApiUnderTest;
let strictTypApi: ApiUnderTest;
let noLeewayApi: ApiUnderTest;

before(async () => {
  [issuer, attacker] = await Promise.all([TestIssuer.start(), TestIssuer.start()]);
  [api, strictTypApi, noLeewayApi] = await Promise.all([
    ApiUnderTest.start(issuer.issuer),
    ApiUnderTest.start(issuer.issuer, { requireAtJwtTyp: true }),
    ApiUnderTest.start(issuer.issuer, { clockToleranceSeconds: 0 }),
  ]);
});

after(async () => {
  await Promise.all([api.close(), strictTypApi.close(), noLeewayApi.close()]);
  await Promise.all([issuer.close(), attacker.close()]);
});

const now = () => Math.floor(Date.now() / 1000);

function assertRefused(reply: Reply, reason?: RegExp): void {
  assert.equal(reply.status, 401, reply.body);
  assert.match(String(reply.headers['www-authenticate']), /^Bearer realm="api", error="invalid_token"/);
  assert.equal(reply.json().error, 'invalid_token');
  if (reason) assert.match(String(reply.json().error_description), reason);
}

describe('algorithm', () => {
  let sameKeyNoAlg: { kid: string; sign: (alg: string) => Promise<CryptoKey> };
  let ecToken: string;

  before(async () => {
    // The issuer's RSA key published a second time without "alg", and an EC key likewise, so that only the
    // algorithm pin (not the JWK's own alg) stands between these tokens and acceptance.
    const privateJwk = await exportJWK(issuer.key.privateKey);
    sameKeyNoAlg = { kid: 'same-key-no-alg', sign: (alg) => importJWK(privateJwk, alg) as Promise<CryptoKey> };
    const withoutAlg = { ...issuer.key.publicJwk, alg: undefined };
    const ec = await generateKeyPair('ES256', { extractable: true });
    issuer.published = [
      issuer.key,
      { ...issuer.key, kid: sameKeyNoAlg.kid, publicJwk: { ...withoutAlg, kid: sameKeyNoAlg.kid } },
      { ...issuer.key, kid: 'ec', publicJwk: { ...(await exportJWK(ec.publicKey)), kid: 'ec' } },
    ];
    ecToken = await new SignJWT({ ...issuer.baseClaims('read:messages'), exp: now() + 600 })
      .setProtectedHeader({ alg: 'ES256', kid: 'ec' })
      .sign(ec.privateKey);
  });

  it('accepts RS256 from a key published without alg (the control case)', async () => {
    const token = await new SignJWT({ ...issuer.baseClaims(), exp: now() + 600 })
      .setProtectedHeader({ alg: 'RS256', kid: sameKeyNoAlg.kid })
      .sign(await sameKeyNoAlg.sign('RS256'));
    assert.equal((await api.get('/api/private', token)).status, 200);
  });

  for (const alg of ['RS384', 'RS512', 'PS256']) {
    it(`refuses ${alg}, even from the issuer's own key`, async () => {
      const token = await new SignJWT({ ...issuer.baseClaims(), exp: now() + 600 })
        .setProtectedHeader({ alg, kid: sameKeyNoAlg.kid })
        .sign(await sameKeyNoAlg.sign(alg));
      assertRefused(await api.get('/api/private', token), /'alg'|algorithm|key/);
    });
  }

  it('refuses ES256 from a published EC key', async () => {
    assertRefused(await api.get('/api/private', ecToken), /'alg'|algorithm|key/);
  });

  it('refuses alg "none" with an empty signature', async () => {
    const payload = { ...issuer.baseClaims('read:messages'), exp: now() + 600 };
    for (const alg of ['none', 'None', 'NONE']) {
      const token = compact({ alg, typ: 'at+jwt', kid: issuer.key.kid }, payload);
      // An empty third segment is not even a b64token: refused before any parsing.
      assertRefused(await api.send('/api/private', { headers: [['authorization', `Bearer ${token}`]] }));
      assertRefused(await api.get('/api/private', `${token}AA`));
    }
  });

  it('refuses HS256 signed with the public key as the HMAC secret', async () => {
    const payload = { ...issuer.baseClaims('read:messages'), exp: now() + 600 };
    const publicKey = createPublicKey({ key: issuer.key.publicJwk, format: 'jwk' });
    const secrets = [
      publicKey.export({ type: 'spki', format: 'pem' }),
      publicKey.export({ type: 'pkcs1', format: 'pem' }),
      JSON.stringify(issuer.key.publicJwk),
    ];
    for (const secret of secrets) {
      for (const alg of ['HS256', 'HS384']) {
        const token = compact({ alg, kid: issuer.key.kid, typ: 'at+jwt' }, payload, hmacWith(secret));
        assertRefused(await api.get('/api/private', token), /'alg'|algorithm|key/);
      }
    }
  });
});

describe('key source', () => {
  it('never follows jku, x5u or an embedded jwk', async () => {
    // The attacker's key has the same kid as the issuer's; only the key source decides.
    const attackerHeaders = [
      { jku: attacker.jwksUri },
      { x5u: attacker.jwksUri },
      { jwk: attacker.key.publicJwk },
      { jku: attacker.jwksUri, jwk: attacker.key.publicJwk, x5u: attacker.jwksUri },
    ];
    for (const header of attackerHeaders) {
      const token = await attacker.token({ scope: 'read:messages', claims: { iss: issuer.issuer }, header });
      assertRefused(await api.get('/api/private-scoped', token), /signature/);
    }
    assert.equal(attacker.jwksRequests, 0);
  });

  it('refuses a kid the issuer does not publish', async () => {
    assertRefused(await api.get('/api/private', await issuer.token({ header: { kid: 'not-published' } })), /key/);
  });
});

describe('the refusal', () => {
  it('never echoes bytes a header cannot carry, nor quotes that would end its challenge', async () => {
    const rest = (await issuer.token()).split('.').slice(1).join('.');
    // A header that is not JSON, and one whose alg (which the library quotes in its reason) holds such bytes.
    for (const json of ['{"alg":"RS256\u0001\\", "kid": "ключ"', '{"alg":"RS256\\u0001ключ\\"","kid":"key-1"}']) {
      const reply = await api.get('/api/private', `${Buffer.from(json).toString('base64url')}.${rest}`);
      assertRefused(reply);
      assert.match(
        String(reply.headers['www-authenticate']),
        new RegExp(`^Bearer realm="api", error="invalid_token", error_description="[^"\\\\]+", ${DPOP_OFFER}$`)
      );
    }
  });
});

describe('issuer', () => {
  const wrongIssuers = (iss: string) => [
    iss.slice(0, -1),
    `${iss}/`,
    iss.replace('localhost', 'LOCALHOST'),
    iss.replace('http:', 'https:'),
    'http://localhost:4000/',
    `${iss}evil/`,
  ];
  it('must be exactly the configured issuer', async () => {
    for (const iss of wrongIssuers(issuer.issuer)) {
      assertRefused(await api.get('/api/private', await issuer.token({ claims: { iss } })), /'iss'/);
    }
    assertRefused(await api.get('/api/private', await issuer.token({ claims: { iss: undefined } })), /'iss'/);
  });
});

describe('audience', () => {
  it('refuses an ID token (aud is the client id)', async () => {
    const idToken = await issuer.token({
      header: { typ: 'JWT' },
      claims: { aud: CLIENT_ID, nonce: 'n-0S6_WzA2Mj', email: 'demo@example.com', azp: undefined },
    });
    assertRefused(await api.get('/api/private', idToken), /'aud'/);
  });

  it('refuses another API audience, or none', async () => {
    for (const aud of [['urn:other:api'], `${issuer.issuer}userinfo`, `${AUDIENCE}/`, undefined]) {
      assertRefused(await api.get('/api/private', await issuer.token({ claims: { aud } })), /'aud'/);
    }
  });

  it('accepts the API identifier alone as a string', async () => {
    assert.equal((await api.get('/api/private', await issuer.token({ claims: { aud: AUDIENCE } }))).status, 200);
  });
});

describe('expiry and not-before', () => {
  it('refuses an expired token', async () => {
    assertRefused(await api.get('/api/private', await issuer.token({ expiresIn: -60 })), /'exp'/);
  });

  it('requires exp, as a number', async () => {
    for (const exp of [undefined, String(now() + 600), null]) {
      assertRefused(await api.get('/api/private', await issuer.token({ claims: { exp } })));
    }
  });

  it('allows the configured leeway on exp, and no more', async () => {
    const justExpired = await issuer.token({ expiresIn: -2 });
    assert.equal((await api.get('/api/private', justExpired)).status, 200);
    assertRefused(await noLeewayApi.get('/api/private', justExpired), /'exp'/);
  });

  it('honours nbf, with the same leeway', async () => {
    assertRefused(await api.get('/api/private', await issuer.token({ claims: { nbf: now() + 60 } })), /'nbf'/);
    const almostValid = await issuer.token({ claims: { nbf: now() + 2 } });
    assert.equal((await api.get('/api/private', almostValid)).status, 200);
    assertRefused(await noLeewayApi.get('/api/private', almostValid), /'nbf'/);
  });
});

describe('typ', () => {
  it('is not required by default, so Auth0 tokens with typ JWT pass', async () => {
    for (const typ of ['JWT', undefined, 'at+jwt']) {
      assert.equal((await api.get('/api/private', await issuer.token({ header: { typ } }))).status, 200);
    }
  });

  it('must be at+jwt when API_REQUIRE_AT_JWT_TYP is on', async () => {
    for (const typ of ['at+jwt', 'application/at+jwt', 'AT+JWT']) {
      assert.equal((await strictTypApi.get('/api/private', await issuer.token({ header: { typ } }))).status, 200);
    }
    for (const typ of ['JWT', 'jwt', undefined]) {
      assertRefused(await strictTypApi.get('/api/private', await issuer.token({ header: { typ } })), /'typ'/);
    }
  });
});

describe('scope claim', () => {
  it('counts whole scopes of a space-separated string (or an array), nothing else', async () => {
    for (const scope of [{ 'read:messages': true }, 'read:messages,write:messages', 'read:messages-archive']) {
      const reply = await api.get('/api/private-scoped', await issuer.token({ claims: { scope } }));
      assert.equal(reply.status, 403);
    }
  });
});
