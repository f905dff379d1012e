/**
 * Where a token may come from and how a request must look (RFC 6750 section 2, RFC 9700 4.3.2), and that nothing a
 * client sends produces a stack trace, an internal message or a crash.
 */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { ApiUnderTest, DPOP_OFFER, type Reply } from './support/api-under-test';
import { TestIssuer } from './support/test-issuer';

let issuer: TestIssuer;
let api: ApiUnderTest;
let token: string;

before(async () => {
  issuer = await TestIssuer.start();
  api = await ApiUnderTest.start(issuer.issuer);
  token = await issuer.token({ scope: 'read:messages' });
});

after(async () => {
  await api.close();
  await issuer.close();
});

function assertInvalidRequest(reply: Reply): void {
  assert.equal(reply.status, 400, reply.body);
  assert.match(String(reply.headers['www-authenticate']), /^Bearer realm="api", error="invalid_request"/);
  assert.equal(reply.json().error, 'invalid_request');
}

describe('the Authorization header', () => {
  it('accepts the scheme name in any case', async () => {
    for (const scheme of ['bearer', 'BEARER', 'Bearer']) {
      const reply = await api.send('/api/private-scoped', { headers: [['authorization', `${scheme} ${token}`]] });
      assert.equal(reply.status, 200);
    }
  });

  it('twice is a 400 invalid_request, even when both carry valid tokens', async () => {
    const reply = await api.send('/api/private', {
      headers: [
        ['authorization', `Bearer ${token}`],
        ['authorization', `Bearer ${token}`],
      ],
    });
    assertInvalidRequest(reply);
  });

  it('with another scheme, no token or several words is treated as no bearer token: 401 without an error code', async () => {
    for (const value of [
      'Basic ZGVtbzpkZW1v',
      `Token ${token}`,
      `MAC ${token}`,
      token,
      `Bearer${token}`,
      'Bearer',
      `Bearer ${token}, Bearer x`,
    ]) {
      const reply = await api.send('/api/private', { headers: [['authorization', value]] });
      assert.equal(reply.status, 401, value);
      assert.match(String(reply.headers['www-authenticate']), new RegExp(`^Bearer realm="api", ${DPOP_OFFER}$`));
      assert.equal(reply.json().error, 'unauthorized');
    }
  });

  it('refuses an oversized token with a JSON 401', async () => {
    const reply = await api.get('/api/private', `${token}${'a'.repeat(10_000)}`);
    assert.equal(reply.status, 401);
    assert.equal(reply.json().error, 'invalid_token');
  });

  it('oversized headers get a JSON 431, and the server keeps serving', async () => {
    const reply = await api.send('/api/private', { headers: [['authorization', `Bearer ${'a'.repeat(20_000)}`]] });
    assert.equal(reply.status, 431);
    assert.equal(reply.json().error, 'invalid_request');
    assert.equal((await api.get('/api/public')).status, 200);
  });
});

describe('tokens elsewhere than the header', () => {
  it('in the query string: 400, with or without a header', async () => {
    assertInvalidRequest(await api.get(`/api/private?access_token=${token}`));
    assertInvalidRequest(await api.get(`/api/private-scoped?access_token=${token}`, token));
  });

  it('in a form body of a POST: 405, GET only', async () => {
    const reply = await api.send('/api/private', {
      method: 'POST',
      headers: [['content-type', 'application/x-www-form-urlencoded']],
      body: `access_token=${token}`,
    });
    assert.equal(reply.status, 405);
    assert.equal(reply.headers.allow, 'GET, HEAD, OPTIONS');
  });
});

describe('other answers', () => {
  it('unknown routes get a JSON 404', async () => {
    const reply = await api.get('/api/secret');
    assert.equal(reply.status, 404);
    assert.deepEqual(reply.json(), { error: 'not_found', error_description: 'There is no such endpoint.' });
  });

  it('a request Node cannot parse gets a JSON 400, not a dropped connection', async () => {
    const url = new URL(api.baseUrl);
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(url.port), url.hostname, () =>
        socket.write('GET /api/public HTTP/1.1\r\nHost\r\n\r\n')
      );
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString()));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    assert.match(raw, /^HTTP\/1\.1 400 /);
    assert.match(raw, /\{"error":"invalid_request"/);
  });
});
