/**
 * The issuer's keys: cached, re-fetched for an unknown kid at a limited rate, rotated without a restart, and
 * survived when the JWKS endpoint fails, hangs or was never reachable.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApiUnderTest, type ConfigOverrides } from './support/api-under-test';
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

describe('the key set', () => {
  it('is fetched once and reused, also by concurrent first requests', async () => {
    const { issuer, api } = await setUp();
    const tokens = await Promise.all(Array.from({ length: 20 }, (_, i) => issuer.token({ claims: { jti: `t${i}` } })));
    assert.deepEqual(await statusesFor(api, tokens), Array(20).fill(200));
    assert.deepEqual(await statusesFor(api, tokens), Array(20).fill(200));
    assert.equal(issuer.jwksRequests, 1);
  });

  it('is re-fetched once for a flood of unknown kids, then not again within the cooldown', async () => {
    const { issuer, api } = await setUp({ jwks: { cooldownMs: 1_000 } });
    const forged = () =>
      Promise.all(Array.from({ length: 100 }, () => issuer.token({ header: { kid: randomUUID() } })));
    const [first, second] = await Promise.all([forged(), forged()]);
    assert.equal((await api.get('/api/private', await issuer.token())).status, 200);
    await sleep(1_050);
    assert.deepEqual(await statusesFor(api, first), Array(100).fill(401));
    assert.equal(issuer.jwksRequests, 2);
    assert.deepEqual(await statusesFor(api, second), Array(100).fill(401));
    assert.equal(issuer.jwksRequests, 2);
  });

  it('does not flood a failing issuer either', async () => {
    const { issuer, api } = await setUp({ jwks: { cooldownMs: 1_000 } });
    const forged = await Promise.all(
      Array.from({ length: 100 }, () => issuer.token({ header: { kid: randomUUID() } }))
    );
    assert.equal((await api.get('/api/private', await issuer.token())).status, 200);
    issuer.mode = 'failing';
    await sleep(1_050);
    assert.deepEqual(await statusesFor(api, forged), Array(100).fill(401));
    assert.deepEqual(await statusesFor(api, forged), Array(100).fill(401));
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

describe('when the JWKS endpoint is down', () => {
  it('tokens signed with a cached key still verify, even once the set is stale; others get 401', async () => {
    const { issuer, api } = await setUp({ jwks: { maxAgeMs: 200, cooldownMs: 100 } });
    assert.equal((await api.get('/api/private', await issuer.token())).status, 200);
    issuer.mode = 'failing';
    await sleep(300);
    assert.equal((await api.get('/api/private', await issuer.token())).status, 200);
    await sleep(150);
    assert.equal((await api.get('/api/private', await issuer.token({ claims: { jti: 'fresh' } }))).status, 200);
    const unknown = await api.get('/api/private', await issuer.token({ key: await makeKey('key-9') }));
    assert.equal(unknown.status, 401);
    assert.ok(issuer.jwksRequests >= 2, 'the stale set was refreshed (and failed)');
    assert.ok(api.logs.length > 0);
    for (const line of api.logs)
      assert.match(
        line,
        /^api: could not fetch signing keys from http:\/\/localhost:\d+\/\.well-known\/jwks\.json: status 503$/
      );
  });

  it('a hanging endpoint costs at most the timeout, then 401', async () => {
    const { issuer, api } = await setUp({ jwks: { timeoutMs: 300, cooldownMs: 100 } });
    issuer.mode = 'hanging';
    const started = Date.now();
    const reply = await api.get('/api/private', await issuer.token());
    assert.equal(reply.status, 401);
    assert.match(String(reply.json().error_description), /unavailable/);
    assert.ok(Date.now() - started < 2_000);
    assert.match(api.logs[0] as string, /no answer in time$/);
  });

  it('an API that started without keys recovers when the issuer comes back', async () => {
    const { issuer, api } = await setUp({ jwks: { cooldownMs: 200 } });
    issuer.mode = 'failing';
    const token = await issuer.token();
    assert.equal((await api.get('/api/private', token)).status, 401);
    assert.equal((await api.get('/api/private', token)).status, 401);
    assert.equal(issuer.jwksRequests, 1, 'the second request waited for the cooldown');
    issuer.mode = 'up';
    await sleep(250);
    assert.equal((await api.get('/api/private', token)).status, 200);
  });
});
