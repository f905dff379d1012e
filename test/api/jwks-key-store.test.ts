/**
 * The issuer's keys: cached, re-fetched for an unknown kid at a limited rate, rotated without a restart, refreshed
 * once past their max age (for remembered tokens too), and survived when the JWKS endpoint fails, hangs or was never
 * reachable: a token the API cannot judge then gets 503 with Retry-After, never 401.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApiUnderTest, type ConfigOverrides, type Reply } from './support/api-under-test';
import { makeKey, TestIssuer } from './support/test-issuer';

const opened: { close(): Promise<void> }[] = [];

async function setUp(overrides: ConfigOverrides = {}): Promise<{ issuer: TestIssuer; api: ApiUnderTest }> {
  const issuer = await TestIssuer.start();
  const api = await ApiUnderTest.start(issuer.issuer, overrides);
  opened.push(api, issuer);
  return { issuer, api };
}

afterEach(async () => {
  for (const item of opened.splice(0)) await item.close();
});

async function statusesFor(api: ApiUnderTest, tokens: string[]): Promise<number[]> {
  return Promise.all(tokens.map(async (token) => (await api.get('/api/private', token)).status));
}

/** What the API answers when it could not judge the token: 503, Retry-After, and no invitation to log in again. */
function assertNotJudged(reply: Reply): void {
  assert.equal(reply.status, 503, reply.body);
  assert.match(String(reply.headers['retry-after']), /^[1-9]\d*$/);
  assert.equal(reply.headers['www-authenticate'], undefined);
  assert.equal(reply.json().error, 'temporarily_unavailable');
  assert.match(String(reply.json().error_description), /cannot check access tokens right now/);
}

describe('the key set', () => {
  it('is fetched once and reused, also by concurrent first requests', async () => {
    const { issuer, api } = await setUp();
    const tokens = await Promise.all(Array.from({ length: 20 }, (_, i) => issuer.token({ claims: { jti: `t${i}` } })));
    assert.deepEqual(await statusesFor(api, tokens), Array(20).fill(200));
    assert.deepEqual(await statusesFor(api, tokens), Array(20).fill(200));
    assert.equal(issuer.jwksRequests, 1);
  });

  it('is re-fetched once for a flood of unknown kids, then not again within the cooldown', async () => {
    const { issuer, api } = await setUp({ jwks: { cooldownMs: 3_000 } });
    const forged = () =>
      Promise.all(Array.from({ length: 100 }, () => issuer.token({ header: { kid: randomUUID() } })));
    const [first, second] = await Promise.all([forged(), forged()]);
    assert.equal((await api.get('/api/private', await issuer.token())).status, 200);
    await sleep(3_050);
    assert.deepEqual(await statusesFor(api, first), Array(100).fill(401));
    assert.equal(issuer.jwksRequests, 2);
    assert.deepEqual(await statusesFor(api, second), Array(100).fill(401));
    assert.equal(issuer.jwksRequests, 2);
  });

  it('does not flood a failing issuer either (unknown kids then cannot be judged: 503)', async () => {
    const { issuer, api } = await setUp({ jwks: { cooldownMs: 2_000 } });
    const forged = await Promise.all(
      Array.from({ length: 100 }, () => issuer.token({ header: { kid: randomUUID() } }))
    );
    assert.equal((await api.get('/api/private', await issuer.token())).status, 200);
    issuer.mode = 'failing';
    await sleep(2_050);
    assert.deepEqual(await statusesFor(api, forged), Array(100).fill(503));
    assert.deepEqual(await statusesFor(api, forged), Array(100).fill(503));
    assert.equal(issuer.jwksRequests, 2);
  });
});

describe('key rotation', () => {
  it('is picked up without a restart, and a retired key stops working, cached verifications included', async () => {
    const { issuer, api } = await setUp({ jwks: { cooldownMs: 200 } });
    const oldToken = await issuer.token();
    assert.equal((await api.get('/api/private', oldToken)).status, 200);

    const next = await makeKey('key-2');
    issuer.published = [issuer.key, next];
    await sleep(250);
    assert.equal((await api.get('/api/private', await issuer.token({ key: next }))).status, 200);
    assert.equal((await api.get('/api/private', oldToken)).status, 200, 'both keys are published during the overlap');

    issuer.published = [next];
    const newest = await makeKey('key-3');
    await sleep(250);
    // A token signed by a key the API has not seen makes it fetch the set, which no longer lists key-1.
    assert.equal((await api.get('/api/private', await issuer.token({ key: newest }))).status, 401);
    const refused = await api.get('/api/private', oldToken);
    assert.equal(refused.status, 401);
    assert.match(String(refused.json().error_description), /key/);
    assert.equal((await api.get('/api/private', await issuer.token({ key: next }))).status, 200);
  });
});

