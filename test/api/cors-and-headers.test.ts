/**
 * CORS for the SPA's origin only, and the security headers every answer carries, refusals included.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApiUnderTest, type Reply } from './support/api-under-test';
import { APP_ORIGIN, TestIssuer } from './support/test-issuer';

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

function preflight(origin: string, headers = 'authorization'): Promise<Reply> {
  return api.send('/api/private', {
    method: 'OPTIONS',
    headers: [
      ['origin', origin],
      ['access-control-request-method', 'GET'],
      ['access-control-request-headers', headers],
    ],
  });
}

describe('CORS', () => {
  it('lets the SPA origin send GET with an Authorization header, and a DPoP proof (preflight)', async () => {
    for (const headers of ['authorization', 'authorization,dpop']) {
      const reply = await preflight(APP_ORIGIN, headers);
      assert.equal(reply.status, 204);
      assert.equal(reply.headers['access-control-allow-origin'], APP_ORIGIN);
      assert.equal(reply.headers['access-control-allow-methods'], 'GET');
      assert.deepEqual(String(reply.headers['access-control-allow-headers']).toLowerCase().split(','), [
        'authorization',
        'dpop',
      ]);
      assert.equal(reply.headers['access-control-allow-credentials'], undefined);
    }
  });

  for (const origin of ['http://localhost:3002', 'http://localhost', 'https://localhost:3000', 'http://evil.example']) {
    it(`gives ${origin} no CORS permission`, async () => {
      const pre = await preflight(origin);
      assert.equal(pre.headers['access-control-allow-origin'], undefined);
      const token = await issuer.token({ scope: 'read:messages' });
      const get = await api.send('/api/private-scoped', {
        headers: [
          ['origin', origin],
          ['authorization', `Bearer ${token}`],
        ],
      });
      assert.equal(get.headers['access-control-allow-origin'], undefined);
    });
  }

  it("lets the SPA read a refusal, its challenge and an outage's Retry-After", async () => {
    const reply = await api.send('/api/private', { headers: [['origin', APP_ORIGIN]] });
    assert.equal(reply.status, 401);
    assert.equal(reply.headers['access-control-allow-origin'], APP_ORIGIN);
    assert.equal(reply.headers['access-control-expose-headers'], 'WWW-Authenticate,Retry-After');
    assert.match(String(reply.headers.vary), /Origin/);
  });
});

describe('security headers', () => {
  const answers: [string, () => Promise<Reply>, number][] = [
    ['a 200', () => api.get('/api/public'), 200],
    ['a 401', () => api.get('/api/private'), 401],
    ['a 403', async () => api.get('/api/private-scoped', await issuer.token()), 403],
    ['a 400', () => api.get('/api/private?access_token=abc'), 400],
    ['a 404', () => api.get('/nowhere'), 404],
    ['a 405', () => api.send('/api/public', { method: 'DELETE' }), 405],
  ];
  for (const [label, call, status] of answers) {
    it(`are on ${label}, with a JSON body`, async () => {
      const reply = await call();
      assert.equal(reply.status, status);
      assert.equal(reply.headers['x-content-type-options'], 'nosniff');
      assert.equal(reply.headers['x-frame-options'], 'DENY');
      assert.equal(reply.headers['content-security-policy'], "default-src 'none';frame-ancestors 'none'");
      assert.equal(reply.headers['referrer-policy'], 'no-referrer');
      assert.equal(reply.headers['cache-control'], 'no-store');
      assert.equal(reply.headers['x-powered-by'], undefined);
      assert.match(String(reply.headers['content-type']), /^application\/json/);
      assert.equal(typeof reply.json(), 'object');
    });
  }
});

describe('GET /healthz', () => {
  it('answers 200 without a token and without calling the issuer', async () => {
    const before = issuer.jwksRequests;
    const reply = await api.get('/healthz');
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.json(), { status: 'ok' });
    assert.equal(issuer.jwksRequests, before);
  });
});
