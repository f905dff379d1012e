/**
 * The quickstart acceptance matrix (security-checklist.md), against the real app over HTTP.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApiUnderTest, DPOP_OFFER } from './support/api-under-test';
import { TestIssuer } from './support/test-issuer';

const PUBLIC_MESSAGE = 'This is the public endpoint: anyone can call it, no token needed.';
const PRIVATE_MESSAGE = 'This is the private endpoint: your access token was accepted.';
const SCOPED_MESSAGE = 'This is the scoped endpoint: your access token carries the read:messages scope.';

let issuer: TestIssuer;
let api: ApiUnderTest;

before(async () => {
  issuer = await TestIssuer.start();
  api = await ApiUnderTest.start(issuer.issuer);
});

after(async () => {
  await api.close();
  await issuer.close();
});

/** Changes one character in the middle of the signature, so the bytes really differ. */
function tamperSignature(token: string): string {
  const at = token.lastIndexOf('.') + 100;
  const replacement = token[at] === 'A' ? 'B' : 'A';
  return token.slice(0, at) + replacement + token.slice(at + 1);
}

describe('GET /api/public', () => {
  it('answers 200 with its message and no token', async () => {
    const reply = await api.get('/api/public');
    assert.equal(reply.status, 200);
    assert.match(String(reply.headers['content-type']), /^application\/json/);
    assert.deepEqual(reply.json(), { message: PUBLIC_MESSAGE });
  });
});

for (const path of ['/api/private', '/api/private-scoped']) {
  describe(`GET ${path} refuses with 401`, () => {
    const withoutCredentials: [string, [string, string][]][] = [
      ['no Authorization header', []],
      ['"Bearer " with an empty token', [['authorization', 'Bearer ']]],
      ['a blank Authorization header', [['authorization', '']]],
      ['"Bearer invalidToken abc", which is not one token', [['authorization', 'Bearer invalidToken abc']]],
    ];
    for (const [label, headers] of withoutCredentials) {
      it(`${label}, with a bare Bearer challenge (and DPoP's)`, async () => {
        const reply = await api.send(path, { headers });
        assert.equal(reply.status, 401);
        assert.match(String(reply.headers['www-authenticate']), new RegExp(`^Bearer realm="api", ${DPOP_OFFER}$`));
        assert.equal(reply.json().error, 'unauthorized');
        assert.equal(typeof reply.json().error_description, 'string');
      });
    }

    const badTokens: [string, () => Promise<string>, RegExp][] = [
      ['Bearer invalidToken', async () => 'invalidToken', /formatting/],
      ['a valid token with a tampered signature', async () => tamperSignature(await issuer.token()), /signature/],
    ];
    for (const [label, makeToken, reason] of badTokens) {
      it(`${label}, with an invalid_token challenge`, async () => {
        const reply = await api.get(path, await makeToken());
        assert.equal(reply.status, 401);
        assert.match(
          String(reply.headers['www-authenticate']),
          new RegExp(`^Bearer realm="api", error="invalid_token", error_description="[^"]+", ${DPOP_OFFER}$`)
        );
        assert.equal(reply.json().error, 'invalid_token');
        assert.match(String(reply.json().error_description), reason);
        assert.equal(reply.json().message, undefined);
      });
    }
  });
}

describe('a valid access token', () => {
  it('without scopes opens /api/private', async () => {
    const reply = await api.get('/api/private', await issuer.token());
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.json(), { message: PRIVATE_MESSAGE });
  });

  it('without scopes gets 403 insufficient_scope from /api/private-scoped', async () => {
    const reply = await api.get('/api/private-scoped', await issuer.token());
    assert.equal(reply.status, 403);
    assert.match(
      String(reply.headers['www-authenticate']),
      /^Bearer realm="api", error="insufficient_scope", error_description="[^"]+", scope="read:messages"$/
    );
    assert.equal(reply.json().error, 'insufficient_scope');
  });

  it('with only write:messages gets 403 from /api/private-scoped', async () => {
    const token = await issuer.token({ scope: 'write:messages' });
    const reply = await api.get('/api/private-scoped', token);
    assert.equal(reply.status, 403);
    assert.equal(reply.json().error, 'insufficient_scope');
    assert.equal((await api.get('/api/private', token)).status, 200);
  });

  it('with read:messages alone opens /api/private-scoped', async () => {
    const reply = await api.get('/api/private-scoped', await issuer.token({ scope: 'read:messages' }));
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.json(), { message: SCOPED_MESSAGE });
  });

  it('with read:messages among other scopes opens /api/private-scoped', async () => {
    const token = await issuer.token({ scope: 'openid profile read:messages write:messages' });
    const reply = await api.get('/api/private-scoped', token);
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.json(), { message: SCOPED_MESSAGE });
  });

  it('with a scope that merely contains read:messages as a substring gets 403', async () => {
    const token = await issuer.token({ scope: 'read:messages-archive xread:messages' });
    assert.equal((await api.get('/api/private-scoped', token)).status, 403);
  });
});