describe('past its max age', () => {
  it('a remembered token whose key the issuer withdrew is refused, as a fresh verification would be', async () => {
    const { issuer, api } = await setUp({ jwks: { maxAgeMs: 300, cooldownMs: 100 } });
    const replacement = await makeKey('key-2');
    const token = await issuer.token();
    assert.equal((await api.get('/api/private', token)).status, 200);
    assert.equal((await api.get('/api/private', token)).status, 200, 'remembered');
    issuer.published = [replacement];
    assert.equal((await api.get('/api/private', token)).status, 200, 'the set is not stale yet');
    await sleep(350);
    const refused = await api.get('/api/private', token);
    assert.equal(refused.status, 401);
    assert.match(String(refused.json().error_description), /not signed with a key the issuer publishes/);
    assert.equal(issuer.jwksRequests, 2, 'one refresh, on the first request past the max age');
  });

  it('a remembered token whose key is still published stays accepted, after one refresh', async () => {
    const { issuer, api } = await setUp({ jwks: { maxAgeMs: 300, cooldownMs: 100 } });
    const token = await issuer.token();
    assert.equal((await api.get('/api/private', token)).status, 200);
    await sleep(350);
    assert.deepEqual(await statusesFor(api, [token, token, token]), [200, 200, 200]);
    assert.equal(issuer.jwksRequests, 2);
  });
});

describe('when the JWKS endpoint is down', () => {
  it('tokens signed with a cached key still verify, even once the set is stale; an unknown kid gets 503', async () => {
    const { issuer, api } = await setUp({ jwks: { maxAgeMs: 200, cooldownMs: 100 } });
    assert.equal((await api.get('/api/private', await issuer.token())).status, 200);
    issuer.mode = 'failing';
    await sleep(300);
    assert.equal((await api.get('/api/private', await issuer.token())).status, 200);
    await sleep(150);
    assert.equal((await api.get('/api/private', await issuer.token({ claims: { jti: 'fresh' } }))).status, 200);
    // The issuer might have rotated that key in: with the issuer out of reach, the API cannot tell.
    assertNotJudged(await api.get('/api/private', await issuer.token({ key: await makeKey('key-9') })));
    assert.ok(issuer.jwksRequests >= 2, 'the stale set was refreshed (and failed)');
    assert.ok(api.logs.length > 0);
    for (const line of api.logs)
      assert.match(
        line,
        /^api: could not fetch signing keys: http:\/\/localhost:\d+\/\.well-known\/jwks\.json answered HTTP 503$/
      );
  });

  it('a hanging endpoint costs at most the timeout, then 503', async () => {
    const { issuer, api } = await setUp({ jwks: { timeoutMs: 300, cooldownMs: 100 } });
    issuer.mode = 'hanging';
    const started = Date.now();
    assertNotJudged(await api.get('/api/private', await issuer.token()));
    assert.ok(Date.now() - started < 2_000);
    assert.match(
      api.logs[0] as string,
      /^api: could not fetch signing keys: no answer from localhost:\d+ within 0\.3 s \(timeout\)$/
    );
  });

  it('an API that started without keys answers 503, and recovers by itself when the issuer comes back', async () => {
    const { issuer, api } = await setUp({ jwks: { cooldownMs: 2_000 } });
    issuer.mode = 'failing';
    const token = await issuer.token();
    const first = await api.get('/api/private', token);
    assertNotJudged(first);
    assert.equal(first.headers['retry-after'], '2', 'Retry-After is when the API will ask the issuer again');
    assertNotJudged(await api.get('/api/private', token));
    assert.equal(issuer.jwksRequests, 1, 'the second request waited for the cooldown');
    assert.equal((await api.get('/api/public')).status, 200, 'what needs no token still answers');
    issuer.mode = 'up';
    await sleep(2_050);
    assert.equal((await api.get('/api/private', token)).status, 200);
  });

  it('a token the set does not list, while the issuer is unreachable, is not judged (503), then judged once it is back', async () => {
    const { issuer, api } = await setUp({ jwks: { cooldownMs: 200 } });
    assert.equal((await api.get('/api/private', await issuer.token())).status, 200);
    const rotatedIn = await makeKey('key-2');
    issuer.published = [issuer.key, rotatedIn];
    issuer.mode = 'failing';
    await sleep(250);
    const token = await issuer.token({ key: rotatedIn });
    assertNotJudged(await api.get('/api/private', token));
    assertNotJudged(await api.get('/api/private', token));
    issuer.mode = 'up';
    await sleep(250);
    assert.equal((await api.get('/api/private', token)).status, 200);
    const forged = await api.get('/api/private', await issuer.token({ key: await makeKey('key-9') }));
    assert.equal(forged.status, 401, 'with the issuer reachable, a kid it does not publish is a bad token');
  });
});
