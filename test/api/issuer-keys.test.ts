/**
 * The issuer's keys as the API uses them (express-oauth2-jwt-bearer fetches and caches them; src/api/auth/
 * issuer-outage.ts tells an outage from a bad token): cached, re-fetched for an unknown kid at a limited rate,
 * rotated without a restart, refreshed past their max age, and an issuer that fails, hangs or was never reachable
 * gets its tokens a 503 with Retry-After, never a 401, while tokens whose key is cached keep passing.
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
function assertNotJudged(reply: Reply, retryAfter = /^[1-9]\d*$/): void {
  assert.equal(reply.status, 503, reply.body);
  assert.match(String(reply.headers['retry-after']), retryAfter);
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
    const { issuer, api } = await setUp({ keySet: { cooldownMs: 3_000 } });
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
});

describe('key rotation', () => {
  it('is picked up without a restart, and a retired key stops working', async () => {
    const { issuer, api } = await setUp({ keySet: { cooldownMs: 200 } });
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
    assert.equal(refused.json().error, 'invalid_token');
    assert.equal((await api.get('/api/private', await issuer.token({ key: next }))).status, 200);
  });

  it('past its max age the set is fetched again, so a key the issuer withdrew stops working', async () => {
    // Long enough for the second request to come before the max age on a busy machine.
    const { issuer, api } = await setUp({ keySet: { maxAgeMs: 2_000, cooldownMs: 100 } });
    const token = await issuer.token();
    assert.equal((await api.get('/api/private', token)).status, 200);
    issuer.published = [await makeKey('key-2')];
    assert.equal((await api.get('/api/private', token)).status, 200, 'the set is not stale yet');
    await sleep(2_050);
    assert.equal((await api.get('/api/private', token)).status, 401);
  });
});

describe('when the issuer is down', () => {
  it('tokens signed with a cached key still pass; past the max age, or for an unknown kid, 503', async () => {
    const { issuer, api } = await setUp({ keySet: { maxAgeMs: 1_500, cooldownMs: 100 } });
    assert.equal((await api.get('/api/private', await issuer.token())).status, 200);
    issuer.mode = 'failing';
    await sleep(150);
    assert.equal((await api.get('/api/private', await issuer.token({ claims: { jti: 'fresh' } }))).status, 200);
    // The issuer might have rotated that key in: with the issuer out of reach, the API cannot tell.
    assertNotJudged(await api.get('/api/private', await issuer.token({ key: await makeKey('key-9') })));
    await sleep(1_400);
    assertNotJudged(await api.get('/api/private', await issuer.token()));
    assert.deepEqual(api.logs, [
      `api: the issuer cannot be reached (${issuer.jwksUri} answered HTTP 503): tokens get 503 meanwhile`,
    ]);
  });

  it('a bad token whose key is cached is still a 401', async () => {
    const { issuer, api } = await setUp();
    assert.equal((await api.get('/api/private', await issuer.token())).status, 200);
    issuer.mode = 'failing';
    assert.equal((await api.get('/api/private', await issuer.token({ expiresIn: -60 }))).status, 401);
  });

  it('a hanging issuer costs at most the fetch timeout, then 503', async () => {
    const { issuer, api } = await setUp({ keySet: { timeoutMs: 300 } });
    issuer.mode = 'hanging';
    const started = Date.now();
    assertNotJudged(await api.get('/api/private', await issuer.token()));
    assert.ok(Date.now() - started < 2_000);
    assert.match(api.logs[0] as string, /^api: the issuer cannot be reached \(.* did not answer in time\)/);
  });

  it('an API that started without keys answers 503, and recovers by itself when the issuer comes back', async () => {
    const { issuer, api } = await setUp({ keySet: { cooldownMs: 2_000 } });
    issuer.mode = 'failing';
    const token = await issuer.token();
    assertNotJudged(await api.get('/api/private', token), /^2$/);
    assert.equal((await api.get('/api/public')).status, 200, 'what needs no token still answers');
    issuer.mode = 'up';
    assert.equal((await api.get('/api/private', token)).status, 200);
    assert.equal(api.logs.at(-1), 'api: the issuer answers again');
  });

  it('a token the set does not list is not judged while the issuer is unreachable, then judged once it is back', async () => {
    const { issuer, api } = await setUp({ keySet: { cooldownMs: 200 } });
    assert.equal((await api.get('/api/private', await issuer.token())).status, 200);
    const rotatedIn = await makeKey('key-2');
    issuer.published = [issuer.key, rotatedIn];
    issuer.mode = 'failing';
    await sleep(250);
    const token = await issuer.token({ key: rotatedIn });
    assertNotJudged(await api.get('/api/private', token));
    issuer.mode = 'up';
    await sleep(250);
    assert.equal((await api.get('/api/private', token)).status, 200);
    const forged = await api.get('/api/private', await issuer.token({ key: await makeKey('key-9') }));
    assert.equal(forged.status, 401, 'with the issuer reachable, a kid it does not publish is a bad token');
  });

  it('an issuer that refuses connections is an outage too', async () => {
    const { issuer } = await setUp();
    const token = await issuer.token();
    await issuer.close();
    const api = await ApiUnderTest.start(issuer.issuer);
    opened.push(api);
    assertNotJudged(await api.get('/api/private', token));
    assert.match(api.logs[0] as string, /ECONNREFUSED/);
  });
});
