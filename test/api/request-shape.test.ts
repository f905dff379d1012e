/**
 * Where a token may come from and how a request must look (RFC 6750 section 2, RFC 9700 4.3.2), and that nothing a
 * client sends produces a stack trace, an internal message or a crash.
 */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { errors } from 'jose';
import { ApiUnderTest, type Reply } from './support/api-under-test';
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

  it('carrying a list of credentials is a 400 invalid_request', async () => {
    assertInvalidRequest(await api.send('/api/private', { headers: [['authorization', `Bearer ${token}, Bearer x`]] }));
  });

  it('with another scheme is treated as no bearer token: 401 without an error code', async () => {
    for (const value of ['Basic ZGVtbzpkZW1v', `Token ${token}`, `MAC ${token}`, token, `Bearer${token}`]) {
      const reply = await api.send('/api/private', { headers: [['authorization', value]] });
      assert.equal(reply.status, 401);
      assert.equal(reply.headers['www-authenticate'], 'Bearer realm="api"');
    }
  });

  it('refuses a token longer than the limit before parsing it', async () => {
    const reply = await api.get('/api/private', 'a'.repeat(api.config.maxTokenLength + 1));
    assert.equal(reply.status, 401);
    assert.match(String(reply.json().error_description), /too long/);
  });

  it('refuses a token with a non-canonical signature encoding', async () => {
    // The last character of a 256-byte signature carries 2 bits; changing the other 4 keeps the same bytes.
    const last = token.at(-1) as string;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const sameBits = alphabet[(alphabet.indexOf(last) & 0b110000) | 0b0001] as string;
    const twin = token.slice(0, -1) + sameBits;
    assert.notEqual(twin, token);
    assert.deepEqual(
      Buffer.from(twin.split('.')[2] as string, 'base64url'),
      Buffer.from(token.split('.')[2] as string, 'base64url')
    );
    assert.equal((await api.get('/api/private', twin)).status, 401);
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

  it('in a form body of a GET: 400', async () => {
    const reply = await api.send('/api/private', {
      headers: [['content-type', 'application/x-www-form-urlencoded']],
      body: `access_token=${token}`,
    });
    assertInvalidRequest(reply);
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

  it('an unexpected failure is a generic 500, logged on one line, and its message never leaves', async () => {
    const secret = 'connection string postgres://admin:hunter2@db';
    const broken = await ApiUnderTest.start(
      issuer.issuer,
      {},
      {
        keys: {
          getKey: () => {
            throw new TypeError(secret);
          },
          stillPublishes: async () => false,
          refresh: async () => undefined,
        },
      }
    );
    try {
      const reply = await broken.get('/api/private', token);
      assert.equal(reply.status, 500);
      assert.deepEqual(reply.json(), { error: 'server_error', error_description: 'Something went wrong on our side.' });
      assert.doesNotMatch(reply.body, /hunter2|TypeError|at /);
      assert.equal(broken.logs.length, 1);
      assert.match(
        broken.logs[0] as string,
        /^api: unexpected error on GET \/api\/private: TypeError: connection string/
      );
    } finally {
      await broken.close();
    }
  });

  it('a key store failing with a jose error is a bad token (401), not a server error', async () => {
    const failing = await ApiUnderTest.start(
      issuer.issuer,
      {},
      {
        keys: {
          getKey: () => {
            throw new errors.JWKSTimeout();
          },
          stillPublishes: async () => false,
          refresh: async () => undefined,
        },
      }
    );
    try {
      assert.equal((await failing.get('/api/private', token)).status, 401);
    } finally {
      await failing.close();
    }
  });
});
